package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/match/eval"
)

func TestRankCommand(t *testing.T) {
	dir := t.TempDir()
	offers := filepath.Join(dir, "offers.jsonl")
	needs := filepath.Join(dir, "needs.jsonl")
	os.WriteFile(offers, []byte(strings.Join([]string{
		`{"id":"o-shore","kind":"offer","title":"High-voltage shore power for container berths","description":"Frequency converters and cable reels so ships switch off diesel generators at berth.","org":"Quai Énergie","org_country":"France","language":"en"}`,
		`{"id":"o-weld","kind":"offer","title":"Welding robot for ship hull blocks","description":"Seam tracking and offline programming for hull panels.","org":"Rhein Weld","org_country":"Germany","language":"en"}`,
		`{"id":"o-fish","kind":"offer","title":"Anaerobic treatment of seafood processing effluent","description":"Biogas recovery from fish processing wastewater.","org":"Agrilittoral","org_country":"France","language":"en"}`,
	}, "\n")), 0o644)
	os.WriteFile(needs, []byte(strings.Join([]string{
		`{"id":"n-1","kind":"need","title":"Cấp điện bờ cho tàu container tại cầu cảng","description":"Giảm khí thải khi tàu neo đậu.","org":"Cảng Đông","org_country":"Việt Nam","language":"vi"}`,
		`{"id":"n-2","kind":"need","title":"Xử lý nước thải chế biến thuỷ sản","org":"Thuỷ sản Cát Bà","org_country":"VN","language":"vi"}`,
	}, "\n")), 0o644)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"rank", "--offers", offers, "--needs", needs, "--top", "2"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per need, got %q", out.String())
	}
	want := map[string]string{"n-1": "o-shore", "n-2": "o-fish"}
	for _, l := range lines {
		var r struct {
			NeedID  string `json:"need_id"`
			Matches []struct {
				OfferID string  `json:"offer_id"`
				Score   float64 `json:"score"`
			} `json:"matches"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Matches) == 0 || len(r.Matches) > 2 || r.Matches[0].OfferID != want[r.NeedID] {
			t.Errorf("%s: %s", r.NeedID, l)
		}
		for i := 1; i < len(r.Matches); i++ {
			if r.Matches[i].Score > r.Matches[i-1].Score {
				t.Errorf("%s: not best first: %s", r.NeedID, l)
			}
		}
	}
}

// The development split's goals from the matching issues, measured beside
// plain BM25 in the same run, overall and on each fold: settings are tuned
// on fold A only, so fold B says whether they generalize. Where a goal of
// issue 12 is not met yet the test holds the figure reached (so it cannot
// slip back) and logs how far the goal is.
func TestEvalDevSplitGoals(t *testing.T) {
	if testing.Short() {
		t.Skip("ranking-quality run skipped in -short mode")
	}
	s := "../../../shared"
	if _, err := os.Stat(filepath.Join(s, "eval-dev", "qrels.jsonl")); err != nil {
		t.Skip("no ../shared/eval-dev beside the repository: the labels are not shipped in the repo")
	}
	var out bytes.Buffer
	err := run(t.Context(), []string{"eval", "--json",
		"--offers", s + "/corpus/offers.jsonl," + s + "/corpus/offers_extra.jsonl",
		"--needs", s + "/corpus/needs.jsonl," + s + "/eval-dev/vi_needs.jsonl," + s + "/eval-dev/known_item_en.jsonl," +
			s + "/eval-dev/known_item_vi.jsonl," + s + "/eval-dev/known_item_ko.jsonl",
		"--qrels", s + "/eval-dev/qrels.jsonl"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var res []evalResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	got := map[string]evalResult{}
	for _, r := range res {
		got[r.Set] = r
		for _, f := range []struct {
			name   string
			tm, pl eval.Scores
		}{{"all", r.Techmatch, r.Plain}, {"A", r.FoldA.Techmatch, r.FoldA.Plain}, {"B", r.FoldB.Techmatch, r.FoldB.Plain}} {
			t.Logf("%-14s %-3s %2d queries  nDCG@10 %.3f (plain %.3f)  recall@10 %.3f (plain %.3f)  MRR %.3f (plain %.3f)", r.Set, f.name,
				f.tm.Queries, f.tm.NDCG10, f.pl.NDCG10, f.tm.Recall10, f.pl.Recall10, f.tm.MRR, f.pl.MRR)
		}
	}
	type goal struct {
		set, what string
		value     func(tm, pl eval.Scores) float64
		// goal is issue 12's target; floor, where the goal is not met yet,
		// the figure reached (overall, fold A, fold B), below which a
		// change is a regression. "No worse than today" goals are today's
		// figures from before issue 12.
		goal  float64
		floor [3]float64
	}
	ndcgRatio := func(tm, pl eval.Scores) float64 { return tm.NDCG10 / pl.NDCG10 }
	ndcg := func(tm, _ eval.Scores) float64 { return tm.NDCG10 }
	recall := func(tm, _ eval.Scores) float64 { return tm.Recall10 }
	for _, g := range []goal{
		{"needs", "real needs: nDCG@10 / plain", ndcgRatio, 1.6, [3]float64{1.36, 1.23, 1.54}},
		{"vi_needs", "Vietnamese needs: nDCG@10 (today 0.557, fold A 0.457, fold B 0.674)", ndcg, 0, [3]float64{0.557, 0.457, 0.674}},
		{"known_item_en", "English queries for Vietnamese offers: recall@10", recall, 0.85, [3]float64{}},
		{"known_item_vi", "diacritic-free Vietnamese: recall@10 (today 0.947, fold A 0.875, fold B 1)", recall, 0, [3]float64{0.947, 0.875, 1}},
		{"known_item_ko", "Korean queries: recall@10", recall, 0.9, [3]float64{}},
	} {
		r, ok := got[g.set]
		if !ok {
			t.Errorf("no figures for set %s", g.set)
			continue
		}
		for i, f := range []foldResult{{r.Techmatch, r.Plain}, r.FoldA, r.FoldB} {
			name := [3]string{"overall", "fold A", "fold B"}[i]
			v := g.value(f.Techmatch, f.Plain)
			switch {
			case g.goal > 0 && v >= g.goal:
				// met
			case g.floor[i] > 0 && v >= g.floor[i]-1e-9:
				if g.goal > 0 {
					t.Logf("%s, %s: %.3f, issue 12's goal %.2f not met yet", g.what, name, v, g.goal)
				}
			case g.goal > 0 && g.floor[i] == 0:
				t.Errorf("%s, %s: %.3f, goal %.2f", g.what, name, v, g.goal)
			default:
				t.Errorf("%s, %s: %.3f, below %.3f", g.what, name, v, g.floor[i])
			}
		}
	}
	if r := got["needs"]; r.TechmatchSep.AUC < 0.6 {
		t.Errorf("top score separates answerable needs poorly: AUC %.2f", r.TechmatchSep.AUC)
	}
}

// rankOut runs rank with args and returns its output.
func rankOut(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(t.Context(), append([]string{"rank"}, args...), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// Needs are ranked on several goroutines; the output is the one of a
// single worker, line for line, explanations included.
func TestRankParallelEqualsSequential(t *testing.T) {
	dir := t.TempDir()
	offers := filepath.Join(dir, "offers.jsonl")
	needs := filepath.Join(dir, "needs.jsonl")
	var o, n []string
	topics := []string{"shore power for container berths", "welding robot for hull blocks", "seafood effluent biogas", "solar drying of rice", "battery recycling of lithium cells", "cold chain sensors for vaccines", "drone mapping of rice fields", "desalination membranes for islands"}
	for i := 0; i < 120; i++ {
		tp := topics[i%len(topics)]
		o = append(o, fmt.Sprintf(`{"id":"o-%d","kind":"offer","title":"%s, model %d","description":"We offer %s with field trials in %d ports and plants.","keywords":["%s"],"org":"Org %d","org_country":"France","language":"en","trl":%d}`, i, tp, i, tp, i%7+1, strings.Fields(tp)[0], i%13, i%9+1))
	}
	for i := 0; i < 40; i++ {
		tp := topics[(i*3)%len(topics)]
		n = append(n, fmt.Sprintf(`{"id":"n-%d","kind":"need","title":"We need %s","description":"Looking for %s, pilot %d.","org":"Buyer %d","org_country":"Vietnam","language":"en"}`, i, tp, tp, i, i%5))
	}
	os.WriteFile(offers, []byte(strings.Join(o, "\n")), 0o644)
	os.WriteFile(needs, []byte(strings.Join(n, "\n")), 0o644)
	seq := rankOut(t, "--offers", offers, "--needs", needs, "--explain", "--workers", "1")
	if got := strings.Count(seq, "\n"); got != 40 {
		t.Fatalf("%d lines, want 40", got)
	}
	for _, w := range []string{"2", "5"} {
		if par := rankOut(t, "--offers", offers, "--needs", needs, "--explain", "--workers", w); par != seq {
			t.Errorf("--workers %s differs from --workers 1:\n%s\nwant\n%s", w, par, seq)
		}
	}
	// The plain baseline the same way, as far as it is deterministic:
	// Bleve orders equal scores by its internal document numbers, which
	// vary from one index build to the next, so only the scores are
	// compared.
	scores := func(out string) string {
		var b strings.Builder
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var r struct {
				NeedID  string `json:"need_id"`
				Matches []struct {
					Score float64 `json:"score"`
				} `json:"matches"`
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, r.NeedID, r.Matches)
		}
		return b.String()
	}
	pseq := scores(rankOut(t, "--plain", "--offers", offers, "--needs", needs, "--workers", "1"))
	if ppar := scores(rankOut(t, "--plain", "--offers", offers, "--needs", needs, "--workers", "3")); ppar != pseq || strings.Count(pseq, "\n") != 40 {
		t.Errorf("plain: --workers 3 differs from --workers 1, or not a line per need:\n%s\nwant\n%s", ppar, pseq)
	}
}

// The same on the shared corpus: its needs against all its offers.
func TestRankParallelEqualsSequentialCorpus(t *testing.T) {
	s := "../../../shared/corpus"
	if _, err := os.Stat(s + "/needs.jsonl"); err != nil {
		t.Skip("no ../shared/corpus beside the repository: it is not shipped in the repo")
	}
	if testing.Short() {
		t.Skip("ranks the corpus twice")
	}
	args := []string{"--offers", s + "/offers.jsonl," + s + "/offers_extra.jsonl", "--needs", s + "/needs.jsonl", "--top", "20"}
	seq := rankOut(t, append(args, "--workers", "1")...)
	if par := rankOut(t, append(args, "--workers", "4")...); par != seq {
		t.Error("--workers 4 ranks the corpus differently from --workers 1")
	}
}

func TestSeedWords(t *testing.T) {
	for _, w := range []string{"glossary", "topics"} {
		if err := run(t.Context(), []string{"seed", "--data", t.TempDir(), "--orgs", "3", "--records", "4", "--words", w}, io.Discard, io.Discard); err != nil {
			t.Errorf("--words %s: %v", w, err)
		}
	}
	err := run(t.Context(), []string{"seed", "--data", t.TempDir(), "--words", "zipf"}, io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), "--words") {
		t.Errorf("--words zipf: %v, want a usage error naming --words", err)
	}
}
