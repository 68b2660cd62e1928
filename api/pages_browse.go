package api

import (
	"context"
	"html"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// record is an offer or a need as the pages show it.
type record struct {
	Kind      string
	ID, OrgID uint64
	data.Listing
	TRL       int
	MinTRL    int
	IPR       string
	Preferred []string
	Budget    *data.Budget
	Deadline  *time.Time
	Created   time.Time
	Updated   time.Time
}

func offerRecord(o data.Offer) record {
	return record{Kind: data.KindOffer, ID: o.ID, OrgID: o.OrgID, Listing: o.Listing, TRL: o.TRL, IPR: o.IPR, Created: o.CreatedAt, Updated: o.UpdatedAt}
}

func needRecord(n data.Need) record {
	return record{Kind: data.KindNeed, ID: n.ID, OrgID: n.OrgID, Listing: n.Listing, MinTRL: n.MinTRL, Preferred: n.PreferredCountries,
		Budget: n.Budget, Deadline: n.Deadline, Created: n.CreatedAt, Updated: n.UpdatedAt}
}

// URL is the record's page.
func (r record) URL() string { return kindPath(r.Kind) + "/" + strconv.FormatUint(r.ID, 10) }

// Live reports whether the record is published and unexpired now.
func (r record) IsLive() bool { return r.Listing.Live(time.Now()) }

func kindPath(kind string) string {
	if kind == data.KindNeed {
		return "/needs"
	}
	return "/offers"
}

// readRecord reads an offer or a need from the store.
func (s *Server) readRecord(kind string, id uint64) (record, error) {
	if kind == data.KindNeed {
		n, err := s.store.Need(id)
		return needRecord(n), err
	}
	o, err := s.store.Offer(id)
	return offerRecord(o), err
}

// mayView reports whether the page's visitor may see a record: live ones
// everyone, the others only their owner and the organizer.
func mayView(w *webCtx, r record) bool {
	if r.IsLive() {
		return true
	}
	return w.user != nil && (w.user.Admin || w.user.OrgID == r.OrgID)
}

type homeView struct {
	Stats  bolt.Stats
	Offers []searchRow
	Needs  []searchRow
}

func (s *Server) homePage(c *fiber.Ctx, w *webCtx) error {
	st, err := s.store.Stats()
	if err != nil {
		return err
	}
	v := homeView{Stats: st}
	if v.Offers, err = s.latest(c.UserContext(), data.KindOffer, 4); err != nil {
		return err
	}
	if v.Needs, err = s.latest(c.UserContext(), data.KindNeed, 4); err != nil {
		return err
	}
	return s.render(c, w, 200, "home", tr(w.lang, "home.title"), "home", v)
}

// latest returns the newest live records of a kind.
func (s *Server) latest(ctx context.Context, kind string, n int) ([]searchRow, error) {
	res, err := s.index.Search(ctx, search.Query{Kind: kind, Sort: "newest", Limit: n})
	if err != nil {
		return nil, err
	}
	return s.searchRows(kind, res.Hits)
}

// searchRow is one result in a list of records.
type searchRow struct {
	record
	OrgName string
	Country string
	// TitleHTML and Snippet hold the highlighted text: only the <mark>
	// tags the index put around matched words, everything else escaped.
	TitleHTML template.HTML
	Snippet   template.HTML
}

func (s *Server) searchRows(kind string, hits []search.Hit) ([]searchRow, error) {
	rows := make([]searchRow, 0, len(hits))
	orgs := map[uint64]data.Organization{}
	for _, h := range hits {
		r, err := s.readRecord(kind, h.ID)
		if data.ErrorCode(err) == data.ENOTFOUND {
			continue // deleted between the search and this read
		} else if err != nil {
			return nil, err
		}
		org, ok := orgs[r.OrgID]
		if !ok {
			if org, err = s.store.Organization(r.OrgID); err != nil && data.ErrorCode(err) != data.ENOTFOUND {
				return nil, err
			}
			orgs[r.OrgID] = org
		}
		row := searchRow{record: r, OrgName: org.Name, Country: org.Country, TitleHTML: template.HTML(html.EscapeString(r.Title))}
		for _, f := range h.Snippets["title"] {
			if markless(f) == r.Title {
				row.TitleHTML = highlightHTML(f)
				break
			}
		}
		if fs := h.Snippets["body"]; len(fs) > 0 {
			row.Snippet = highlightHTML(fs[0])
		} else {
			row.Snippet = template.HTML(html.EscapeString(clip(r.Description, 220)))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// highlightHTML turns an index snippet into safe HTML. The index escapes
// the text and wraps matched words in <mark>...</mark>; the snippet is
// split on exactly those tags, every piece unescaped and escaped again, and
// only our own <mark> tags put back, so nothing from a record's text can
// become markup.
func highlightHTML(frag string) template.HTML {
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(html.UnescapeString(s))) }
	rest := frag
	for {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			esc(rest)
			break
		}
		esc(rest[:i])
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			esc(rest)
			break
		}
		b.WriteString("<mark>")
		esc(rest[:j])
		b.WriteString("</mark>")
		rest = rest[j+len("</mark>"):]
	}
	return template.HTML(b.String())
}

// markless is a snippet's plain text.
func markless(frag string) string {
	return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(frag))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

type searchView struct {
	Kind    string
	Base    string
	Q       string
	Sort    string
	TRLMin  string
	Sel     map[string][]string
	Items   []searchRow
	Total   uint64
	Facets  []facetView
	Next    string
	First   string
	From    int
	To      int
	Errors  []string
	Sectors []data.Sector
}

type facetView struct {
	Name   string
	Values []facetValue
	More   []facetValue
}

type facetValue struct {
	Value, Label string
	Count        int
	Selected     bool
	URL          string
}

// searchFilters are the filters the search page offers, in display order.
var searchFilters = []string{"sector", "country", "trl", "cooperation", "language"}

func (s *Server) offerSearchPage(c *fiber.Ctx, w *webCtx) error {
	return s.searchPage(c, w, data.KindOffer)
}
func (s *Server) needSearchPage(c *fiber.Ctx, w *webCtx) error {
	return s.searchPage(c, w, data.KindNeed)
}

func (s *Server) searchPage(c *fiber.Ctx, w *webCtx, kind string) error {
	base := kindPath(kind)
	args := c.Request().URI().QueryArgs()
	v := searchView{Kind: kind, Base: base, Q: string(args.Peek("q")), Sort: c.Query("sort"), TRLMin: c.Query("trl_min"), Sel: map[string][]string{}, Sectors: data.Sectors()}
	for _, f := range []string{"sector", "country", "cooperation", "language"} {
		v.Sel[f] = listParam(c, f)
	}
	title := tr(w.lang, "search."+kind+".title")
	q, err := parseSearch(c, kind)
	if err != nil {
		if data.ErrorCode(err) != data.EINVALID {
			return err
		}
		for _, f := range err.(*data.Error).Fields {
			v.Errors = append(v.Errors, fieldLabel(w.lang, f.Field)+": "+localizeMessage(w.lang, f.Message))
		}
		return s.render(c, w, 400, "search", title, strings.TrimPrefix(base, "/"), v)
	}
	res, err := s.index.Search(c.UserContext(), q)
	if err != nil {
		return err
	}
	if v.Items, err = s.searchRows(kind, res.Hits); err != nil {
		return err
	}
	v.Total = res.Total
	page, _ := strconv.Atoi(c.Query("p"))
	if page < 1 {
		page = 1
	}
	limit := q.Limit
	if limit == 0 {
		limit = search.DefaultLimit
	}
	v.From = (page-1)*limit + 1
	v.To = v.From + len(v.Items) - 1
	current := url.Values{}
	args.VisitAll(func(k, val []byte) { current.Add(string(k), string(val)) })
	if res.NextCursor != "" {
		next := cloneValues(current)
		next.Set("cursor", res.NextCursor)
		next.Set("p", strconv.Itoa(page+1))
		v.Next = base + "?" + next.Encode()
	}
	if q.Cursor != "" {
		first := cloneValues(current)
		first.Del("cursor")
		first.Del("p")
		v.First = base + "?" + first.Encode()
	}
	v.Facets = facetViews(w.lang, base, current, res.Facets)
	return s.render(c, w, 200, "search", title, strings.TrimPrefix(base, "/"), v)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// facetViews turns facet counts into links that add or remove a filter.
func facetViews(lang, base string, current url.Values, facets map[string]search.Facets) []facetView {
	var out []facetView
	for _, name := range searchFilters {
		counts, ok := facets[name]
		if !ok || len(counts) == 0 {
			continue
		}
		param := name
		if name == "trl" {
			param = "trl_min"
		}
		selected := map[string]bool{}
		for _, raw := range current[param] {
			for _, p := range strings.Split(raw, ",") {
				selected[strings.TrimSpace(p)] = true
			}
		}
		fv := facetView{Name: name}
		for _, fc := range counts {
			if fc.Count == 0 || (name == "trl" && fc.Value == "unknown") {
				continue
			}
			val := fc.Value
			if name == "country" {
				val = strings.ToUpper(val)
			}
			next := cloneValues(current)
			next.Del("cursor")
			next.Del("p")
			if name == "trl" {
				// TRL is a threshold: "TRL 7 and up".
				if selected[val] {
					next.Del(param)
				} else {
					next.Set(param, val)
				}
			} else {
				var keep []string
				for k := range selected {
					if k != val && k != "" {
						keep = append(keep, k)
					}
				}
				if !selected[val] {
					keep = append(keep, val)
				}
				sort.Strings(keep)
				next.Del(param)
				if len(keep) > 0 {
					next.Set(param, strings.Join(keep, ","))
				}
			}
			fv.Values = append(fv.Values, facetValue{Value: val, Label: facetLabel(lang, name, val), Count: fc.Count, Selected: selected[val], URL: base + "?" + next.Encode()})
		}
		if name == "trl" {
			// Counts per level become "this level and up".
			sort.Slice(fv.Values, func(i, j int) bool { return fv.Values[i].Value < fv.Values[j].Value })
			total := 0
			for i := len(fv.Values) - 1; i >= 0; i-- {
				total += fv.Values[i].Count
				fv.Values[i].Count = total
			}
		}
		if len(fv.Values) > 8 {
			fv.Values, fv.More = fv.Values[:8], fv.Values[8:]
		}
		if len(fv.Values) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

func facetLabel(lang, name, val string) string {
	switch name {
	case "sector":
		return sectorName(lang, val)
	case "country":
		return countryName(lang, val)
	case "cooperation":
		return coopName(lang, val)
	case "language":
		return languageName(lang, val)
	case "trl":
		return tr(lang, "facet.trl_from", val)
	}
	return val
}

type recordView struct {
	R        record
	Org      data.Organization
	Owner    bool
	Matches  []matchView
	Weak     []matchView
	Abstain  bool
	Counter  string
	MatchErr bool
}

// matchView is one counterpart of a record, as the pages show it.
type matchView struct {
	Kind        string
	ID          uint64
	URL         string
	Title       string
	OrgName     string
	OrgID       uint64
	Country     string
	Language    string
	Score       int
	Strength    string
	Reasons     []string
	Explanation string
	Interpreter string
	// Where the viewer may ask the counterpart for a meeting: an open event
	// both take part in, on opposite sides, and the request's status if
	// one is open already.
	ReqEvent     uint64
	ReqEventName string
	ReqStatus    string
	CSRF, Back   string
}

func (s *Server) offerPage(c *fiber.Ctx, w *webCtx) error { return s.recordPage(c, w, data.KindOffer) }
func (s *Server) needPage(c *fiber.Ctx, w *webCtx) error  { return s.recordPage(c, w, data.KindNeed) }

func (s *Server) recordPage(c *fiber.Ctx, w *webCtx, kind string) error {
	id, err := pageID(c)
	if err != nil {
		return err
	}
	r, err := s.readRecord(kind, id)
	if err != nil {
		return err
	}
	if !mayView(w, r) {
		return data.Errorf(data.ENOTFOUND, "%s %d does not exist", kind, id)
	}
	org, err := s.store.Organization(r.OrgID)
	if err != nil {
		return err
	}
	v := recordView{R: r, Org: org, Owner: w.user != nil && (w.user.Admin || w.user.OrgID == r.OrgID), Counter: otherKind(kind)}
	if r.IsLive() {
		ms, abstain, err := s.bestMatches(c.UserContext(), w.lang, kind, id, 10)
		if err != nil {
			s.log.Error("matches for a page", "kind", kind, "id", id, "err", err)
			v.MatchErr = true
		}
		v.Abstain = abstain
		if v.Owner {
			s.offerRequests(c, w, ms)
		}
		v.Matches, v.Weak = splitWeak(ms)
	}
	return s.render(c, w, 200, "record", r.Title, kindPath(kind)[1:], v)
}

// splitWeak separates the weak matches, shown folded away below the
// recommendations (all of them when the engine abstains).
func splitWeak(ms []matchView) (good, weak []matchView) {
	for _, m := range ms {
		if m.Strength == "weak" {
			weak = append(weak, m)
		} else {
			good = append(good, m)
		}
	}
	return good, weak
}

func otherKind(kind string) string {
	if kind == data.KindNeed {
		return data.KindOffer
	}
	return data.KindNeed
}

// bestMatches ranks a record's counterparts with the matching engine and
// reports whether it abstains (even the best is a weak fit).
func (s *Server) bestMatches(ctx context.Context, lang, kind string, id uint64, limit int) ([]matchView, bool, error) {
	ps, err := s.store.Profiles(ctx, []string{data.RecordRef(kind, id)})
	if err != nil || len(ps) == 0 {
		return nil, true, err
	}
	self := &ps[0]
	var ms []match.Match
	if kind == data.KindNeed {
		ms, err = s.engine().MatchNeed(ctx, *self, limit)
	} else {
		ms, err = s.engine().MatchOffer(ctx, *self, limit)
	}
	if err != nil {
		return nil, true, err
	}
	out := make([]matchView, 0, len(ms))
	for i := range ms {
		m := &ms[i]
		other := &m.Profile
		need, offer := self, other
		if kind == data.KindOffer {
			need, offer = other, self
		}
		ck, num, _ := strings.Cut(m.Ref, "/")
		cid, _ := strconv.ParseUint(num, 10, 64)
		orgID, _ := strconv.ParseUint(other.OrgRef, 10, 64)
		mv := matchView{Kind: ck, ID: cid, URL: kindPath(ck) + "/" + num, Title: other.Title, OrgName: other.OrgName, OrgID: orgID,
			Country: other.Country, Language: other.Language, Score: int(m.Score*100 + 0.5), Strength: m.Strength,
			Reasons: matchReasons(lang, m, need, offer), Explanation: m.Explanation}
		if m.Interpreter {
			mv.Interpreter = interpreterNote(lang, need, offer)
		}
		out = append(out, mv)
	}
	return out, len(ms) == 0 || ms[0].Strength == "weak", nil
}

type orgView struct {
	Org    data.Organization
	Offers []record
	Needs  []record
	Own    bool
}

func (s *Server) orgPage(c *fiber.Ctx, w *webCtx) error {
	id, err := pageID(c)
	if err != nil {
		return err
	}
	org, err := s.store.Organization(id)
	if err != nil {
		return err
	}
	v := orgView{Org: org, Own: w.user != nil && (w.user.Admin || w.user.OrgID == id)}
	if v.Offers, v.Needs, err = s.recordsOf(id, !v.Own); err != nil {
		return err
	}
	return s.render(c, w, 200, "org", org.Name, "", v)
}

// recordsOf returns an organization's offers and needs, newest first; only
// the live ones when liveOnly.
func (s *Server) recordsOf(orgID uint64, liveOnly bool) (offers, needs []record, err error) {
	os, err := s.store.OffersOf(orgID)
	if err != nil {
		return nil, nil, err
	}
	ns, err := s.store.NeedsOf(orgID)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range os {
		if r := offerRecord(o); !liveOnly || r.IsLive() {
			offers = append(offers, r)
		}
	}
	for _, n := range ns {
		if r := needRecord(n); !liveOnly || r.IsLive() {
			needs = append(needs, r)
		}
	}
	newest := func(rs []record) {
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID > rs[j].ID })
	}
	newest(offers)
	newest(needs)
	return offers, needs, nil
}

// offerRequests marks the matches whose organization the signed-in
// organization can ask for a meeting: both take part, on opposite sides,
// in an event still open to requests.
func (s *Server) offerRequests(c *fiber.Ctx, w *webCtx, ms []matchView) {
	if w.user == nil || w.user.Admin || len(ms) == 0 {
		return
	}
	ids, err := s.store.EventsOf(w.user.OrgID)
	if err != nil {
		return
	}
	back := string(c.Request().URI().RequestURI())
	for _, id := range ids {
		st, err := s.store.EventState(id)
		if err != nil || st.Event.State != data.EventOpen {
			continue
		}
		side := map[uint64]string{}
		for _, p := range st.Participants {
			side[p.OrgID] = p.Side
		}
		open := map[uint64]string{}
		for _, r := range st.Requests {
			if r.Open() && r.Involves(w.user.OrgID) {
				open[r.FromOrgID+r.ToOrgID-w.user.OrgID] = r.Status
			}
		}
		for i := range ms {
			m := &ms[i]
			if m.ReqEvent != 0 || side[m.OrgID] == "" || side[m.OrgID] == side[w.user.OrgID] {
				continue
			}
			m.ReqEvent, m.ReqEventName, m.ReqStatus, m.CSRF, m.Back = id, st.Event.Name, open[m.OrgID], w.csrf, back
		}
	}
}
