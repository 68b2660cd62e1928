package search_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// TestSearch_SnippetsAsBleveHighlightsThem: Search marks the query's terms
// in each hit's stored title and description itself (snippets.go); the
// snippets must be those Bleve highlights in a search of the page's records
// for the same terms: the words' tier with every syllable and syllable
// pair, in Vietnamese with and without diacritics, English stems, Korean
// bigrams, records in other languages (their start, unmarked), and the
// translated tier, where a translation marks a field only when the field
// holds all of it.
func TestSearch_SnippetsAsBleveHighlightsThem(t *testing.T) {
	f := mustOpen(t)
	manySegments(t, f)
	vn := f.org(t, "Cảng Hải Phòng", "VN", data.OrgEnterprise)
	kr := f.org(t, "Busan Port Tech", "KR", data.OrgPartner)
	for _, o := range []data.OfferFields{
		listing("Cấp điện bờ cho tàu container", "Hệ thống cấp điện bờ, điện bờ trung thế cho cầu cảng.", "vi"),
		listing("Mất điện ở cầu cảng", "Cấp điện bờ cho tàu neo đậu; sửa chữa điện.", "vi"),
		listing("Cap dien bo khong dau", "He thong cap dien bo cho cang bien, robot han.", "vi"),
		listing("Shore power for berths", "Shore-side power supply, welded cable reels and robots welding hulls.", "en"),
		listing("육상전원공급 설비", "선박용 육상전원 공급 장치와 용접 로봇", "ko"),
		{Listing: data.Listing{Title: strings.Repeat("Robot hàn vỏ tàu, ", 3), Description: strings.Repeat("Robot hàn cho nhà máy đóng tàu và cấp điện bờ. ", 15), Language: "vi"}},
	} {
		f.offer(t, vn, o)
		vn, kr = kr, vn
	}
	shore := []search.Translation{{Term: "shore power", Text: "điện bờ", Lang: "vi"}, {Term: "shore power", Text: "육상전원", Lang: "ko"}}
	weld := []search.Translation{{Term: "welding robot", Text: "robot hàn", Lang: "vi"}, {Term: "welding robot", Text: "용접 로봇", Lang: "ko"}}
	marks := strings.NewReplacer("</mark> <mark>", " ")
	for _, q := range []search.Query{
		{Text: "robot hàn vỏ tàu"},
		{Text: "cap dien bo"},
		{Text: "cấp điện bờ"},
		{Text: "welding robots"},
		{Text: "shore power"},
		{Text: "용접 로봇"},
		{Text: "shore power", Translations: shore},
		{Text: "welding robot", Translations: weld},
		{Text: "power", Translations: shore},
	} {
		q.Kind, q.Limit = data.KindOffer, 100
		res := f.search(t, q)
		if len(res.Hits) == 0 {
			t.Fatalf("%q finds nothing: the test data do not exercise it", q.Text)
		}
		var words, translated []string
		for _, h := range res.Hits {
			id := data.RecordRef(h.Kind, h.ID)
			if len(h.Translations) > 0 {
				translated = append(translated, id)
			} else {
				words = append(words, id)
			}
		}
		for _, tier := range []struct {
			ids        []string
			translated bool
		}{{words, false}, {translated, true}} {
			if len(tier.ids) == 0 {
				continue
			}
			want, err := search.ReferenceSnippets(f.index, q, tier.ids, tier.translated)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				w, ok := want[data.RecordRef(h.Kind, h.ID)]
				if !ok {
					continue
				}
				if got, w := marks.Replace(fmt.Sprint(h.Snippets)), marks.Replace(fmt.Sprint(w)); got != w {
					t.Errorf("%q (translations %v) hit %d snippets\n got  %s\n want %s", q.Text, q.Translations != nil, h.ID, got, w)
				}
				if len(h.Snippets) == 0 {
					t.Errorf("%q: hit %d has no snippet", q.Text, h.ID)
				}
			}
		}
	}
}
