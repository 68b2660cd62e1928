package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/techmatch/techmatch/data"
)

// candidateOffer is a published English offer with the given text.
func candidateOffer(i int, title, desc string, kws ...string) data.Profile {
	return data.Profile{
		Ref: fmt.Sprintf("offer/%d", i), Kind: data.KindOffer, OrgRef: fmt.Sprint(1000 + i%7),
		Listing: data.Listing{Title: title, Description: desc, Keywords: kws, Language: "en", Status: data.StatusPublished},
	}
}

func newTestMemory(t *testing.T, profiles []data.Profile) *Memory {
	t.Helper()
	m, err := NewMemory(profiles)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// unbudgeted is the candidate query as Bleve builds it from the same match
// queries, with no bound: the reference the budgeted query must equal.
func unbudgeted(kind string, parts []data.WeightedText, m *Memory) query.Query {
	var text []query.Query
	for _, p := range parts {
		if hasWords(p.Text) {
			text = append(text, textQueryIn(p.Text, p.Lang))
		}
	}
	return filtered(bleve.NewDisjunctionQuery(text...), filterQuery(&Query{Kind: kind}, m.Now()))
}

func TestCandidates_WithinBudgetScoresAsBleve(t *testing.T) {
	words := []string{"pump", "valve", "sensor", "membrane", "turbine", "battery", "solar", "hydrogen", "drone", "vision", "robot", "port"}
	var offers []data.Profile
	for i := range 400 {
		w := func(k int) string { return words[(i*k+k*k)%len(words)] }
		offers = append(offers, candidateOffer(i, w(1)+" "+w(3)+" system",
			fmt.Sprintf("A %s for %s plants, with %s and %s control; serial %d.", w(2), w(5), w(7), w(1), i%13), w(3), w(5)+" "+w(2)))
	}
	m := newTestMemory(t, offers)
	parts := []data.WeightedText{
		{Text: "solar pump", Boost: 3, Lang: "en"},
		{Text: "turbine ; hydrogen valve", Boost: 2, Lang: "en"},
		{Text: "membrane sensor control plants robot", Boost: 1, Lang: "en"},
		{Text: "máy bơm năng lượng mặt trời", Boost: 1.5, Lang: "vi"},
	}
	got, err := runCandidates(context.Background(), m.idx, candidateQuery(data.KindOffer, parts, "", m.Now(), 1<<40), 50)
	if err != nil {
		t.Fatal(err)
	}
	want, err := runCandidates(context.Background(), m.idx, unbudgeted(data.KindOffer, parts, m), 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 50 || len(want) != 50 {
		t.Fatalf("got %d and %d candidates, want 50 each", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("candidate %d: %+v, Bleve's own query gives %+v", i, got[i], want[i])
		}
	}
}

func TestCandidates_BudgetBoundsPostings(t *testing.T) {
	// "pump" is in every offer, "zeolite" in five: a budget below the
	// pump's postings leaves the common word out, so only the zeolite
	// offers are found, and the query walks their postings alone.
	var offers []data.Profile
	for i := range 300 {
		desc := "A centrifugal pump for water."
		if i%60 == 0 {
			desc = "A pump with a zeolite filter."
		}
		offers = append(offers, candidateOffer(i, "Pump", desc))
	}
	m := newTestMemory(t, offers)
	parts := []data.WeightedText{{Text: "zeolite pump", Boost: 1, Lang: "en"}}

	t.Run("OverBudget", func(t *testing.T) {
		got, err := runCandidates(context.Background(), m.idx, candidateQuery(data.KindOffer, parts, "", m.Now(), 100), 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 {
			t.Fatalf("%d candidates, want the 5 zeolite offers", len(got))
		}
		for _, c := range got {
			var n int
			fmt.Sscanf(c.Ref, "offer/%d", &n)
			if n%60 != 0 {
				t.Errorf("%s has no zeolite", c.Ref)
			}
		}
	})
	t.Run("WithinBudget", func(t *testing.T) {
		got, err := runCandidates(context.Background(), m.idx, candidateQuery(data.KindOffer, parts, "", m.Now(), candidatePostings), 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 300 {
			t.Fatalf("%d candidates, want every offer (each has a pump)", len(got))
		}
		for _, c := range got[:5] {
			var n int
			fmt.Sscanf(c.Ref, "offer/%d", &n)
			if n%60 != 0 {
				t.Errorf("%s ranks among the first five without zeolite", c.Ref)
			}
		}
	})
}

func TestKeepWithin(t *testing.T) {
	clause := func(cost uint64, impact float64) *budgetClause {
		return &budgetClause{cost: cost, impact: impact, keep: true}
	}
	kept := func(cs []*budgetClause) (out []bool) {
		for _, c := range cs {
			out = append(out, c.keep)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		clauses []*budgetClause
		budget  int
		keep    []bool
		walked  uint64
	}{
		{"AllFit", []*budgetClause{clause(40, 1), clause(50, 2)}, 100, []bool{true, true}, 90},
		{"MostTellingFirst", []*budgetClause{clause(80, 1), clause(30, 3), clause(50, 2)}, 100, []bool{false, true, true}, 80},
		{"DearerPassedOverForCheaper", []*budgetClause{clause(90, 3), clause(20, 2), clause(5, 1)}, 100, []bool{true, false, true}, 95},
		{"FirstKeptEvenOverBudget", []*budgetClause{clause(500, 3), clause(400, 2), clause(0, 1)}, 100, []bool{true, false, true}, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			walked := keepWithin(tc.clauses, tc.budget)
			if got := kept(tc.clauses); fmt.Sprint(got) != fmt.Sprint(tc.keep) {
				t.Errorf("kept %v, want %v", got, tc.keep)
			}
			if walked != tc.walked {
				t.Errorf("walks %d postings, want %d", walked, tc.walked)
			}
		})
	}
}

func TestNewMemory_OneSegment(t *testing.T) {
	// More profiles than a store change batch (applyChunk): still one
	// segment, which an in-memory index never merges otherwise.
	var offers []data.Profile
	for i := range applyChunk*2 + 10 {
		offers = append(offers, candidateOffer(i, "Pump", fmt.Sprintf("Pump number %d.", i)))
	}
	m := newTestMemory(t, offers)
	ai, err := m.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := len(r.(*scorch.IndexSnapshot).Segments()); n != 1 {
		t.Fatalf("%d segments, want 1", n)
	}
}

// A memory index whose records are all live and of one kind searches that
// kind without the live filter: the same candidates, scored to the bit, as
// with it; one draft, expiring record or other kind brings the filter back.
func TestMemory_AllLiveNeedsNoFilter(t *testing.T) {
	var offers []data.Profile
	for i := range 60 {
		offers = append(offers, candidateOffer(i, fmt.Sprintf("Solar pump %d for irrigation", i), "Water pumps powered by solar panels; drip irrigation and storage.", "pump", "solar"))
	}
	m := newTestMemory(t, offers)
	if m.liveKind != data.KindOffer {
		t.Fatalf("liveKind %q, want offer", m.liveKind)
	}
	filteredToo := &Memory{idx: m.idx, Now: m.Now}
	parts := []data.WeightedText{{Text: "solar pump", Lang: "en", Boost: 3}, {Text: "drip irrigation storage", Lang: "en", Boost: 1}}
	for _, org := range []string{"", "1003"} {
		got, err := m.Candidates(t.Context(), data.KindOffer, parts, org, 40)
		if err != nil {
			t.Fatal(err)
		}
		want, err := filteredToo.Candidates(t.Context(), data.KindOffer, parts, org, 40)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 40 || !slices.Equal(got, want) {
			t.Errorf("org %q: without the filter %v\nwith it %v", org, got, want)
		}
	}
	if got, _ := m.Candidates(t.Context(), data.KindNeed, parts, "", 40); len(got) != 0 {
		t.Errorf("needs: %d candidates from an index of offers", len(got))
	}
	expires := time.Now().Add(-time.Hour)
	for name, change := range map[string]func(p *data.Profile){
		"draft":   func(p *data.Profile) { p.Status = data.StatusDraft },
		"expired": func(p *data.Profile) { p.ExpiresAt = &expires },
		"need":    func(p *data.Profile) { p.Kind = data.KindNeed },
	} {
		ps := slices.Clone(offers)
		change(&ps[5])
		mixed := newTestMemory(t, ps)
		if mixed.liveKind != "" {
			t.Errorf("%s: liveKind %q, want none", name, mixed.liveKind)
		}
		got, err := mixed.Candidates(t.Context(), data.KindOffer, parts, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range got {
			if c.Ref == ps[5].Ref {
				t.Errorf("%s: %s is a candidate", name, c.Ref)
			}
		}
		if len(got) != len(ps)-1 {
			t.Errorf("%s: %d candidates, want %d", name, len(got), len(ps)-1)
		}
	}
}
