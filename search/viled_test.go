package search_test

import (
	"slices"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// TestSearch_VietnameseWordsBeforeSyllables: a Vietnamese query ranks the
// records holding its words (syllable pairs) above those holding only its
// syllables apart, however many of them and wherever; those come after,
// ranked by their syllables, and are still found and counted (with and
// without diacritics, in other languages); pages visit every record once
// across the two; total and facets are those of every record found; a
// translation's records come after both.
func TestSearch_VietnameseWordsBeforeSyllables(t *testing.T) {
	f := mustOpen(t)
	vn := f.org(t, "Môi trường Xanh", "VN", data.OrgEnterprise)
	de := f.org(t, "Aqua GmbH", "DE", data.OrgPartner)
	word := f.offer(t, vn, listing("Giải pháp cho khu công nghiệp", "Chúng tôi lắp đặt, bảo trì và vận hành trạm xử lý nước thải công suất nhỏ cho các khu công nghiệp phía Bắc.", "vi"))
	wordUnmarked := f.offer(t, vn, listing("Tram xu ly nuoc thai", "Lap dat tai nha may.", "vi"))
	scatteredListing := listing("Lý thuyết nước ngầm, khí thải và xử phạt", "Nước, thải, lý, xử: tư vấn pháp lý.", "vi")
	scatteredListing.Keywords = []string{"lý thuyết", "nước ngầm", "khí thải", "xử phạt"}
	scattered := f.offer(t, vn, scatteredListing)
	oneSyllable := f.offer(t, vn, listing("Máy lọc nước gia đình", "Lọc nước uống.", "vi"))
	foreign := f.offer(t, de, listing("Nuoc Thai project in Hanoi", "Water quality sensors.", "en"))
	for _, o := range []data.OfferFields{
		listing("Phần mềm kế toán", "Quản trị doanh nghiệp.", "vi"),
		listing("Wastewater treatment", "Membrane bioreactors.", "en"),
	} {
		f.offer(t, vn, o)
	}
	for _, text := range []string{"xử lý nước thải", "xu ly nuoc thai"} {
		res := f.search(t, search.Query{Text: text, Limit: 100})
		got := ids(res)
		if len(got) < 2 || !slices.Contains(got[:2], word) || !slices.Contains(got[:2], wordUnmarked) {
			t.Fatalf("%q: %v, want %d and %d (the words) first", text, got, word, wordUnmarked)
		}
		for _, id := range []uint64{scattered, oneSyllable, foreign} {
			if rank(res, id) < 2 {
				t.Errorf("%q: %d (syllables only) missing or above the words: %v", text, id, got)
			}
		}
		if rank(res, scattered) > rank(res, oneSyllable) {
			t.Errorf("%q: %d (every syllable, in the title) below %d (one syllable): %v", text, scattered, oneSyllable, got)
		}
		// The same records as the whole query (both fields for every
		// term), counted in total and facets.
		want, err := search.TextQueryIDs(f.index, search.Query{Kind: data.KindOffer, Text: text}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || res.Total != uint64(len(want)) {
			t.Errorf("%q: %d hits of %d, the whole query finds %d", text, len(got), res.Total, len(want))
		}
		n := 0
		for _, fc := range res.Facets["language"] {
			n += fc.Count
		}
		if n != len(want) {
			t.Errorf("%q: the language facet counts %d records, want %d", text, n, len(want))
		}
		// Pages of two: the same order, each record once.
		if paged := f.pages(t, search.Query{Text: text, Limit: 2}, 10); !slices.Equal(paged, got) {
			t.Errorf("%q: pages of two give %v, want %v", text, paged, got)
		}
	}
	// With translations, as the API asks (translate.go): the records only
	// a translation finds come after both tiers of the words, counted too.
	trans := []search.Translation{{Term: "xử lý nước thải", Text: "wastewater treatment", Lang: "en"}}
	plain := f.search(t, search.Query{Text: "xử lý nước thải", Limit: 100})
	res := f.search(t, search.Query{Text: "xử lý nước thải", Translations: trans, Limit: 100})
	got := ids(res)
	if len(got) != len(plain.Hits)+1 || !slices.Equal(got[:len(plain.Hits)], ids(plain)) || res.Total != plain.Total+1 {
		t.Fatalf("with the translation: %v of %d, want %v of %d then the English record", got, res.Total, ids(plain), plain.Total)
	}
	if last := res.Hits[len(res.Hits)-1]; !slices.Equal(last.Translations, []string{"xử lý nước thải → wastewater treatment"}) {
		t.Errorf("the translated hit %d names %q", last.ID, last.Translations)
	}
	if paged := f.pages(t, search.Query{Text: "xử lý nước thải", Translations: trans, Limit: 2}, 10); !slices.Equal(paged, got) {
		t.Errorf("with the translation, pages of two give %v, want %v", paged, got)
	}
	// A filter holds for both tiers.
	if r := f.search(t, search.Query{Text: "xử lý nước thải", Country: []string{"DE"}}); !slices.Equal(ids(r), []uint64{foreign}) {
		t.Errorf("country DE: %v, want [%d]", ids(r), foreign)
	}
}
