package search_test

import (
	"slices"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// TestSearch_VietnameseTextFindsWhatBothFieldsFind: Search leaves out of
// the Vietnamese fields the single syllables that the folded fields are
// asked for too, and an English or Korean query asks the languages' own
// fields instead of the folded ones; that must find exactly the records the
// whole query finds
// (the candidate queries' form), and so must Search, for queries with and without diacritics,
// with syllables the folded field's stop list drops (cửa, chợ, trồng,
// dược, vôi), in keywords only, in records of other languages, with Han
// and Hangul, and for a query whose language is unsure.
func TestSearch_VietnameseTextFindsWhatBothFieldsFind(t *testing.T) {
	f := mustOpen(t)
	org := f.org(t, "Hợp tác xã", "VN", data.OrgEnterprise)
	kw := func(o data.OfferFields, kws ...string) data.OfferFields { o.Keywords = kws; return o }
	for _, o := range []data.OfferFields{
		listing("Hệ thống xử lý nước thải", "Xử lý nước thải công nghiệp cho khu chế xuất.", "vi"),
		listing("Xu ly nuoc thai sinh hoat", "Cong nghe xu ly nuoc thai khong dau.", "vi"),
		listing("Cửa hàng nông sản sạch", "Chợ đầu mối, trồng rau, dược liệu và vôi bột.", "vi"),
		listing("Cua hang cho nong san", "Cho dau moi trong rau duoc lieu voi bot.", "vi"),
		kw(listing("Giải pháp cho nhà máy", "Tư vấn vận hành.", "vi"), "tái chế nhựa", "PET"),
		listing("Wastewater treatment in Hà Nội", "Plants for Nuoc Thai Hanoi and IoT sensors.", "en"),
		listing("폐수 처리 시스템", "하노이 공장용 IoT 센서", "ko"),
		listing("汚水処理 装置", "ハノイ 工場 向け", "ja"),
		listing("Robot hàn vỏ tàu 4.0", "Robot hàn cho nhà máy đóng tàu, cảm biến IoT.", "vi"),
		listing("Traitement des eaux", "traitement des eaux usées nuoc", "fr"),
		listing("IT outsourcing for shipyards", "Our IT team treats wastewater data.", "en"),
		listing("Giám sát IoT cho trạm xử lý", "Wastewater treatment monitoring với cảm biến IoT.", "vi"),
		listing("Tổ chức in ấn bao bì", "In bao bì để xuất khẩu.", "vi"),
	} {
		f.offer(t, org, o)
	}
	for _, text := range []string{
		"xử lý nước thải", "xu ly nuoc thai", "nước", "cửa hàng", "chợ trồng dược vôi",
		"cho trong duoc voi", "tái chế nhựa PET", "Hà Nội IoT", "robot hàn 4.0",
		"nước thải 汚水 폐수", "汚水処理", "폐수 처리", "nuoc", "thai",
		// English and Korean queries ask their own language's fields and
		// the other languages' instead of the folded fields (ownfields.go).
		"wastewater treatment", "IoT sensors", "IT outsourcing", "treated water in Hanoi",
		"IT for the harbour authority", "labels to print in Hanoi",
		"폐수 처리 시스템", "IoT 센서", "하노이 공장",
	} {
		q := search.Query{Kind: data.KindOffer, Text: text}
		got, err := search.TextQueryIDs(f.index, q, false)
		if err != nil {
			t.Fatal(err)
		}
		want, err := search.TextQueryIDs(f.index, q, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Errorf("%q finds nothing: the test data do not exercise it", text)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: Search's text query finds %v, the whole query %v", text, got, want)
		}
		// Search itself, a Vietnamese query in its two tiers (viled.go).
		res := f.search(t, search.Query{Text: text, Limit: 100})
		var found []string
		for _, h := range res.Hits {
			found = append(found, data.RecordRef(h.Kind, h.ID))
		}
		slices.Sort(found)
		if !slices.Equal(found, want) || res.Total != uint64(len(want)) {
			t.Errorf("%q: Search finds %v (total %d), the whole query %v", text, found, res.Total, want)
		}
	}
}
