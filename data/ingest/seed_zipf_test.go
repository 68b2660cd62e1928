package ingest_test

import (
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
)

func listingOf(it data.ImportItem) *data.Listing {
	if it.Offer != nil {
		return &it.Offer.Listing
	}
	return &it.Need.Listing
}

func seedVocab(t *testing.T) ingest.SeedVocabulary {
	t.Helper()
	g, err := match.DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	v := ingest.SeedVocabulary(match.GlossaryTerms(g))
	if len(v["en"]) < 2000 || len(v["vi"]) < 2000 || len(v["ko"]) < 500 {
		t.Fatalf("glossary terms: %d en, %d vi, %d ko; want thousands", len(v["en"]), len(v["vi"]), len(v["ko"]))
	}
	return v
}

func TestSyntheticRealistic_Deterministic(t *testing.T) {
	v := seedVocab(t)
	a := ingest.SyntheticRealistic(50, 10, 3, v)
	b := ingest.SyntheticRealistic(50, 10, 3, v)
	if len(a) != 500 || !reflect.DeepEqual(a, b) {
		t.Fatalf("the same seed gave different data (%d, %d items)", len(a), len(b))
	}
	if c := ingest.SyntheticRealistic(50, 10, 4, v); reflect.DeepEqual(a, c) {
		t.Error("another seed gave the same data")
	}
	langs := map[string]int{}
	for _, it := range a {
		l := listingOf(it)
		langs[l.Language]++
		if !utf8.ValidString(l.Title) || !utf8.ValidString(l.Description) {
			t.Fatalf("broken UTF-8: %q", l.Title)
		}
		if len(l.Title) < 3 || len(l.Keywords) != 2 {
			t.Fatalf("%s: title %q, keywords %q", l.ExternalID, l.Title, l.Keywords)
		}
	}
	if langs["en"] == 0 || langs["vi"] == 0 || langs["ko"] == 0 {
		t.Errorf("languages %v, want en, vi and ko", langs)
	}
}

// Term frequencies fall off as a power law: a few terms are in many
// records, most in a handful, as in real listings (and unlike the old
// generator's hundred phrases, each in about 1% of the records).
func TestSyntheticRealistic_ZipfShape(t *testing.T) {
	v := seedVocab(t)
	items := ingest.SyntheticRealistic(300, 10, 1, v)
	en := map[string]bool{}
	for _, w := range v["en"] {
		en[w] = true
	}
	counts := map[string]int{}
	total, words, sentences := 0, 0, 0
	for _, it := range items {
		l := listingOf(it)
		if l.Language != "en" {
			continue
		}
		for _, s := range strings.Split(l.Description, ".") {
			if n := len(strings.Fields(s)); n > 0 {
				words += n
				sentences++
			}
		}
		for _, k := range l.Keywords {
			if en[k] {
				counts[k]++
				total++
			}
		}
	}
	freqs := make([]int, 0, len(counts))
	for _, c := range counts {
		freqs = append(freqs, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(freqs)))
	if len(freqs) < 500 {
		t.Fatalf("%d distinct keyword terms in %d draws, want a large vocabulary", len(freqs), total)
	}
	// The slope of log frequency over log rank, ranks 1 to 30.
	var sx, sy, sxx, sxy float64
	n := 30.0
	for r := 1; r <= 30; r++ {
		x, y := math.Log(float64(r)), math.Log(float64(freqs[r-1]))
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	if slope > -0.6 || slope < -1.6 {
		t.Errorf("rank-frequency slope %.2f, want a Zipf law (about -1); top frequencies %v", slope, freqs[:10])
	}
	t.Logf("%d distinct terms in %d draws, slope %.2f, top %v, %.1f words a sentence; e.g. %q / %q", len(freqs), total, slope, freqs[:8], float64(words)/float64(sentences), listingOf(items[0]).Title, listingOf(items[0]).Description)
	if top := float64(freqs[0]) / float64(total); top > 0.2 {
		t.Errorf("the commonest term is %.0f%% of the draws", 100*top)
	}
	if avg := float64(words) / float64(sentences); avg < 8 || avg > 40 {
		t.Errorf("%.1f words a sentence, want a realistic length", avg)
	}
}
