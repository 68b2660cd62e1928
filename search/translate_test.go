package search_test

import (
	"slices"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// TestSearch_Translations: records a translation finds come after every
// record the query's own words find, however well they score, each naming
// its translation; a translation must occur as a whole term; total and
// facets count both tiers; filters still apply.
func TestSearch_Translations(t *testing.T) {
	f := mustOpen(t)
	kr := f.org(t, "Busan Port Tech", "KR", data.OrgPartner)
	vn := f.org(t, "Cảng Hải Phòng", "VN", data.OrgEnterprise)
	weakEN := f.offer(t, kr, listing("Cable reels for berths", "Also usable for shore power at small quays.", "en"))
	strongVI := f.offer(t, vn, listing("Cấp điện bờ cho tàu container", "Hệ thống cấp điện bờ, điện bờ trung thế cho cầu cảng.", "vi"))
	scattered := f.offer(t, vn, listing("Mất điện ở bờ kè", "Sửa chữa điện cho khu bờ biển.", "vi"))
	otherKR := f.offer(t, kr, listing("육상전원공급 설비", "선박용 육상전원 공급 장치", "ko"))
	trans := []search.Translation{{Term: "shore power", Text: "điện bờ", Lang: "vi"}, {Term: "shore power", Text: "육상전원", Lang: "ko"}}

	res := f.search(t, search.Query{Text: "shore power", Translations: trans})
	got := ids(res)
	if len(got) != 3 || got[0] != weakEN || !slices.Contains(got, strongVI) || !slices.Contains(got, otherKR) {
		t.Fatalf("hits %v, want %d (the words) first, then %d and %d (translations)", got, weakEN, strongVI, otherKR)
	}
	if slices.Contains(got, scattered) {
		t.Errorf("%d has điện and bờ apart, not the term điện bờ, and was found", scattered)
	}
	if len(res.Hits[0].Translations) != 0 {
		t.Errorf("a hit of the words names translations %q", res.Hits[0].Translations)
	}
	for _, h := range res.Hits[1:] {
		want := map[uint64]string{strongVI: "shore power → điện bờ", otherKR: "shore power → 육상전원"}[h.ID]
		if !slices.Equal(h.Translations, []string{want}) {
			t.Errorf("hit %d translations %q, want [%q]", h.ID, h.Translations, want)
		}
	}
	if res.Total != 3 {
		t.Errorf("total %d, want 3", res.Total)
	}
	langs := map[string]int{}
	for _, fc := range res.Facets["language"] {
		langs[fc.Value] = fc.Count
	}
	if langs["en"] != 1 || langs["vi"] != 1 || langs["ko"] != 1 {
		t.Errorf("language facet %v, want one each", langs)
	}
	// Pages of one hit visit the same three in the same order.
	if paged := f.pages(t, search.Query{Text: "shore power", Translations: trans, Limit: 1}, 5); !slices.Equal(paged, got) {
		t.Errorf("paging by one gives %v, want %v", paged, got)
	}
	// Filters hold for the translated tier too.
	if r := f.search(t, search.Query{Text: "shore power", Translations: trans, Country: []string{"VN"}}); !slices.Equal(ids(r), []uint64{strongVI}) {
		t.Errorf("country VN: %v, want [%d]", ids(r), strongVI)
	}
	// Without translations, the words alone.
	if r := f.search(t, search.Query{Text: "shore power"}); !slices.Equal(ids(r), []uint64{weakEN}) {
		t.Errorf("no translations: %v, want [%d]", ids(r), weakEN)
	}
}
