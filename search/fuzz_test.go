package search_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/search"
)

// FuzzSearchQuery: whatever a person types and whatever the filters say, a
// query either fails validation with field errors or runs; it never panics,
// never fails inside the index, and never returns a record twice or a
// record the filters exclude.
func FuzzSearchQuery(f *testing.F) {
	dir := f.TempDir()
	store, err := bolt.Open(filepath.Join(dir, "techmatch.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	org, err := store.CreateOrganization(data.OrganizationFields{Name: "Fuzz Partner", Kind: "partner", Country: "KR"}, nil)
	if err != nil {
		f.Fatal(err)
	}
	for _, title := range []string{"Xử lý nước thải công nghiệp", "Hydrogen fuel cell stack", "폐수 처리 기술", "Cảng biển thông minh IoT"} {
		if _, err := store.CreateOffer(org.ID, data.OfferFields{Listing: data.Listing{Title: title, Status: data.StatusPublished, Sectors: []string{"environment.water"}}, TRL: 6}); err != nil {
			f.Fatal(err)
		}
	}
	idx, err := search.Open(context.Background(), filepath.Join(dir, "index"), store)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { idx.Close() })

	f.Add("xu ly nuoc thai", "environment", "KR", 0, 0, "", "")
	f.Add(`title:"x" AND * +foo -bar ~2 ^3 /re.*/`, "", "", 1, 9, "newest", "")
	f.Add("\x00\xff\ud7ff 폐수", "a,b", "kr,VN", 9, 1, "relevance", "bogus-cursor")
	f.Add(strings.Repeat("cảng ", 300), "", "", 0, 0, "", "")
	f.Fuzz(func(t *testing.T, text, sector, country string, trlMin, trlMax int, sort, cursor string) {
		q := search.Query{Kind: data.KindOffer, Text: text, Sort: sort, Cursor: cursor, TRLMin: trlMin, TRLMax: trlMax, Limit: 10}
		if sector != "" {
			q.Sector = strings.Split(sector, ",")
		}
		if country != "" {
			q.Country = strings.Split(country, ",")
		}
		if err := q.Validate(); err != nil {
			if e, ok := err.(*data.Error); !ok || e.Code != data.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("validation error without fields: %v", err)
			}
			return
		}
		res, err := idx.Search(context.Background(), q)
		if err != nil {
			if data.ErrorCode(err) == data.EINVALID {
				return // a cursor from elsewhere
			}
			t.Fatalf("a valid query failed: %v (%+v)", err, q)
		}
		seen := map[uint64]bool{}
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("hit %d twice", h.ID)
			}
			seen[h.ID] = true
		}
		if q.TRLMin > 6 && len(res.Hits) > 0 {
			t.Fatalf("TRL 6 offers found with trl_min %d", q.TRLMin)
		}
	})
}
