package match_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// benchOffline is an offline engine over offers, as `techmatch rank`
// builds it, and the plain baseline over the same offers.
type benchOffline struct {
	engine *match.Engine
	plain  *search.PlainIndex
	build  time.Duration // engine: index, vocabulary, glossary, semantic space
	plainB time.Duration
}

func newBenchOffline(tb testing.TB, offers []data.Profile) *benchOffline {
	tb.Helper()
	start := time.Now()
	mem, err := search.NewMemory(offers)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { mem.Close() })
	e, err := match.NewOfflineEngine(context.Background(), offers, mem)
	if err != nil {
		tb.Fatal(err)
	}
	if e.Semantic == nil {
		tb.Fatal("no semantic space over the benchmark's offers")
	}
	b := &benchOffline{engine: e, build: time.Since(start)}
	start = time.Now()
	docs := make([]search.PlainDoc, len(offers))
	for i, p := range offers {
		docs[i] = search.PlainDoc{ID: p.Ref, Title: p.Title, Description: p.Description, Keywords: p.Keywords}
	}
	if b.plain, err = search.NewPlainIndex(docs); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.plain.Close() })
	b.plainB = time.Since(start)
	return b
}

func readCorpusProfiles(tb testing.TB, names ...string) []data.Profile {
	tb.Helper()
	var out []data.Profile
	for _, name := range names {
		f, err := os.Open(filepath.Join("../../shared/corpus", name))
		if err != nil {
			tb.Skipf("no shared corpus beside the repository (%v); it is not shipped in the repo", err)
		}
		items, _, err := ingest.ReadJSONL(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		for _, it := range items {
			out = append(out, match.ItemProfile(it))
		}
	}
	return out
}

// benchLatency runs query for every need b.N times and reports p50/p99,
// wall-clock and, where the system tells it, the process's CPU time a
// query (all its threads: matching prepares candidates on every core), so
// that a run on a loaded machine still says what a query costs.
// gc-cycles counts the collections during the queries (the testing package
// collects the build's garbage before the clock starts: at 100,000 offers a
// collection of the engine's heap, about 6 GB live, takes seconds).
func benchLatency(b *testing.B, needs []data.Profile, query func(n data.Profile) error) {
	var lat, cpu []time.Duration
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	for i := 0; i < b.N; i++ {
		for _, n := range needs {
			c0, okCPU := benchProcessCPU()
			t := time.Now()
			if err := query(n); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
			if c1, ok := benchProcessCPU(); ok && okCPU {
				cpu = append(cpu, c1-c0)
			}
		}
	}
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(ms1.NumGC-ms0.NumGC), "gc-cycles")
	b.ReportMetric(float64(len(needs)), "needs")
	b.ReportMetric(percentile(lat, 0.5), "p50-ms")
	b.ReportMetric(percentile(lat, 0.99), "p99-ms")
	if len(cpu) == len(lat) {
		b.ReportMetric(percentile(cpu, 0.5), "cpu-p50-ms")
		b.ReportMetric(percentile(cpu, 0.99), "cpu-p99-ms")
	}
}

// techmatchQuery and plainQuery rank offers for one need.
func (ob *benchOffline) techmatchQuery(n data.Profile) error {
	_, err := ob.engine.MatchNeed(context.Background(), n, 10)
	return err
}

func (ob *benchOffline) plainQuery(n data.Profile) error {
	_, err := ob.plain.Rank(context.Background(), n.Title+" "+n.Description+" "+strings.Join(n.Keywords, " "), 10)
	return err
}

func percentile(ds []time.Duration, p float64) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
}

// BenchmarkRankCorpus ranks all corpus needs against all corpus offers, as
// `techmatch rank` does, beside the plain baseline in the same run.
func BenchmarkRankCorpus(b *testing.B) {
	offers := readCorpusProfiles(b, "offers.jsonl", "offers_extra.jsonl")
	needs := readCorpusProfiles(b, "needs.jsonl")
	ob := newBenchOffline(b, offers)
	b.ReportMetric(ob.build.Seconds(), "build-s")
	b.ReportMetric(ob.plainB.Seconds(), "plain-build-s")
	b.Run("techmatch", func(b *testing.B) { benchLatency(b, needs, ob.techmatchQuery) })
	b.Run("plain", func(b *testing.B) { benchLatency(b, needs, ob.plainQuery) })
}

// BenchmarkMatches100k measures need -> offers matches at about 100,000
// synthetic offers (in memory, with the semantic space), beside the plain
// baseline in the same run, on two sets: "realistic" draws its words from
// the glossary's terms by a Zipf law (ingest.SyntheticRealistic), "old"
// repeats a small topic vocabulary (ingest.Synthetic), which makes every
// query's disjunction huge. Each set is built, measured and released in
// turn. Large: set TECHMATCH_BENCH_LARGE=1.
func BenchmarkMatches100k(b *testing.B) {
	if os.Getenv("TECHMATCH_BENCH_LARGE") == "" {
		b.Skip("large benchmark: set TECHMATCH_BENCH_LARGE=1 to run it (several minutes)")
	}
	g, err := match.DefaultGlossary()
	if err != nil {
		b.Fatal(err)
	}
	sets := []struct {
		name  string
		items func() []data.ImportItem
	}{
		{"realistic", func() []data.ImportItem {
			return ingest.SyntheticRealistic(14300, 10, 7, ingest.SeedVocabulary(match.GlossaryTerms(g)))
		}},
		{"old", func() []data.ImportItem { return ingest.Synthetic(14300, 10, 7) }},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			offers, needs := benchSplit(set.items(), 200)
			ob := newBenchOffline(b, offers)
			b.ReportMetric(float64(len(offers)), "offers")
			b.ReportMetric(ob.build.Seconds(), "build-s")
			b.ReportMetric(ob.plainB.Seconds(), "plain-build-s")
			b.Run("techmatch", func(b *testing.B) { benchLatency(b, needs, ob.techmatchQuery) })
			b.Run("plain", func(b *testing.B) { benchLatency(b, needs, ob.plainQuery) })
		})
	}
}

// benchSplit returns the offers among items and the first n needs.
func benchSplit(items []data.ImportItem, n int) (offers, needs []data.Profile) {
	for _, it := range items {
		p := match.ItemProfile(it)
		if p.Kind == data.KindOffer {
			offers = append(offers, p)
		} else if len(needs) < n {
			needs = append(needs, p)
		}
	}
	return offers, needs
}
