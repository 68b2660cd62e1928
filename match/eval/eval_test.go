package eval_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match/eval"
	"github.com/techmatch/techmatch/search"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestNDCGAt(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ranked []string
		grades map[string]int
		k      int
		want   float64
	}{
		{"PerfectRankingIsOne", []string{"a", "b", "x"}, map[string]int{"a": 2, "b": 1}, 10, 1},
		{"RelevantAtRank2", []string{"x", "a"}, map[string]int{"a": 1}, 10, 1 / math.Log2(3)}, // 0.6309
		// DCG = (2^1-1)/log2(2) + 0 + (2^2-1)/log2(4) = 1 + 1.5 = 2.5;
		// IDCG = 3/log2(2) + 1/log2(3) = 3.6309; 2.5/3.6309 = 0.6885.
		{"Grade2AndGrade1OutOfOrder", []string{"b", "c", "a"}, map[string]int{"a": 2, "b": 1, "c": 0}, 10, 0.6885288809404666},
		// Cut at 1: DCG = 1 (b), IDCG@1 = 3 (a).
		{"CutAtK", []string{"b", "a"}, map[string]int{"a": 2, "b": 1}, 1, 1.0 / 3},
		// The ideal counts judged offers the ranking never retrieved:
		// 3 / (3 + 3/log2(3)) = 0.6131.
		{"IdealFromAllJudged", []string{"a"}, map[string]int{"a": 2, "b": 2}, 10, 0.6131471927654584},
		{"RepeatedIDCountsOnce", []string{"a", "a"}, map[string]int{"a": 1, "b": 1}, 10, 0.6131471927654584},
		{"NothingRelevantIsZero", []string{"a"}, map[string]int{"a": 0}, 10, 0},
		{"EmptyRankingIsZero", nil, map[string]int{"a": 2}, 10, 0},
		{"ZeroKIsZero", []string{"a"}, map[string]int{"a": 2}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := eval.NDCGAt(tc.ranked, tc.grades, tc.k); !near(got, tc.want) {
				t.Fatalf("NDCGAt = %.10f, want %.10f", got, tc.want)
			}
		})
	}
}

func TestRecallAt(t *testing.T) {
	three := map[string]int{"a": 2, "b": 1, "c": 1, "d": 0}
	for _, tc := range []struct {
		name   string
		ranked []string
		grades map[string]int
		k      int
		want   float64
	}{
		{"TwoOfThree", []string{"a", "d", "x", "c"}, three, 10, 2.0 / 3},
		{"OneOfThreeInTop1", []string{"a", "d", "x", "c"}, three, 1, 1.0 / 3},
		{"AllThree", []string{"c", "b", "a"}, three, 10, 1},
		{"RelevantPastKMissed", []string{"x", "y", "a"}, three, 2, 0},
		{"Grade0IsNotRelevant", []string{"d"}, three, 10, 0},
		{"RepeatedIDCountsOnce", []string{"a", "a", "a"}, three, 10, 1.0 / 3},
		{"NoRelevantIsZero", []string{"a"}, map[string]int{"a": 0}, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := eval.RecallAt(tc.ranked, tc.grades, tc.k); !near(got, tc.want) {
				t.Fatalf("RecallAt = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEvalReciprocalRank(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ranked []string
		grades map[string]int
		want   float64
	}{
		{"FirstIsOne", []string{"a", "b"}, map[string]int{"a": 1}, 1},
		{"RelevantAtRank2IsHalf", []string{"x", "a"}, map[string]int{"a": 2}, 0.5},
		{"Grade0Skipped", []string{"z", "x", "a"}, map[string]int{"z": 0, "a": 1}, 1.0 / 3},
		{"NoneIsZero", []string{"x"}, map[string]int{"a": 1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := eval.ReciprocalRank(tc.ranked, tc.grades); !near(got, tc.want) {
				t.Fatalf("ReciprocalRank = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEvalReciprocalRank_NoCutOff(t *testing.T) {
	ranked := make([]string, 50)
	for i := range ranked {
		ranked[i] = fmt.Sprintf("x%d", i)
	}
	ranked[49] = "a"
	if got := eval.ReciprocalRank(ranked, map[string]int{"a": 1}); !near(got, 1.0/50) {
		t.Fatalf("ReciprocalRank = %v, want 0.02", got)
	}
}

func TestEvaluate(t *testing.T) {
	qrels := eval.Qrels{
		"q1": {"a": 2, "b": 1},
		"q2": {"a": 1},
		"q3": {"a": 0}, // judged, nothing relevant: not evaluable
		"q4": {"c": 2},
	}
	rankings := map[string][]string{
		"q1": {"a", "b"}, // perfect
		"q2": {"x", "a"}, // relevant at rank 2
		"q3": {"a"},
		"q5": {"a"}, // not judged at all: not evaluable
	}

	t.Run("AllRankedQueries", func(t *testing.T) {
		got := eval.Evaluate(rankings, qrels, nil)
		want := eval.Scores{NDCG10: (1 + 1/math.Log2(3)) / 2, Recall10: 1, MRR: 0.75, Queries: 2}
		if got.Queries != want.Queries || !near(got.NDCG10, want.NDCG10) || !near(got.Recall10, want.Recall10) || !near(got.MRR, want.MRR) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})

	t.Run("ListedQueryWithoutRankingScoresZero", func(t *testing.T) {
		got := eval.Evaluate(rankings, qrels, []string{"q1", "q3", "q4", "q1"})
		want := eval.Scores{NDCG10: 0.5, Recall10: 0.5, MRR: 0.5, JudgedNDCG10: 0.5, Queries: 2}
		if got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})

	// q2 ranks an unjudged offer first: nDCG counts it as a miss; the
	// judged-only figure leaves it out, and a half of q2's top is unjudged.
	t.Run("UnjudgedOffersLeftOutOfJudgedNDCG", func(t *testing.T) {
		got := eval.Evaluate(rankings, qrels, []string{"q2"})
		if !near(got.NDCG10, 1/math.Log2(3)) || !near(got.JudgedNDCG10, 1) || !near(got.Unjudged10, 0.5) {
			t.Fatalf("got %+v, want nDCG 0.63, judged-only nDCG 1, unjudged 0.5", got)
		}
	})

	t.Run("NothingEvaluable", func(t *testing.T) {
		if got := eval.Evaluate(rankings, qrels, []string{"q3", "q5"}); got != (eval.Scores{}) {
			t.Fatalf("got %+v, want zero", got)
		}
	})
}

func TestSeparateTopScores(t *testing.T) {
	qrels := eval.Qrels{
		"yes1": {"a": 2},
		"yes2": {"b": 1, "c": 0},
		"no1":  {"a": 0}, // judged, nothing useful
		// "no2" is not judged at all
	}
	for _, tc := range []struct {
		name    string
		top     map[string]float64
		wantAUC float64
	}{
		{"PerfectIsOne", map[string]float64{"yes1": 0.9, "yes2": 0.8, "no1": 0.1, "no2": 0.2}, 1},
		{"InvertedIsZero", map[string]float64{"yes1": 0.1, "yes2": 0.2, "no1": 0.9, "no2": 0.8}, 0},
		{"TiesCountHalf", map[string]float64{"yes1": 0.5, "yes2": 0.5, "no1": 0.5, "no2": 0.5}, 0.5},
		// Pairs: 0.9>0.1 0.9>0.5 0.3>0.1 0.3<0.5: 3 of 4.
		{"Mixed", map[string]float64{"yes1": 0.9, "yes2": 0.3, "no1": 0.1, "no2": 0.5}, 0.75},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := eval.SeparateTopScores(tc.top, qrels, nil)
			if got.Answerable != 2 || got.Unanswerable != 2 || !near(got.AUC, tc.wantAUC) {
				t.Fatalf("got %+v, want 2/2 queries and AUC %v", got, tc.wantAUC)
			}
			wantYes := (tc.top["yes1"] + tc.top["yes2"]) / 2
			wantNo := (tc.top["no1"] + tc.top["no2"]) / 2
			if !near(got.AnswerableMean, wantYes) || !near(got.UnanswerableMean, wantNo) {
				t.Fatalf("means %v/%v, want %v/%v", got.AnswerableMean, got.UnanswerableMean, wantYes, wantNo)
			}
		})
	}

	t.Run("MissingTopScoresZero", func(t *testing.T) {
		got := eval.SeparateTopScores(map[string]float64{"yes1": 0.4}, qrels, []string{"yes1", "no1"})
		if got.Answerable != 1 || got.Unanswerable != 1 || got.AUC != 1 || got.UnanswerableMean != 0 {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("OneGroupEmptyIsNaN", func(t *testing.T) {
		got := eval.SeparateTopScores(map[string]float64{"yes1": 0.4}, qrels, nil)
		if !math.IsNaN(got.AUC) || got.Answerable != 1 || got.Unanswerable != 0 {
			t.Fatalf("got %+v, want AUC NaN", got)
		}
	})
}

func TestEvalLoadQrels(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		in := "\ufeff" + `{"qid": "q1", "offer_id": "a", "rel": 2}

{"qid": "q1", "offer_id": "b", "rel": 0, "note": "ignored"}
{"qid": "q2", "offer_id": "a", "rel": 1}
{"qid": "q2", "offer_id": "a", "rel": 1}
`
		q, err := eval.LoadQrels(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 2 || q["q1"]["a"] != 2 || q["q1"]["b"] != 0 || len(q["q1"]) != 2 || q["q2"]["a"] != 1 {
			t.Fatalf("got %v", q)
		}
		if !q.Answerable("q1") || q.Answerable("q3") {
			t.Fatal("Answerable wrong")
		}
	})
	for _, tc := range []struct{ name, in, want string }{
		{"ErrBrokenJSON", "{\"qid\": \"q\", \"offer_id\": \"a\", \"rel\": 1}\n{broken\n", "line 2"},
		{"ErrNoRel", `{"qid": "q", "offer_id": "a"}`, "line 1: no rel"},
		{"ErrNoQID", `{"offer_id": "a", "rel": 1}`, "no qid"},
		{"ErrNegative", `{"qid": "q", "offer_id": "a", "rel": -1}`, "negative"},
		{"ErrConflict", "{\"qid\": \"q\", \"offer_id\": \"a\", \"rel\": 1}\n\n{\"qid\": \"q\", \"offer_id\": \"a\", \"rel\": 2}", "line 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval.LoadQrels(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestEvalReadRows(t *testing.T) {
	in := `{"id": "n1", "kind": "need", "title": "T", "keywords": "one", "trl": "TRL 7", "extra": {"x": 1}}

{"id": "n2", "title": "U", "keywords": ["a", "b"], "trl": null}
`
	rows, err := ingest.ReadRows(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != "n1" || len(rows[0].Keywords) != 1 || rows[1].Keywords[1] != "b" {
		t.Fatalf("got %+v", rows)
	}
	if got := eval.QueryText(rows[1]); got != "U a b" {
		t.Fatalf("QueryText = %q", got)
	}

	_, err = ingest.ReadRows(strings.NewReader(`{"id": "ok"}` + "\n" + `{"id": "bad", "keywords": 5}`))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want one naming line 2", err)
	}
	_, err = ingest.ReadRows(strings.NewReader(`{"id": "ok"}` + "\n\n" + `not json`))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want one naming line 3", err)
	}
}

// devDirs are the dev split and the corpus, relative to this package.
const (
	devEvalDir   = "../../../shared/eval-dev"
	devCorpusDir = "../../../shared/corpus"
)

func loadOffers(tb testing.TB, files ...string) []ingest.ImportRow {
	tb.Helper()
	var all []ingest.ImportRow
	for _, name := range files {
		f, err := os.Open(filepath.Join(devCorpusDir, name))
		if err != nil {
			tb.Fatal(err)
		}
		rows, err := ingest.ReadRows(f)
		f.Close()
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		all = append(all, rows...)
	}
	return all
}

// TestEvalDevPlainBaseline ranks every dev query set with the plain BM25
// baseline and logs its figures: the numbers techmatch's matcher must beat.
// Run with -v to see the table.
func TestEvalDevPlainBaseline(t *testing.T) {
	for _, dir := range []string{devEvalDir, devCorpusDir} {
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			t.Skipf("dev split not found at %s (it lives in ../shared next to the repo)", dir)
		}
	}
	sets, qrels, err := eval.LoadDevSets(devEvalDir, devCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	offers := loadOffers(t, "offers.jsonl", "offers_extra.jsonl")
	if len(offers) != 4531 {
		t.Fatalf("loaded %d offers, want 4531", len(offers))
	}
	docs := make([]search.PlainDoc, len(offers))
	for i, o := range offers {
		docs[i] = search.PlainDoc{ID: o.ID, Title: o.Title, Description: o.Description, Keywords: o.Keywords}
	}
	plain, err := search.NewPlainIndex(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()

	wantSets := []string{eval.SetNeeds, eval.SetVINeeds, eval.SetKnownItemEN, eval.SetKnownItemVI, eval.SetKnownItemKO}
	if len(sets) != len(wantSets) {
		t.Fatalf("got %d sets, want %d", len(sets), len(wantSets))
	}
	t.Logf("plain baseline over %d offers", len(offers))
	t.Logf("%-14s %7s %9s %8s %9s %6s   %s", "set", "queries", "evaluable", "nDCG@10", "recall@10", "MRR", "top-score separation")
	for i, set := range sets {
		if set.Name != wantSets[i] {
			t.Fatalf("set %d is %q, want %q", i, set.Name, wantSets[i])
		}
		// One rankings map per set: query ids repeat across sets.
		rankings := make(map[string][]string, len(set.Queries))
		top := make(map[string]float64, len(set.Queries))
		for _, q := range set.Queries {
			hits, err := plain.Rank(context.Background(), eval.QueryText(q), 100)
			if err != nil {
				t.Fatalf("%s/%s: %v", set.Name, q.ID, err)
			}
			ids := make([]string, len(hits))
			for j, h := range hits {
				ids[j] = h.ID
			}
			rankings[q.ID] = ids
			if len(hits) > 0 {
				top[q.ID] = hits[0].Score
			}
		}
		s := eval.Evaluate(rankings, qrels, set.IDs())
		sep := eval.SeparateTopScores(top, qrels, set.IDs())
		sepText := "-"
		if sep.Unanswerable > 0 {
			sepText = fmtSeparation(sep)
		}
		t.Logf("%-14s %7d %9d %8.3f %9.3f %6.3f   %s", set.Name, len(set.Queries), s.Queries, s.NDCG10, s.Recall10, s.MRR, sepText)

		if s.Queries <= 10 {
			t.Errorf("%s: %d evaluable queries, want > 10", set.Name, s.Queries)
		}
		if set.Name == eval.SetKnownItemVI && (s.Recall10 < 0.3 || s.Recall10 > 0.95) {
			t.Errorf("%s: plain recall@10 %.3f, want between 0.3 and 0.95", set.Name, s.Recall10)
		}
	}
}

func fmtSeparation(s eval.Separation) string {
	return fmt.Sprintf("answerable mean %.3f (%d), unanswerable mean %.3f (%d), AUC %.3f",
		s.AnswerableMean, s.Answerable, s.UnanswerableMean, s.Unanswerable, s.AUC)
}
