package search_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// Search counts facets from per-segment tables, breaks equal scores by
// record id, runs the filter as a non-scoring conjunction, builds snippets
// for the returned page only and leaves very common Vietnamese syllables
// out of a query. These tests check each against what Bleve itself
// answers (search/export_test.go) or against the records.

// manySegments stores offers and needs one write at a time (each index
// batch is a segment), then updates and deletes some, so the index has
// many segments and deleted documents in them.
func manySegments(t *testing.T, f *fixture) []uint64 {
	t.Helper()
	orgs := []uint64{
		f.org(t, "Hai Phong Port", "VN", data.OrgEnterprise),
		f.org(t, "Busan Robotics", "KR", data.OrgPartner),
		f.org(t, "Lyon Lab", "FR", data.OrgResearch),
	}
	sectors := []string{"energy.storage", "energy.renewable", "maritime.ports", "ict.ai", "environment.water"}
	texts := []struct{ lang, title, body string }{
		{"en", "Welding robot for hull blocks", "A robot cell with laser welding and battery storage."},
		{"vi", "Robot hàn vỏ tàu", "Hệ thống robot hàn cho nhà máy đóng tàu, lưu trữ pin."},
		{"ko", "용접 로봇 시스템", "선박 블록용 레이저 용접 로봇"},
		{"en", "Battery management for ports", "Battery storage and shore power for container terminals."},
	}
	var offers []uint64
	for i := 0; i < 48; i++ {
		tx := texts[i%len(texts)]
		l := data.Listing{
			Title: fmt.Sprintf("%s %d", tx.title, i), Description: tx.body, Language: tx.lang,
			Sectors:     []string{sectors[i%len(sectors)], sectors[(i/5)%len(sectors)]},
			Cooperation: []string{data.CooperationTypes[i%len(data.CooperationTypes)]},
		}
		if i%7 == 0 {
			l.Cooperation = append(l.Cooperation, data.CooperationTypes[(i+1)%len(data.CooperationTypes)])
		}
		if i%4 == 3 {
			rec, err := f.store.CreateNeed(orgs[i%3], data.NeedFields{Listing: withStatus(l), MinTRL: i % 10})
			if err != nil {
				t.Fatal(err)
			}
			_ = rec
			if err := f.index.Sync(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		offers = append(offers, f.offer(t, orgs[i%3], data.OfferFields{Listing: l, TRL: i % 10}))
	}
	for i, id := range offers {
		switch i % 6 {
		case 1: // moved to another sector and TRL: its old document is deleted
			if _, err := f.store.UpdateOffer(id, func(o *data.Offer) error {
				o.Sectors, o.TRL = []string{"ict.ai"}, 9
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		case 4:
			if err := f.store.DeleteOffer(id); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.index.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	// More facet values than a document's entry holds (facetInline).
	offers = append(offers, f.offer(t, orgs[1], data.OfferFields{Listing: data.Listing{Title: "Welding robot for every sector", Description: "Battery storage too.", Language: "en",
		Sectors: sectors, Cooperation: data.CooperationTypes}, TRL: 6}))
	past := time.Now().Add(-time.Hour)
	f.offer(t, orgs[0], data.OfferFields{Listing: data.Listing{Title: "Expired welding robot", Sectors: []string{"energy.storage"}, ExpiresAt: &past}, TRL: 9})
	f.offer(t, orgs[1], data.OfferFields{Listing: data.Listing{Title: "Draft welding robot", Status: data.StatusDraft, Sectors: []string{"energy.storage"}}, TRL: 9})
	return offers
}

func withStatus(l data.Listing) data.Listing {
	l.Status = data.StatusPublished
	return l
}

func TestSearch_FacetsAgreeWithBleve(t *testing.T) {
	f := mustOpen(t)
	manySegments(t, f)
	queries := []struct {
		name string
		q    search.Query
	}{
		{"AllOffers", search.Query{}},
		{"Text", search.Query{Text: "robot"}},
		{"TextAndTRL", search.Query{Text: "welding robot battery", TRLMin: 4}},
		{"Vietnamese", search.Query{Text: "robot hàn"}},
		{"ParentSector", search.Query{Sector: []string{"energy"}}},
		{"CountriesAndCooperation", search.Query{Country: []string{"KR", "VN"}, Cooperation: []string{data.CooperationTypes[0]}}},
		{"Needs", search.Query{Kind: data.KindNeed}},
		{"NeedsText", search.Query{Kind: data.KindNeed, Text: "battery"}},
		{"NoHit", search.Query{Text: "nothing matches this"}},
		{"Translated", search.Query{Text: "welding robot", Translations: []search.Translation{
			{Term: "welding robot", Text: "robot hàn", Lang: "vi"}, {Term: "welding robot", Text: "용접 로봇", Lang: "ko"}}}},
		{"VietnameseTranslated", search.Query{Text: "robot hàn vỏ tàu", Translations: []search.Translation{
			{Term: "robot hàn", Text: "welding robot", Lang: "en"}, {Term: "robot hàn", Text: "용접 로봇", Lang: "ko"}}}},
		{"TranslatedFiltered", search.Query{Text: "battery", Sector: []string{"energy"}, Translations: []search.Translation{
			{Term: "battery", Text: "pin", Lang: "vi"}}}},
	}
	for _, tc := range queries {
		q := tc.q
		t.Run(tc.name, func(t *testing.T) {
			if q.Kind == "" {
				q.Kind = data.KindOffer
			}
			res := f.search(t, q)
			want, total, err := search.ReferenceFacets(f.index, q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != total {
				t.Errorf("total %d, Bleve says %d", res.Total, total)
			}
			for _, name := range []string{"sector", "country", "cooperation", "language", "trl"} {
				got := res.Facets[name]
				if len(got) == 0 && len(want[name]) == 0 {
					continue
				}
				if !reflect.DeepEqual(got, want[name]) {
					t.Errorf("facet %s:\n got  %v\n want %v", name, got, want[name])
				}
			}
			if total > 0 && len(res.Facets["sector"]) == 0 {
				t.Errorf("no sector facet for %d hits", total)
			}
		})
	}
}

func TestSearch_ScoresAndSnippetsAsBleveGivesThem(t *testing.T) {
	f := mustOpen(t)
	manySegments(t, f)
	for _, q := range []search.Query{
		{Text: "welding robot"},
		{Text: "battery storage", Sector: []string{"energy"}, TRLMin: 3},
		{Text: "robot hàn vỏ tàu"},
		{Text: "용접 로봇"},
	} {
		q.Kind = data.KindOffer
		// Two pages of Search against Bleve's one list: the same scores
		// in the same order, and each record the same snippets (Bleve
		// joins neighbouring marks either way, at random). BM25 scores
		// move a little when a background merge drops deleted documents,
		// so the comparison holds when Bleve's list is the same before
		// and after the pages (a few tries).
		var want, got []search.Hit
		for try := 0; ; try++ {
			before, err := search.ReferenceHits(f.index, q, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(before) == 0 {
				t.Fatalf("%q finds nothing: the test data do not exercise it", q.Text)
			}
			got = nil
			q.Limit = (len(before) + 1) / 2
			for cursor := ""; ; {
				q.Cursor = cursor
				res := f.search(t, q)
				got = append(got, res.Hits...)
				if cursor = res.NextCursor; cursor == "" {
					break
				}
			}
			after, err := search.ReferenceHits(f.index, q, 100)
			if err != nil {
				t.Fatal(err)
			}
			want = before
			if sameScores(before, after) || try == 20 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d hits, Bleve %d", q.Text, len(got), len(want))
		}
		marks := strings.NewReplacer("</mark> <mark>", " ")
		snippets := map[uint64]string{}
		for _, h := range want {
			snippets[h.ID] = marks.Replace(fmt.Sprint(h.Snippets))
		}
		for i := range got {
			if got[i].Score != want[i].Score {
				t.Errorf("%q hit %d: score %v, Bleve %v", q.Text, i, got[i].Score, want[i].Score)
			}
			s, ok := snippets[got[i].ID]
			if !ok {
				t.Errorf("%q: hit %d is not among Bleve's", q.Text, got[i].ID)
			} else if marks.Replace(fmt.Sprint(got[i].Snippets)) != s {
				t.Errorf("%q hit %d snippets\n got  %v\n want %v", q.Text, got[i].ID, got[i].Snippets, s)
			}
			if len(got[i].Snippets) == 0 {
				t.Errorf("%q: hit %d (page %d) has no snippet", q.Text, got[i].ID, i/q.Limit+1)
			}
		}
	}
}

func sameScores(a, b []search.Hit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Score != b[i].Score {
			return false
		}
	}
	return true
}

func TestSearch_EqualScoresInRecordOrder(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Twins", "DE", data.OrgPartner)
	var want []uint64
	for range 13 {
		// One write each: the twins sit in different segments.
		want = append(want, f.offer(t, org, listing("Hydrogen fuel cell stack", "Fuel cell stack for forklifts.", "en")))
	}
	var got []uint64
	q := search.Query{Text: "fuel cell", Limit: 4}
	for range 10 {
		res := f.search(t, q)
		for _, h := range res.Hits {
			if h.Score != res.Hits[0].Score {
				t.Fatalf("the twins score differently: %+v", res.Hits)
			}
		}
		got = append(got, ids(res)...)
		if q.Cursor = res.NextCursor; q.Cursor == "" {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("equal scores in order %v, want record order %v", got, want)
	}
}

// TestSearch_CommonVietnameseSyllables: in a large index, a query
// syllable found in more than a tenth of the records is left out when a
// syllable pair of the query holds it, so "tái chế nhựa" finds plastics
// recycling and plastics, not every record that says "tại" (at).
func TestSearch_CommonVietnameseSyllables(t *testing.T) {
	f := mustOpen(t)
	var items []data.ImportItem
	org := data.OrganizationFields{Name: "Filler", Kind: data.OrgEnterprise, Country: "VN"}
	for i := range 1000 {
		l := data.Listing{Title: fmt.Sprintf("Generic engineering service %d", i), Description: "Maintenance contracts.", Language: "en", Status: data.StatusPublished}
		if i%6 == 0 { // 167 of about 1,000: "tai" is common
			l = data.Listing{Title: fmt.Sprintf("Dịch vụ kỹ thuật %d", i), Description: "Bảo trì tại nhà máy của khách hàng.", Language: "vi", Status: data.StatusPublished}
		}
		items = append(items, data.ImportItem{Org: org, Offer: &data.OfferFields{Listing: l}})
	}
	if _, err := f.store.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if err := f.index.Sync(); err != nil {
		t.Fatal(err)
	}
	vn := f.org(t, "Nhựa Xanh", "VN", data.OrgEnterprise)
	recycling := f.offer(t, vn, listing("Tái chế nhựa phế thải", "Dây chuyền tái chế nhựa PET thành hạt.", "vi"))
	plastic := f.offer(t, vn, listing("Ống nhựa HDPE", "Sản xuất ống nhựa cho cấp nước.", "vi"))

	drop, err := search.CommonSyllables(f.index, "tái chế nhựa")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(drop, map[string]bool{"tai": true}) {
		t.Errorf("common syllables %v, want only tai", drop)
	}
	res := f.search(t, search.Query{Text: "tái chế nhựa"})
	if got := ids(res); !slices.Equal(got, []uint64{recycling, plastic}) || res.Total != 2 {
		t.Errorf("tái chế nhựa: %v of %d, want [%d %d]: the phrase, then the plastics", got, res.Total, recycling, plastic)
	}
	if !strings.Contains(fmt.Sprint(res.Hits[0].Snippets), "<mark>") {
		t.Errorf("no highlighted snippet: %v", res.Hits[0].Snippets)
	}
	// A syllable alone is searched, however common.
	if res := f.search(t, search.Query{Text: "tại", Limit: 1}); res.Total < 160 {
		t.Errorf("tại alone finds %d records, want the 167 that say it", res.Total)
	}
}

// TestSearch_BrowseNewestFirst: without q, records come newest first
// (equal creation times by id), page after page through next_cursor, each
// once, over many segments with updated and deleted records; a record
// added between two pages does not push the next page back.
func TestSearch_BrowseNewestFirst(t *testing.T) {
	f := mustOpen(t)
	manySegments(t, f)
	// Records created in the same instant: a bulk import.
	var items []data.ImportItem
	for i := range 12 {
		items = append(items, data.ImportItem{Org: data.OrganizationFields{Name: "Bulk", Kind: data.OrgPartner, Country: "DE"},
			Offer: &data.OfferFields{Listing: data.Listing{Title: fmt.Sprintf("Imported offer %d", i), Status: data.StatusPublished}}})
	}
	if _, err := f.store.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if err := f.index.Sync(); err != nil {
		t.Fatal(err)
	}
	all, err := f.store.Offers(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var want []uint64
	created := map[uint64]time.Time{}
	for _, o := range all {
		if o.Live(time.Now()) {
			want = append(want, o.ID)
			created[o.ID] = o.CreatedAt
		}
	}
	slices.SortFunc(want, func(a, b uint64) int {
		ca, cb := created[a].UnixMilli(), created[b].UnixMilli()
		if ca != cb {
			return int(cb - ca) // latest first
		}
		return int(a) - int(b)
	})
	org := f.org(t, "Late", "FR", data.OrgPartner)
	var got []uint64
	q := search.Query{Limit: 7}
	for page := 0; page < 20; page++ {
		res := f.search(t, q)
		if res.Total < uint64(len(want)) {
			t.Fatalf("page %d: total %d, want at least %d", page, res.Total, len(want))
		}
		got = append(got, ids(res)...)
		if page == 1 {
			f.offer(t, org, listing("Added while browsing", "A new offer.", "en"))
		}
		if q.Cursor = res.NextCursor; q.Cursor == "" {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages gave\n %v\nwant (newest first, then by id)\n %v", got, want)
	}
}
