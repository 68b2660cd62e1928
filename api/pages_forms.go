package api

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// formView is a form as the visitor filled it: the values typed (kept as
// typed, so a rejected form comes back as it was sent), and the field errors
// beside the fields, in the page's language.
type formView struct {
	Kind   string // "offer", "need" or "org"
	Action string
	ID     uint64
	New    bool
	Stored string // the stored record's status
	Val    map[string]string
	Multi  map[string]map[string]bool
	Err    map[string][]string
	Other  []string
	lang   string
}

func newForm(kind, lang string) *formView {
	return &formView{Kind: kind, lang: lang, Val: map[string]string{}, Multi: map[string]map[string]bool{}, Err: map[string][]string{}}
}

// fieldView is what the "field" template draws for one field.
type fieldView struct {
	Name, ID, Label, Type, Value, Help, Auto string
	Errors                                   []string
	Options                                  []fieldOption
	Required, Wide                           bool
	Rows                                     int
}

type fieldOption struct {
	Value, Label    string
	Selected, Group bool
}

// formFields says how each field is drawn: its input type and whether it
// is required.
var formFields = map[string]struct {
	typ      string
	required bool
}{
	"title": {"text", true}, "description": {"textarea", false}, "keywords": {"textarea", false},
	"trl": {"select", false}, "min_trl": {"select", false}, "ipr": {"select", false},
	"cooperation": {"checks", false}, "sectors": {"checks", false}, "markets": {"text", false},
	"preferred_countries": {"text", false}, "budget.min": {"number", false}, "budget.max": {"number", false},
	"budget.currency": {"text", false}, "deadline": {"date", false}, "expires_at": {"date", false},
	"language": {"select", false}, "status": {"select", true},
	"name": {"text", true}, "kind": {"select", true}, "size": {"select", false}, "country": {"text", true},
	"city": {"text", false}, "languages": {"checks", false}, "website": {"url", false}, "email": {"email", false},
	"ev_name": {"text", true}, "venue": {"text", false}, "timezone": {"text", true}, "tables": {"number", true},
	"day": {"date", true}, "first": {"time", true}, "minutes": {"number", true}, "count": {"number", true}, "gap": {"number", false},
}

// fld builds the view of one field of f; it is a template function.
func fld(lang string) func(f *formView, name string) fieldView {
	return func(f *formView, name string) fieldView {
		spec := formFields[name]
		v := fieldView{Name: name, ID: "in-" + strings.ReplaceAll(name, ".", "-"), Label: fieldLabel(lang, name), Type: spec.typ,
			Value: f.Val[name], Errors: f.Err[name], Required: spec.required}
		if h := "help." + name; hasMessage(h) {
			v.Help = tr(lang, h)
		}
		if f.Kind == "org" && name == "description" {
			v.Help = tr(lang, "help.org_description")
		}
		if name == "keywords" {
			v.Rows = 3
		}
		if name == "description" {
			v.Rows = 8
		}
		sel := func(val string) bool {
			if spec.typ == "checks" {
				return f.Multi[name][val]
			}
			return f.Val[name] == val
		}
		opt := func(val, label string) {
			v.Options = append(v.Options, fieldOption{Value: val, Label: label, Selected: sel(val)})
		}
		switch name {
		case "trl", "min_trl":
			if name == "trl" {
				opt("0", tr(lang, "rec.unknown"))
			} else {
				opt("0", tr(lang, "rec.any"))
			}
			for i := 1; i <= 9; i++ {
				s := strconv.Itoa(i)
				opt(s, "TRL "+s+" — "+tr(lang, "trl."+s))
			}
		case "ipr":
			opt("", "—")
			for _, x := range data.IPRStatuses {
				opt(x, tr(lang, "ipr."+x))
			}
		case "cooperation":
			for _, x := range data.CooperationTypes {
				opt(x, coopName(lang, x))
			}
		case "sectors":
			v.Wide = true
			for _, s := range data.Sectors() {
				if s.Parent == "" {
					v.Options = append(v.Options, fieldOption{Label: sectorName(lang, s.Code), Group: true})
					continue
				}
				opt(s.Code, sectorName(lang, s.Code))
			}
		case "language":
			opt("", tr(lang, "form.detect"))
			for _, x := range data.Languages {
				opt(x, languageName(lang, x))
			}
		case "languages":
			for _, x := range data.Languages {
				opt(x, languageName(lang, x))
			}
		case "status":
			for _, x := range []string{data.StatusPublished, data.StatusDraft, data.StatusArchived} {
				opt(x, tr(lang, "status."+x))
			}
		case "kind":
			for _, x := range data.OrgKinds {
				opt(x, tr(lang, "orgkind."+x))
			}
		case "size":
			opt("", "—")
			for _, x := range data.OrgSizes {
				opt(x, tr(lang, "size."+x))
			}
		case "country":
			v.Auto = "country"
		case "email":
			v.Auto = "email"
		case "website":
			v.Auto = "url"
		}
		return v
	}
}

// keep records the posted form as typed.
func (f *formView) keep(c *fiber.Ctx, text []string, multi []string) {
	for _, n := range text {
		f.Val[n] = c.FormValue(n)
	}
	args := c.Request().PostArgs()
	mf, _ := c.MultipartForm()
	for _, n := range multi {
		m := map[string]bool{}
		for _, v := range args.PeekMulti(n) {
			m[string(v)] = true
		}
		if mf != nil {
			for _, v := range mf.Value[n] {
				m[v] = true
			}
		}
		f.Multi[n] = m
	}
}

func (f *formView) list(name string) []string {
	var out []string
	for v, on := range f.Multi[name] {
		if on {
			out = append(out, v)
		}
	}
	sortStrings(out)
	return out
}

// bad adds a field error, translated into the page's language.
func (f *formView) bad(field, msg string) {
	f.Err[field] = append(f.Err[field], localizeMessage(f.lang, msg))
}

var itemIndex = regexp.MustCompile(`\[(\d+)\]`)

// addErrors puts the field errors of err (an EINVALID error from
// validation, the same as the API's) beside the fields they name; errors of
// a field the form does not show go above the form. It reports whether err
// was such an error.
func (f *formView) addErrors(err error) bool {
	e, ok := err.(*data.Error)
	if !ok || e.Code != data.EINVALID {
		return false
	}
	for _, fe := range e.Fields {
		field, msg := fe.Field, localizeMessage(f.lang, fe.Message)
		if m := itemIndex.FindStringSubmatch(field); m != nil {
			n, _ := strconv.Atoi(m[1])
			field = itemIndex.ReplaceAllString(field, "")
			msg = tr(f.lang, "form.item", n+1) + msg
		}
		if _, shown := formFields[field]; shown {
			f.Err[field] = append(f.Err[field], msg)
		} else {
			f.Other = append(f.Other, fieldLabel(f.lang, field)+": "+msg)
		}
	}
	return true
}

func (f *formView) ok() bool { return len(f.Err) == 0 && len(f.Other) == 0 }

// splitList splits a typed list on commas, semicolons and new lines.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// countryList reads typed countries: codes ("VN, KR") or names ("Korea,
// Việt Nam"). What is neither stays as typed, for validation to name.
func countryList(s string) []string {
	var out []string
	for _, p := range splitList(s) {
		code := strings.ToUpper(p)
		if !data.IsCountry(code) {
			if cs := ingest.NormalizeCountry(p); len(cs) == 1 {
				code = cs[0]
			} else {
				code = p
			}
		}
		out = append(out, code)
	}
	return out
}

func (f *formView) intField(name string, dst *int) {
	v := strings.TrimSpace(f.Val[name])
	if v == "" {
		*dst = 0
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.bad(name, "must be a whole number")
		return
	}
	*dst = n
}

func (f *formView) floatField(name string) float64 {
	v := strings.TrimSpace(strings.ReplaceAll(f.Val[name], " ", ""))
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
	if err != nil {
		f.bad(name, "must be a number")
		return 0
	}
	return x
}

// dateField reads a date (YYYY-MM-DD) as the end of that day in Vietnam's
// time zone, where the events take place; "" is no date.
func (f *formView) dateField(name string) *time.Time {
	v := strings.TrimSpace(f.Val[name])
	if v == "" {
		return nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, vietnamTime)
	if err != nil {
		f.bad(name, "must be a date (YYYY-MM-DD)")
		return nil
	}
	t := d.Add(24*time.Hour - time.Second)
	return &t
}

var vietnamTime = time.FixedZone("ICT", 7*3600)

func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(vietnamTime).Format("2006-01-02")
}

var listingText = []string{"title", "description", "keywords", "markets", "language", "status", "expires_at"}
var offerText = append([]string{"trl", "ipr"}, listingText...)
var needText = append([]string{"min_trl", "preferred_countries", "budget.min", "budget.max", "budget.currency", "deadline"}, listingText...)
var listingMulti = []string{"sectors", "cooperation"}

// fillListing writes the listing fields of form f into l.
func (f *formView) fillListing(l *data.Listing) {
	l.Title = strings.TrimSpace(f.Val["title"])
	l.Description = strings.TrimSpace(f.Val["description"])
	l.Keywords = splitList(f.Val["keywords"])
	l.Sectors = f.list("sectors")
	l.Cooperation = f.list("cooperation")
	l.Markets = countryList(f.Val["markets"])
	l.Language = f.Val["language"]
	l.Status = f.Val["status"]
	l.ExpiresAt = f.dateField("expires_at")
}

func (f *formView) fillOffer(o *data.OfferFields) {
	f.fillListing(&o.Listing)
	f.intField("trl", &o.TRL)
	o.IPR = f.Val["ipr"]
}

func (f *formView) fillNeed(n *data.NeedFields) {
	f.fillListing(&n.Listing)
	f.intField("min_trl", &n.MinTRL)
	n.PreferredCountries = countryList(f.Val["preferred_countries"])
	n.Deadline = f.dateField("deadline")
	lo, hi := f.floatField("budget.min"), f.floatField("budget.max")
	cur := strings.ToUpper(strings.TrimSpace(f.Val["budget.currency"]))
	if lo == 0 && hi == 0 && cur == "" {
		n.Budget = nil
	} else {
		n.Budget = &data.Budget{Min: lo, Max: hi, Currency: cur}
	}
}

// listingValues fills the form from a stored listing.
func (f *formView) listingValues(l data.Listing) {
	f.Val["title"] = l.Title
	f.Val["description"] = l.Description
	f.Val["keywords"] = strings.Join(l.Keywords, ", ")
	f.Val["markets"] = strings.Join(l.Markets, ", ")
	f.Val["language"] = l.Language
	f.Val["status"] = l.Status
	f.Val["expires_at"] = dateValue(l.ExpiresAt)
	f.Multi["sectors"] = setOf(l.Sectors)
	f.Multi["cooperation"] = setOf(l.Cooperation)
	f.Stored = l.Status
}

func (f *formView) offerValues(o data.OfferFields) {
	f.listingValues(o.Listing)
	f.Val["trl"] = strconv.Itoa(o.TRL)
	f.Val["ipr"] = o.IPR
}

func (f *formView) needValues(n data.NeedFields) {
	f.listingValues(n.Listing)
	f.Val["min_trl"] = strconv.Itoa(n.MinTRL)
	f.Val["preferred_countries"] = strings.Join(n.PreferredCountries, ", ")
	f.Val["deadline"] = dateValue(n.Deadline)
	if b := n.Budget; b != nil {
		if b.Min > 0 {
			f.Val["budget.min"] = strconv.FormatFloat(b.Min, 'f', -1, 64)
		}
		if b.Max > 0 {
			f.Val["budget.max"] = strconv.FormatFloat(b.Max, 'f', -1, 64)
		}
		f.Val["budget.currency"] = b.Currency
	}
}

var orgText = []string{"name", "kind", "size", "country", "city", "website", "email", "description"}
var orgMulti = []string{"languages", "sectors"}

func (f *formView) fillOrg(o *data.OrganizationFields) {
	o.Name = strings.TrimSpace(f.Val["name"])
	o.Kind = f.Val["kind"]
	o.Size = f.Val["size"]
	o.City = strings.TrimSpace(f.Val["city"])
	o.Website = strings.TrimSpace(f.Val["website"])
	o.Email = strings.TrimSpace(f.Val["email"])
	o.Description = strings.TrimSpace(f.Val["description"])
	o.Languages = f.list("languages")
	o.Sectors = f.list("sectors")
	o.Country = ""
	if cs := countryList(f.Val["country"]); len(cs) == 1 {
		o.Country = cs[0]
	} else if len(cs) > 1 {
		f.bad("country", "must be one country")
	}
	if o.Country == "" && len(f.Err["country"]) == 0 {
		// Imports may leave a country unknown; a registration may not
		// (the API's rule).
		f.bad("country", "is required")
	}
}

func (f *formView) orgValues(o data.OrganizationFields) {
	f.Val["name"] = o.Name
	f.Val["kind"] = o.Kind
	f.Val["size"] = o.Size
	f.Val["country"] = o.Country
	f.Val["city"] = o.City
	f.Val["website"] = o.Website
	f.Val["email"] = o.Email
	f.Val["description"] = o.Description
	f.Multi["languages"] = setOf(o.Languages)
	f.Multi["sectors"] = setOf(o.Sectors)
}

func setOf(list []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range list {
		m[x] = true
	}
	return m
}
