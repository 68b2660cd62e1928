package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

type fixture struct {
	store *bolt.Store
	index *search.Index
	dir   string
	orgs  map[string]uint64
}

func mustOpen(tb testing.TB) *fixture {
	tb.Helper()
	dir := tb.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), store)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close(); store.Close() })
	return &fixture{store: store, index: idx, dir: dir, orgs: map[string]uint64{}}
}

func (f *fixture) org(tb testing.TB, name, country, kind string) uint64 {
	tb.Helper()
	if id, ok := f.orgs[name]; ok {
		return id
	}
	o, err := f.store.CreateOrganization(data.OrganizationFields{Name: name, Kind: kind, Country: country}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	f.orgs[name] = o.ID
	return o.ID
}

// offer stores an offer and syncs the index, as the API does before it
// acknowledges a write.
func (f *fixture) offer(tb testing.TB, org uint64, o data.OfferFields) uint64 {
	tb.Helper()
	if o.Status == "" {
		o.Status = data.StatusPublished
	}
	rec, err := f.store.CreateOffer(org, o)
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.index.Sync(); err != nil {
		tb.Fatal(err)
	}
	return rec.ID
}

// pages returns the record ids of q's results page after page, following
// each page's cursor (at most n pages).
func (f *fixture) pages(tb testing.TB, q search.Query, n int) []uint64 {
	tb.Helper()
	var out []uint64
	for range n {
		r := f.search(tb, q)
		out = append(out, ids(r)...)
		if q.Cursor = r.NextCursor; q.Cursor == "" {
			break
		}
	}
	return out
}

func (f *fixture) search(tb testing.TB, q search.Query) search.Result {
	tb.Helper()
	if q.Kind == "" {
		q.Kind = data.KindOffer
	}
	res, err := f.index.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func ids(res search.Result) []uint64 {
	var out []uint64
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func has(res search.Result, id uint64) bool {
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

func rank(res search.Result, id uint64) int {
	for i, h := range res.Hits {
		if h.ID == id {
			return i
		}
	}
	return -1
}

func listing(title, desc, lang string) data.OfferFields {
	return data.OfferFields{Listing: data.Listing{Title: title, Description: desc, Language: lang}}
}

func TestSearch_VietnameseDiacritics(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Cảng Hải Âu", "VN", data.OrgEnterprise)
	withMarks := f.offer(t, org, listing("Hệ thống cấp điện bờ cho cảng biển", "Giảm khí thải khi tàu neo đậu tại cầu cảng.", "vi"))
	without := f.offer(t, org, listing("Phan mem quan ly kho lanh", "Giam sat nhiet do kho lanh thuy san bang cam bien.", "vi"))
	f.offer(t, org, listing("Crane remote control", "Remote operation of ship-to-shore cranes.", "en"))

	t.Run("QueryWithoutMarksFindsMarkedText", func(t *testing.T) {
		res := f.search(t, search.Query{Text: "cang bien dien bo"})
		if len(res.Hits) == 0 || res.Hits[0].ID != withMarks {
			t.Fatalf("got %v, want %d first", ids(res), withMarks)
		}
	})
	t.Run("QueryWithMarksFindsUnmarkedText", func(t *testing.T) {
		res := f.search(t, search.Query{Text: "quản lý kho lạnh"})
		if len(res.Hits) == 0 || res.Hits[0].ID != without {
			t.Fatalf("got %v, want %d first", ids(res), without)
		}
	})
	t.Run("NFDQueryEqualsNFC", func(t *testing.T) {
		res := f.search(t, search.Query{Text: "ca\u0309ng bie\u0302\u0309n"}) // NFD of "cảng biển"
		if !has(res, withMarks) {
			t.Fatalf("NFD query missed: %v", ids(res))
		}
	})
	t.Run("SnippetsHighlightTheMatch", func(t *testing.T) {
		res := f.search(t, search.Query{Text: "điện bờ"})
		if len(res.Hits) == 0 || !strings.Contains(fmt.Sprint(res.Hits[0].Snippets), "<mark>") {
			t.Fatalf("no highlighted snippet: %+v", res.Hits)
		}
	})
}

func TestSearch_MultiSyllableTermOutranksSharedSyllables(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Org", "VN", data.OrgEnterprise)
	phrase := f.offer(t, org, listing("Dịch vụ môi trường", "Chúng tôi cung cấp công nghệ xử lý nước thải cho nhà máy chế biến.", "vi"))
	scattered1 := f.offer(t, org, listing("Dịch vụ nhà máy", "Xử lý sự cố điện, cấp nước sạch và thu gom rác thải cho khu công nghiệp.", "vi"))
	scattered2 := f.offer(t, org, listing("Dịch vụ kỹ thuật", "Nước uống đóng chai; khí thải lò hơi được xử lý bằng tháp lọc.", "vi"))
	res := f.search(t, search.Query{Text: "xử lý nước thải"})
	if rank(res, phrase) != 0 {
		t.Fatalf("ranking %v: the phrase %d should lead over %d and %d", ids(res), phrase, scattered1, scattered2)
	}
}

func TestSearch_EnglishStemmingAndKorean(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Partner", "KR", data.OrgPartner)
	sensor := f.offer(t, org, listing("Wireless vibration sensor", "A sensor node for pumps.", "en"))
	korean := f.offer(t, org, listing("스마트 항만 기술을 위한 자동화 솔루션", "폐수처리를 위한 IoT 모니터링 시스템입니다.", "ko"))
	if res := f.search(t, search.Query{Text: "sensors"}); !has(res, sensor) {
		t.Errorf("sensors missed sensor: %v", ids(res))
	}
	if res := f.search(t, search.Query{Text: "기술"}); !has(res, korean) {
		t.Errorf("기술 missed 기술을: %v", ids(res))
	}
	if res := f.search(t, search.Query{Text: "폐수처리"}); !has(res, korean) {
		t.Errorf("폐수처리 missed: %v", ids(res))
	}
	if res := f.search(t, search.Query{Text: "IoT"}); !has(res, korean) {
		t.Errorf("IoT inside Korean text missed: %v", ids(res))
	}
}

func TestSearch_FiltersAndFacetsAgreeWithStore(t *testing.T) {
	f := mustOpen(t)
	vn := f.org(t, "VN firm", "VN", data.OrgEnterprise)
	kr := f.org(t, "KR lab", "KR", data.OrgResearch)
	type spec struct {
		org    uint64
		sector string
		trl    int
		coop   string
	}
	specs := []spec{
		{vn, "energy.storage", 7, data.CoopLicense}, {vn, "energy.renewable", 4, data.CoopJointVent},
		{kr, "energy.storage", 9, data.CoopLicense}, {kr, "ict.ai", 0, data.CoopResearch},
		{kr, "maritime.ports", 8, data.CoopSupply}, {vn, "maritime.ports", 6, data.CoopLicense},
	}
	for i, s := range specs {
		f.offer(t, s.org, data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Battery and port technology %d", i),
			Sectors: []string{s.sector}, Cooperation: []string{s.coop}, Language: "en"}, TRL: s.trl})
	}
	// Records that are not live never show.
	past := time.Now().Add(-time.Hour)
	f.offer(t, kr, data.OfferFields{Listing: data.Listing{Title: "Expired battery offer", Sectors: []string{"energy.storage"}, ExpiresAt: &past}, TRL: 9})
	f.offer(t, kr, data.OfferFields{Listing: data.Listing{Title: "Draft battery offer", Status: data.StatusDraft, Sectors: []string{"energy.storage"}}, TRL: 9})
	f.offer(t, kr, data.OfferFields{Listing: data.Listing{Title: "Archived battery offer", Status: data.StatusArchived}, TRL: 9})

	// The expected answer is computed from the store's records.
	all, _ := f.store.Offers(0, 1000)
	expect := func(keep func(o data.Offer, org data.Organization) bool) int {
		n := 0
		for _, o := range all {
			org, _ := f.store.Organization(o.OrgID)
			if o.Live(time.Now()) && keep(o, org) {
				n++
			}
		}
		return n
	}
	inSector := func(o data.Offer, code string) bool {
		for _, s := range o.Sectors {
			if s == code || data.SectorParent(s) == code {
				return true
			}
		}
		return false
	}
	cases := []struct {
		name string
		q    search.Query
		keep func(o data.Offer, org data.Organization) bool
	}{
		{"All", search.Query{}, func(data.Offer, data.Organization) bool { return true }},
		{"ParentSector", search.Query{Sector: []string{"energy"}}, func(o data.Offer, _ data.Organization) bool { return inSector(o, "energy") }},
		{"ChildSector", search.Query{Sector: []string{"energy.storage"}}, func(o data.Offer, _ data.Organization) bool { return inSector(o, "energy.storage") }},
		{"Country", search.Query{Country: []string{"KR"}}, func(_ data.Offer, org data.Organization) bool { return org.Country == "KR" }},
		{"OrgKind", search.Query{OrgKind: []string{data.OrgResearch}}, func(_ data.Offer, org data.Organization) bool { return org.Kind == data.OrgResearch }},
		{"TRLRange", search.Query{TRLMin: 6, TRLMax: 8}, func(o data.Offer, _ data.Organization) bool { return o.TRL >= 6 && o.TRL <= 8 }},
		{"Cooperation", search.Query{Cooperation: []string{data.CoopLicense}}, func(o data.Offer, _ data.Organization) bool { return o.Cooperation[0] == data.CoopLicense }},
		{"Combined", search.Query{Text: "battery", Sector: []string{"energy"}, Country: []string{"VN"}, TRLMin: 5},
			func(o data.Offer, org data.Organization) bool {
				return inSector(o, "energy") && org.Country == "VN" && o.TRL >= 5
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Limit = 100
			res := f.search(t, tc.q)
			if want := expect(tc.keep); int(res.Total) != want || len(res.Hits) != want {
				t.Fatalf("total %d, hits %d, store says %d", res.Total, len(res.Hits), want)
			}
			for _, h := range res.Hits {
				o, _ := f.store.Offer(h.ID)
				if !o.Live(time.Now()) {
					t.Errorf("%q is not live but was returned", o.Title)
				}
			}
		})
	}
	t.Run("Facets", func(t *testing.T) {
		res := f.search(t, search.Query{Limit: 1})
		counts := func(name string) map[string]int {
			m := map[string]int{}
			for _, c := range res.Facets[name] {
				m[c.Value] = c.Count
			}
			return m
		}
		sec := counts("sector")
		if sec["energy"] != expect(func(o data.Offer, _ data.Organization) bool { return inSector(o, "energy") }) ||
			sec["energy.storage"] != 2 || sec["maritime.ports"] != 2 {
			t.Errorf("sector facet %v", sec)
		}
		if c := counts("country"); c["VN"] != 3 || c["KR"] != 3 {
			t.Errorf("country facet %v", c)
		}
		if c := counts("trl"); c["9"] != 1 || c["unknown"] != 1 || c["7"] != 1 {
			t.Errorf("trl facet %v", c)
		}
		if c := counts("cooperation"); c[data.CoopLicense] != 3 {
			t.Errorf("cooperation facet %v", c)
		}
	})
}

func TestSearch_PagingVisitsEveryHitOnce(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Many", "DE", data.OrgPartner)
	want := map[uint64]bool{}
	for i := 0; i < 47; i++ {
		// Repeated words give many equal scores: ties must not lose or repeat hits.
		want[f.offer(t, org, listing(fmt.Sprintf("Welding robot cell %d", i%5), "Laser welding robot for hull blocks.", "en"))] = true
	}
	for _, sort := range []string{"relevance", "newest"} {
		seen := map[uint64]int{}
		cursor := ""
		for pages := 0; pages < 20; pages++ {
			res := f.search(t, search.Query{Text: "welding robot", Sort: sort, Limit: 10, Cursor: cursor})
			if (cursor == "") != (len(res.Facets["country"]) > 0) {
				t.Errorf("%s: facets %v on a page with cursor %q: they belong to the first page only", sort, res.Facets, cursor)
			}
			for _, h := range res.Hits {
				seen[h.ID]++
			}
			if res.NextCursor == "" {
				break
			}
			cursor = res.NextCursor
		}
		if len(seen) != len(want) {
			t.Errorf("%s: visited %d of %d", sort, len(seen), len(want))
		}
		for id, n := range seen {
			if n != 1 || !want[id] {
				t.Errorf("%s: id %d seen %d times", sort, id, n)
			}
		}
	}
}

func TestSearch_WritesAndDeletesAreVisibleAtOnce(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Quick", "BE", data.OrgPartner)
	id := f.offer(t, org, listing("Dredging sediment sensor", "", "en"))
	if res := f.search(t, search.Query{Text: "dredging"}); !has(res, id) {
		t.Fatal("write not searchable once acknowledged")
	}
	if _, err := f.store.UpdateOffer(id, func(o *data.Offer) error { o.Status = data.StatusArchived; return nil }); err != nil {
		t.Fatal(err)
	}
	f.index.Sync()
	if res := f.search(t, search.Query{Text: "dredging"}); has(res, id) {
		t.Fatal("archived record still live")
	}
	if err := f.store.DeleteOffer(id); err != nil {
		t.Fatal(err)
	}
	f.index.Sync()
	if res := f.search(t, search.Query{Text: "dredging", IncludeAll: true}); has(res, id) {
		t.Fatal("deleted record still in the index")
	}
}

func TestSearch_ReplaysChangeLogOnOpen(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Crashy", "FR", data.OrgPartner)
	f.offer(t, org, listing("First offer on disk", "", "en"))
	// Writes committed to the store that the index never applied, as after
	// a crash between commit and indexing.
	var late []uint64
	for i := 0; i < 3; i++ {
		o, err := f.store.CreateOffer(org, data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Unindexed tidal turbine %d", i), Status: data.StatusPublished}})
		if err != nil {
			t.Fatal(err)
		}
		late = append(late, o.ID)
	}
	f.index.Close()
	idx, err := search.Open(context.Background(), filepath.Join(f.dir, "index"), f.store)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	res, err := idx.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: "tidal turbine"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 {
		t.Fatalf("after replay %d hits, want 3", res.Total)
	}
	last, _ := f.store.LastChange()
	if idx.Applied() != last {
		t.Fatalf("applied %d, store at %d", idx.Applied(), last)
	}
}

func TestSearch_HostileQueries(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Target", "VN", data.OrgEnterprise)
	id := f.offer(t, org, listing("Port crane automation", "AND OR NOT title:secret", "en"))
	f.offer(t, org, listing("Unrelated fertilizer granulation", "", "en"))
	for _, q := range []string{
		`title:secret`, `+port -crane`, `"unbalanced`, `port*`, `*`, `AND OR NOT`, `crane^100`, `a:b:c`, `(port`,
		`/regex.*/`, `~`, `\`, `!!!???`, `the of and`, `và của các`, "", " ", strings.Repeat("crane ", 160),
	} {
		res, err := f.index.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: q})
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if res.Total > 2 {
			t.Errorf("%q widened the search: %d hits", q, res.Total)
		}
	}
	// Query syntax is text: "title:secret" finds the record whose text says it, not a field search.
	res, _ := f.index.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: "title:secret"})
	if !has(res, id) {
		t.Errorf("title:secret should match the words in the description")
	}
	// A wildcard is not a wildcard.
	if res, _ := f.index.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: "fert*"}); res.Total != 0 {
		t.Errorf("fert* expanded to %d hits", res.Total)
	}
	for name, q := range map[string]search.Query{
		"TooLong":    {Text: strings.Repeat("x", 10_000)},
		"BrokenUTF8": {Text: "cr\xffane"},
		"BadSector":  {Sector: []string{"nope"}},
		"BadCursor":  {Cursor: "!!"},
		"BadTRL":     {TRLMin: 8, TRLMax: 3},
	} {
		q.Kind = data.KindOffer
		if _, err := f.index.Search(context.Background(), q); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("%s: want EINVALID, got %v", name, err)
		}
	}
}

func TestSearch_RebuildUnderConcurrentReads(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Rebuilt", "JP", data.OrgPartner)
	for i := 0; i < 60; i++ {
		f.offer(t, org, listing(fmt.Sprintf("Robotic palletising cell %d", i), "", "en"))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := f.index.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: "palletising"})
				if err != nil || res.Total < 60 {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("total %d err %v", res.Total, err))
					mu.Unlock()
				}
			}
		}()
	}
	// Writes during the rebuild must land in the new generation.
	go func() {
		for i := 0; i < 5; i++ {
			f.store.CreateOffer(org, data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Palletising add-on %d", i), Status: data.StatusPublished}})
			f.index.Sync()
		}
	}()
	for i := 0; i < 2; i++ {
		if err := f.index.Rebuild(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d failed reads during rebuild, first: %s", len(failures), failures[0])
	}
	time.Sleep(50 * time.Millisecond)
	f.index.Sync()
	res := f.search(t, search.Query{Text: "palletising", Limit: 100})
	if res.Total != 65 {
		t.Fatalf("after rebuild %d hits, want 65", res.Total)
	}
	if !strings.HasSuffix(f.index.Dir(), "gen-000003") {
		t.Fatalf("live generation %s", f.index.Dir())
	}
	matches, _ := filepath.Glob(filepath.Join(f.dir, "index", "gen-*"))
	if len(matches) != 1 {
		t.Fatalf("old generations left behind: %v", matches)
	}
}

func TestSearch_BrokenIndexIsRebuiltOnOpen(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Sturdy", "NL", data.OrgPartner)
	id := f.offer(t, org, listing("Dredging sediment sensor", "", "en"))
	dir := f.index.Dir()
	f.index.Close()
	// Wreck the live generation: its mapping and segment metadata are gone.
	matches, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, m := range matches {
		if err := os.RemoveAll(m); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644)
	idx, err := search.Open(context.Background(), filepath.Join(f.dir, "index"), f.store)
	if err != nil {
		t.Fatalf("a broken index should be rebuilt, not fail: %v", err)
	}
	defer idx.Close()
	if idx.Recovered == "" {
		t.Error("the rebuild was not reported")
	}
	res, err := idx.Search(context.Background(), search.Query{Kind: data.KindOffer, Text: "dredging"})
	if err != nil || !has(res, id) {
		t.Fatalf("after rebuild: %v %v", ids(res), err)
	}
}
