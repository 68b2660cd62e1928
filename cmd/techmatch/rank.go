package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/match/eval"
	"github.com/techmatch/techmatch/search"
)

// offline is an in-memory matching setup over offer files: no store, no
// server.
type offline struct {
	engine *match.Engine
	mem    *search.Memory
	offers []data.Profile
}

// readProfiles reads JSON Lines files into profiles; bad rows are reported
// on stderr by file and line, and skipped.
func readProfiles(files []string, stderr io.Writer) ([]data.Profile, error) {
	var out []data.Profile
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		items, bad, err := ingest.ReadJSONL(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, b := range bad {
			fmt.Fprintf(stderr, "%s:%s\n", name, b.Error())
		}
		for _, it := range items {
			p := match.ItemProfile(it)
			if p.Ref == "" {
				fmt.Fprintf(stderr, "%s: a record without an id is skipped (%q)\n", name, p.Title)
				continue
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func newOffline(ctx context.Context, offers []data.Profile) (*offline, error) {
	// The candidate index and the engine's vocabulary and semantic space
	// are built from the offers independently: on two cores at once.
	type built struct {
		mem *search.Memory
		err error
	}
	memc := make(chan built, 1)
	go func() {
		mem, err := search.NewMemory(offers)
		memc <- built{mem, err}
	}()
	e, eerr := match.NewOfflineEngine(ctx, offers, nil)
	b := <-memc
	if b.err != nil || eerr != nil {
		if b.mem != nil {
			b.mem.Close()
		}
		return nil, errors.Join(b.err, eerr)
	}
	e.Candidates = b.mem
	return &offline{engine: e, mem: b.mem, offers: offers}, nil
}

// matchAll ranks the offers for each need with workers goroutines and hands
// the results to emit in the needs' order, each as soon as it and those
// before it are ready; emit runs on the calling goroutine. Output is the
// same for any number of workers.
func matchAll(ctx context.Context, e *match.Engine, needs []data.Profile, top, workers int, emit func(i int, ms []match.Match) error) error {
	return inOrder(ctx, len(needs), workers, func(ctx context.Context, i int) ([]match.Match, error) {
		ms, err := e.MatchNeed(ctx, needs[i], top)
		if err != nil {
			err = fmt.Errorf("need %s: %w", needs[i].Ref, err)
		}
		return ms, err
	}, emit)
}

// inOrder runs work for 0..n-1 on workers goroutines and hands each result
// to emit in index order, as soon as it and those before it are ready; emit
// runs on the calling goroutine. The first error, of work or emit, stops the
// rest and is returned.
func inOrder[T any](ctx context.Context, n, workers int, work func(ctx context.Context, i int) (T, error), emit func(i int, v T) error) error {
	workers = max(1, min(workers, n))
	type result struct {
		v   T
		err error
	}
	results := make([]chan result, n)
	for i := range results {
		results[i] = make(chan result, 1)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if ctx.Err() != nil {
					results[i] <- result{err: ctx.Err()}
					continue
				}
				v, err := work(ctx, i)
				results[i] <- result{v, err}
			}
		}()
	}
	defer wg.Wait()
	for i := range n {
		r := <-results[i]
		if r.err == nil {
			r.err = emit(i, r.v)
		}
		if r.err != nil {
			cancel()
			return r.err
		}
	}
	return nil
}

// loadOffline reads the comma-separated offer files and sets up offline
// matching over them.
func loadOffline(ctx context.Context, files string, stderr io.Writer) (*offline, error) {
	// The built-in glossary is parsed while the files are.
	go match.DefaultGlossary()
	offers, err := readProfiles(splitFiles(files), stderr)
	if err != nil {
		return nil, err
	}
	return newOffline(ctx, offers)
}

func splitFiles(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func runRank(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rank", stderr)
	offersFlag := fs.String("offers", "", "offer files, comma-separated JSON Lines (required)")
	needsFlag := fs.String("needs", "", "need file(s), JSON Lines (required)")
	top := fs.Int("top", 10, "matches per need")
	explain := fs.Bool("explain", false, "add components and the reason to each match")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "needs ranked at once (the output is the same for any number)")
	plain := fs.Bool("plain", false, "rank with plain BM25 instead (the baseline eval reports: a default Bleve mapping, one match query of each need's text; rows as written)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *offersFlag == "" || *needsFlag == "" || *top < 1 {
		return usageError{"rank: --offers and --needs are required, --top at least 1"}
	}
	if *plain {
		return rankPlain(ctx, splitFiles(*offersFlag), splitFiles(*needsFlag), *top, *workers, stdout)
	}
	defer batchGC()()
	// The needs are read while the offers are indexed.
	type readNeeds struct {
		needs []data.Profile
		err   error
	}
	needc := make(chan readNeeds, 1)
	var needErrs bytes.Buffer
	go func() {
		needs, err := readProfiles(splitFiles(*needsFlag), &needErrs)
		needc <- readNeeds{needs, err}
	}()
	off, err := loadOffline(ctx, *offersFlag, stderr)
	rn := <-needc
	io.Copy(stderr, &needErrs)
	if err != nil {
		return err
	}
	defer off.mem.Close()
	needs, err := rn.needs, rn.err
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	type line struct {
		Ref         string            `json:"offer_id"`
		Score       float64           `json:"score"`
		Strength    string            `json:"strength,omitempty"`
		Components  *match.Components `json:"components,omitempty"`
		Explanation string            `json:"explanation,omitempty"`
	}
	bar := newProgress(stderr, "rank", int64(len(needs)), "needs")
	defer bar.Finish()
	return matchAll(ctx, off.engine, needs, *top, *workers, func(i int, ms []match.Match) error {
		bar.Add(1)
		out := struct {
			NeedID  string `json:"need_id"`
			Matches []line `json:"matches"`
		}{NeedID: needs[i].Ref, Matches: []line{}}
		for _, m := range ms {
			l := line{Ref: m.Ref, Score: round4(m.Score)}
			if *explain {
				c := m.Components
				l.Strength, l.Components, l.Explanation = m.Strength, &c, m.Explanation
			}
			out.Matches = append(out.Matches, l)
		}
		return enc.Encode(out)
	})
}

// rankPlain is rank with the plain BM25 baseline, as a team would run it
// with Bleve alone: rows read as written, a default mapping, one match
// query of each need's title, description and keywords; the same output
// format, workers as for rank.
func rankPlain(ctx context.Context, offerFiles, needFiles []string, top, workers int, stdout io.Writer) error {
	readRows := func(files []string) ([]ingest.ImportRow, error) {
		var out []ingest.ImportRow
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			rows, err := ingest.ReadRows(f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			out = append(out, rows...)
		}
		return out, nil
	}
	offers, err := readRows(offerFiles)
	if err != nil {
		return err
	}
	docs := make([]search.PlainDoc, 0, len(offers))
	for _, r := range offers {
		if r.ID != "" {
			docs = append(docs, search.PlainDoc{ID: r.ID, Title: r.Title, Description: r.Description, Keywords: r.Keywords})
		}
	}
	idx, err := search.NewPlainIndex(docs)
	if err != nil {
		return err
	}
	defer idx.Close()
	needs, err := readRows(needFiles)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	type line struct {
		Ref   string  `json:"offer_id"`
		Score float64 `json:"score"`
	}
	return inOrder(ctx, len(needs), workers, func(ctx context.Context, i int) ([]search.ScoredID, error) {
		return idx.Rank(ctx, eval.QueryText(needs[i]), top)
	}, func(i int, hits []search.ScoredID) error {
		out := struct {
			NeedID  string `json:"need_id"`
			Matches []line `json:"matches"`
		}{NeedID: needs[i].ID, Matches: []line{}}
		for _, h := range hits {
			out.Matches = append(out.Matches, line{h.ID, round4(h.Score)})
		}
		return enc.Encode(out)
	})
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	offersFlag := fs.String("offers", "", "offer files, comma-separated JSON Lines (required)")
	needsFlag := fs.String("needs", "", "query files, comma-separated; each file is one query set, reported on its own (required)")
	qrelsFlag := fs.String("qrels", "", "relevance labels, JSON Lines of {qid, offer_id, rel} (required)")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	noGlossary := fs.Bool("no-glossary", false, "rank without the bilingual glossary (to measure what it adds)")
	weights := fs.String("weights", "", `component weights to try, as JSON (e.g. {"Text":6,"Sector":1}); default: match.DefaultWeights`)
	tuning := fs.String("tuning", "", `text-relevance settings to try, as JSON (e.g. {"BM25":0.3,"FeedbackDocs":5}); default: match.DefaultTuning`)
	components := fs.Bool("components", false, "also print the mean components of techmatch's top 10 by judged class (relevant, judged not relevant, unjudged), per set and fold (text output, not with --json)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *offersFlag == "" || *needsFlag == "" || *qrelsFlag == "" {
		return usageError{"eval: --offers, --needs and --qrels are required"}
	}
	defer batchGC()()
	start := time.Now()
	f, err := os.Open(*qrelsFlag)
	if err != nil {
		return err
	}
	qrels, err := eval.LoadQrels(f)
	f.Close()
	if err != nil {
		return err
	}
	off, err := loadOffline(ctx, *offersFlag, stderr)
	if err != nil {
		return err
	}
	defer off.mem.Close()
	offers := off.offers
	if *tuning != "" {
		t := match.DefaultTuning
		if err := strictJSON(*tuning, &t); err != nil {
			return usageError{"eval: --tuning: " + err.Error()}
		}
		off.engine.Tuning = &t
	}
	if *noGlossary {
		off.engine.Glossary = nil
	}
	if *weights != "" {
		w := match.DefaultWeights
		if err := strictJSON(*weights, &w); err != nil {
			return usageError{"eval: --weights: " + err.Error()}
		}
		off.engine.Weights = w
	}
	plainDocs := make([]search.PlainDoc, len(offers))
	for i, p := range offers {
		plainDocs[i] = search.PlainDoc{ID: p.Ref, Title: p.Title, Description: p.Description, Keywords: p.Keywords}
	}
	plain, err := search.NewPlainIndex(plainDocs)
	if err != nil {
		return err
	}
	defer plain.Close()

	var results []evalResult
	var tallies []componentTally
	for _, name := range splitFiles(*needsFlag) {
		rf, err := os.Open(name)
		if err != nil {
			return err
		}
		rows, err := ingest.ReadRows(rf)
		rf.Close()
		if err != nil {
			return err
		}
		needs, err := readProfiles([]string{name}, stderr)
		if err != nil {
			return err
		}
		r := evalResult{Set: strings.TrimSuffix(filepath.Base(name), ".jsonl")}
		tm, pl := map[string][]string{}, map[string][]string{}
		tmTop, plTop := map[string]float64{}, map[string]float64{}
		var ids []string
		tally := componentTally{set: r.Set}
		err = matchAll(ctx, off.engine, needs, 100, runtime.GOMAXPROCS(0), func(i int, ms []match.Match) error {
			n := needs[i]
			for _, m := range ms {
				tm[n.Ref] = append(tm[n.Ref], m.Ref)
			}
			if len(ms) > 0 {
				tmTop[n.Ref] = ms[0].Score
			}
			if _, judged := qrels[n.Ref]; judged {
				ids = append(ids, n.Ref) // only judged queries are measured
				if *components && answerable(qrels, n.Ref) {
					tally.add(qrels, n.Ref, ms)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, row := range rows {
			hits, err := plain.Rank(ctx, eval.QueryText(row), 100)
			if err != nil {
				return err
			}
			for _, h := range hits {
				pl[row.ID] = append(pl[row.ID], h.ID)
			}
			if len(hits) > 0 {
				plTop[row.ID] = hits[0].Score
			}
		}
		r.Techmatch = eval.Evaluate(tm, qrels, ids)
		r.Plain = eval.Evaluate(pl, qrels, ids)
		r.TechmatchSep = eval.SeparateTopScores(tmTop, qrels, ids)
		r.PlainSep = eval.SeparateTopScores(plTop, qrels, ids)
		a, b := eval.SplitFolds(ids)
		r.FoldA = foldResult{Techmatch: eval.Evaluate(tm, qrels, a), Plain: eval.Evaluate(pl, qrels, a)}
		r.FoldB = foldResult{Techmatch: eval.Evaluate(tm, qrels, b), Plain: eval.Evaluate(pl, qrels, b)}
		results = append(results, r)
		tallies = append(tallies, tally)
	}
	if *asJSON {
		for i := range results {
			results[i].nanToZero()
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	fmt.Fprintf(stdout, "%d offers; techmatch beside plain BM25 (default bleve.NewIndexMapping, one match query)\n\n", len(offers))
	fmt.Fprintf(stdout, "%-16s %7s | %-22s | %-22s | %-22s | %s\n", "set", "queries", "nDCG@10 tm / plain", "recall@10 tm / plain", "MRR tm / plain", "top-score AUC tm / plain")
	row := func(name string, tm, pl eval.Scores, tail string) {
		fmt.Fprintf(stdout, "%-16s %7d | %6.3f / %6.3f %5.2fx | %6.3f / %6.3f %5.2fx | %6.3f / %6.3f %5.2fx |%s\n",
			name, tm.Queries,
			tm.NDCG10, pl.NDCG10, ratio(tm.NDCG10, pl.NDCG10),
			tm.Recall10, pl.Recall10, ratio(tm.Recall10, pl.Recall10),
			tm.MRR, pl.MRR, ratio(tm.MRR, pl.MRR), tail)
	}
	for _, r := range results {
		row(r.Set, r.Techmatch, r.Plain, " "+aucText(r.TechmatchSep)+" / "+aucText(r.PlainSep))
		row("  fold A (tuned)", r.FoldA.Techmatch, r.FoldA.Plain, "")
		row("  fold B (held)", r.FoldB.Techmatch, r.FoldB.Plain, "")
	}
	// The labels were pooled from a few methods: what a ranking brings up
	// that none of them did is unjudged, and nDCG counts it as a miss.
	fmt.Fprintf(stdout, "\njudged offers only (each ranking without its unjudged offers) and the unjudged share of the top 10:\n")
	fmt.Fprintf(stdout, "%-16s %7s | %-22s | %s\n", "set", "queries", "nDCG@10 tm / plain", "unjudged@10 tm / plain")
	for _, r := range results {
		for _, f := range []struct {
			name   string
			tm, pl eval.Scores
		}{{r.Set, r.Techmatch, r.Plain}, {"  fold A (tuned)", r.FoldA.Techmatch, r.FoldA.Plain}, {"  fold B (held)", r.FoldB.Techmatch, r.FoldB.Plain}} {
			fmt.Fprintf(stdout, "%-16s %7d | %6.3f / %6.3f %5.2fx | %5.2f / %5.2f\n", f.name, f.tm.Queries,
				f.tm.JudgedNDCG10, f.pl.JudgedNDCG10, ratio(f.tm.JudgedNDCG10, f.pl.JudgedNDCG10), f.tm.Unjudged10, f.pl.Unjudged10)
		}
	}
	if *components {
		printComponents(stdout, tallies)
	}
	fmt.Fprintf(stdout, "\n(%s)\n", time.Since(start).Round(time.Millisecond))
	return nil
}

type evalResult struct {
	Set          string          `json:"set"`
	Techmatch    eval.Scores     `json:"techmatch"`
	Plain        eval.Scores     `json:"plain"`
	TechmatchSep eval.Separation `json:"techmatch_separation"`
	PlainSep     eval.Separation `json:"plain_separation"`
	// FoldA is the fold settings are tuned on, FoldB the one held out
	// (eval.FoldOf).
	FoldA foldResult `json:"fold_a"`
	FoldB foldResult `json:"fold_b"`
}

// foldResult is one fold's figures, techmatch beside plain BM25.
type foldResult struct {
	Techmatch eval.Scores `json:"techmatch"`
	Plain     eval.Scores `json:"plain"`
}

func (r *evalResult) nanToZero() {
	for _, s := range []*eval.Separation{&r.TechmatchSep, &r.PlainSep} {
		if math.IsNaN(s.AUC) {
			s.AUC = 0
		}
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return a / b
}

func aucText(s eval.Separation) string {
	if math.IsNaN(s.AUC) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f (%d vs %d, mean %.2f vs %.2f)", s.AUC, s.Answerable, s.Unanswerable, s.AnswerableMean, s.UnanswerableMean)
}

// strictJSON decodes s into v, refusing fields v does not have (a setting
// misspelt, or one no longer offered, would otherwise be ignored and the
// run measure the defaults).
func strictJSON(s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}
