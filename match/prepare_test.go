package match

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// checkSharedAnalysis checks that NewOfflineEngine, which analyses each
// offer's text once and shares the analysis, counts the same vocabulary as
// VocabularyOf, learns its semantic space from the same words as
// BuildSemantic, and prepares the same sides as an engine that prepares
// each from scratch; also for needs, which it never saw, and with other
// settings, which it must not take from its analyses. Vectors are compared
// to 1e-12: they are normalized in map order, which varies from run to run.
func checkSharedAnalysis(t *testing.T, offers, needs []data.Profile, otherSettings bool) {
	t.Helper()
	e, err := NewOfflineEngine(context.Background(), offers, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := VocabularyOf(offers, e.Glossary)
	if e.Vocab.docs != ref.docs || !reflect.DeepEqual(e.Vocab.df, ref.df) {
		t.Fatalf("vocabulary: %d documents, %d words; VocabularyOf %d, %d", e.Vocab.docs, len(e.Vocab.df), ref.docs, len(ref.df))
	}
	if e.Semantic == nil {
		t.Fatal("no semantic space")
	}
	for i := range offers {
		words, _ := e.texts[offers[i].Ref].semanticWords()
		if want := profileWords(&offers[i]); !reflect.DeepEqual(words, want) {
			t.Fatalf("offer %s: the semantic space learns from %v, BuildSemantic from %v", offers[i].Ref, words, want)
		}
	}
	fresh := &Engine{Vocab: e.Vocab, Glossary: e.Glossary, Semantic: e.Semantic}
	same := func(what string, ps []data.Profile) {
		t.Helper()
		bad := 0
		for i := range ps {
			if why := sideDiff(e.prepareText(&ps[i]), fresh.prepareText(&ps[i])); why != "" {
				if bad++; bad <= 3 {
					t.Errorf("%s %s (%s): %s", what, ps[i].Ref, ps[i].Language, why)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d sides differ from the ones prepared from scratch", what, bad, len(ps))
		}
	}
	same("offer", offers)
	same("need", needs)
	if !otherSettings {
		return
	}
	// Other settings than the analyses were made with: analysed afresh.
	tu := DefaultTuning
	tu.Syllable, tu.Synonyms = 0.25, true
	e.Tuning, fresh.Tuning = &tu, &tu
	same("offer with other tuning", offers)
	e.Glossary, fresh.Glossary = nil, nil
	same("offer without the glossary", offers)
}

// sideDiff says how a differs from b ("" if in nothing but vectors' last
// bits).
func sideDiff(a, b *side) string {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12 }
	vecNear := func(x, y vector) bool {
		if len(x) != len(y) {
			return false
		}
		for w, v := range x {
			if u, ok := y[w]; !ok || !near(u, v) {
				return false
			}
		}
		return true
	}
	if len(a.sem) != len(b.sem) {
		return "semantic position"
	}
	for _, l := range []string{"", "en", "vi", "ko", "ja"} {
		if !vecNear(a.vecFor(l), b.vecFor(l)) || !vecNear(a.evecFor(l), b.evecFor(l)) {
			return "vector for a counterpart in " + l
		}
	}
	for i := range a.sem {
		if !near(a.sem[i], b.sem[i]) {
			return "semantic position"
		}
	}
	x, y := *a, *b
	x.sem, x.lazy = nil, nil
	y.sem, y.lazy = nil, nil
	if !reflect.DeepEqual(x, y) {
		return fmt.Sprintf("%+v\nfrom scratch %+v", x, y)
	}
	return ""
}

func TestNewOfflineEngine_SharedAnalysisIsTheReference(t *testing.T) {
	var offers []data.Profile
	add := func(lang, title, desc string, kws ...string) {
		offers = append(offers, data.Profile{Ref: fmt.Sprint("o", len(offers)), Kind: data.KindOffer,
			Listing: data.Listing{Title: title, Description: desc, Keywords: kws, Language: lang}})
	}
	for i := 0; i < 5; i++ {
		add("en", "Shore power for vessels at berth", "Zero-emission berth power: ships plug into the grid. Cold ironing™ for ferries; U.S.A. ports.", "shore power", "cold ironing")
		add("en", "Wastewater treatment with membranes", "Membrane bioreactor for aquaculture wastewater, 30% less energy.", "wastewater", "MBR")
		add("vi", "Cấp điện bờ cho tàu", "Giải pháp cấp điện từ bờ cho tàu khi neo đậu tại cảng. Xử lý nước thải", "điện bờ", "cảng biển")
		add("vi", "Xu ly nuoc thai thuy san", "He thong xu ly nuoc thai nuoi trong thuy san, tiet kiem nang luong", "nuoc thai")
		add("ko", "선박 육상전원 공급", "항만에서 선박에 육상 전력을 공급하는 시스템", "육상전원")
	}
	needs := []data.Profile{
		{Ref: "n1", Kind: data.KindNeed, Listing: data.Listing{Title: "Cold ironing for a ferry terminal", Description: "We want berth power.", Language: "en"}},
		{Ref: "n2", Kind: data.KindNeed, Listing: data.Listing{Title: "Xử lý nước thải thủy sản", Keywords: []string{"nước thải"}, Language: "vi"}},
	}
	checkSharedAnalysis(t, offers, needs, true)
}

// On the shared corpus (skipped without it): the same numbers as the
// reference for every offer and need.
func TestNewOfflineEngine_SharedAnalysisIsTheReference_Corpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	read := func(name string) []data.Profile {
		f, err := os.Open("../../shared/corpus/" + name)
		if err != nil {
			t.Skipf("no shared corpus beside the repository (%v); it is not shipped in the repo", err)
		}
		defer f.Close()
		items, _, err := ingest.ReadJSONL(f)
		if err != nil {
			t.Fatal(err)
		}
		var out []data.Profile
		for _, it := range items {
			out = append(out, ItemProfile(it))
		}
		return out
	}
	offers := append(read("offers.jsonl"), read("offers_extra.jsonl")...)
	checkSharedAnalysis(t, offers, read("needs.jsonl"), false)
}

// pickVec picks, from a side's vectors all made at once (all: with every
// translation; byLang: own words "" and with the translations into each
// language), the one for a counterpart in lang.
func pickVec(all vector, byLang map[string]vector, own, lang string) vector {
	switch {
	case lang == "":
		return all
	case lang == own:
		return byLang[""]
	}
	if v, ok := byLang[lang]; ok {
		return v
	}
	return byLang[""]
}

// The vectors made when first asked for are the ones pickVec would pick
// from vecs and evecs made at once.
func TestLangVectors_AreTheEagerOnes(t *testing.T) {
	gl, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	offers := []data.Profile{
		{Ref: "o1", Listing: data.Listing{Title: "Shore power for vessels at berth", Description: "Cold ironing and wastewater treatment at the port.", Keywords: []string{"shore power"}, Language: "en"}},
		{Ref: "o2", Listing: data.Listing{Title: "Cấp điện bờ cho tàu", Description: "Xử lý nước thải tại cảng biển.", Language: "vi"}},
		{Ref: "o3", Listing: data.Listing{Title: "선박 육상전원 공급", Description: "항만 폐수 처리", Language: "ko"}},
	}
	e := &Engine{Vocab: VocabularyOf(offers, gl), Glossary: gl}
	for i := range offers {
		tx := e.analyze(&offers[i], nil)
		if len(tx.byLang) == 0 {
			t.Fatalf("%s: no translations; the test needs some", offers[i].Ref)
		}
		s := e.weigh(&offers[i], tx)
		without := func(v vector) vector {
			if len(tx.syllables) > 0 {
				return v.without(tx.syllables)
			}
			return v
		}
		own := e.Vocab.vector(tx.words)
		vec := tx.with(e.Vocab, tx.transWords)
		vecs, evecs := map[string]vector{"": own}, map[string]vector{"": without(own)}
		for l, tw := range tx.byLang {
			vecs[l] = tx.with(e.Vocab, tw)
			evecs[l] = without(vecs[l])
		}
		// Vectors are normalized in map order: compared to 1e-12.
		lang := offers[i].Language
		for _, l := range []string{"", "en", "vi", "ko", "ja"} {
			for range 2 { // made, then remembered
				if !vecClose(s.vecFor(l), pickVec(vec, vecs, lang, l)) || !vecClose(s.evecFor(l), pickVec(without(vec), evecs, lang, l)) {
					t.Fatalf("%s, counterpart in %q: the vector made when asked for differs", offers[i].Ref, l)
				}
			}
		}
	}
}

func vecClose(x, y vector) bool {
	if len(x) != len(y) {
		return false
	}
	for w, v := range x {
		if u, ok := y[w]; !ok || math.Abs(u-v) > 1e-12 {
			return false
		}
	}
	return true
}
