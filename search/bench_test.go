package search_test

// Benchmarks for issue 3: indexing rate, query latency and index size of the
// techmatch mapping, each beside a plain bleve.NewIndexMapping() index built
// from the same records in the same run, so the cost of the richer mapping
// reads as a ratio.
//
// Quick (about 35 s on 2 cores):
//
//	go test ./search/ -run '^$' -bench . -benchtime=1x
//
// With the 100,000-record benchmarks (about two minutes more on an idle
// 2-core machine):
//
//	TECHMATCH_BENCH_LARGE=1 go test ./search/ -run '^$' -bench . -benchtime=1x -timeout 60m

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// benchCorpusDir is the shared corpus, beside the repository; absent on a
// user's clone.
const benchCorpusDir = "../../shared/corpus"

// benchLargeEnv gates the 100,000-record benchmarks.
const benchLargeEnv = "TECHMATCH_BENCH_LARGE"

// benchPlainBatch is the batch size of the plain index build, the same as
// the techmatch build's chunk.
const benchPlainBatch = 1000

// benchQueryRounds is how many queries one iteration of a latency
// benchmark runs; the percentiles are over all of them.
const benchQueryRounds = 500

func benchRequireLarge(b *testing.B) {
	b.Helper()
	if os.Getenv(benchLargeEnv) != "1" {
		b.Skipf("100,000 records take minutes: run with %s=1 go test ./search/ -run '^$' -bench . -benchtime=1x -timeout 60m", benchLargeEnv)
	}
}

// benchCorpusItems reads every record of the shared corpus.
func benchCorpusItems(b *testing.B) []data.ImportItem {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(benchCorpusDir, "*.jsonl"))
	if len(files) == 0 {
		b.Skipf("no corpus at %s (it is beside the repository on the team's machines, not in it)", benchCorpusDir)
	}
	var items []data.ImportItem
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		got, _, err := ingest.ReadJSONL(f)
		f.Close()
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		items = append(items, got...)
	}
	return items
}

// benchStore imports items into a new store in b's temporary folder.
func benchStore(b *testing.B, items []data.ImportItem) *bolt.Store {
	b.Helper()
	s, err := bolt.Open(filepath.Join(b.TempDir(), "techmatch.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Import(context.Background(), items); err != nil {
		b.Fatal(err)
	}
	return s
}

// benchDirSize returns the bytes that the files under dir occupy on disk
// (allocated blocks where the platform reports them, else file sizes), and
// how many scorch segment files it holds.
func benchDirSize(dir string) (bytes int64, segments int, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed by a merge while we looked
		} else if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		} else if err != nil {
			return err
		}
		if strings.HasSuffix(d.Name(), ".zap") {
			segments++
		}
		bytes += benchAllocated(fi)
		return nil
	})
	return bytes, segments, err
}

// benchAllocated is a file's allocated size: st_blocks*512 on Unix, read by
// reflection so the file builds on every platform; the apparent size
// otherwise.
func benchAllocated(fi fs.FileInfo) int64 {
	if v := reflect.ValueOf(fi.Sys()); v.Kind() == reflect.Pointer && !v.IsNil() {
		if f := v.Elem().FieldByName("Blocks"); f.IsValid() && f.CanInt() {
			return f.Int() * 512
		}
	}
	return fi.Size()
}

func benchMiB(n int64) float64 { return float64(n) / (1 << 20) }

// benchLogLoad logs the system load average where the platform shows it:
// the machine may be shared, and other work on it skews wall-clock figures.
func benchLogLoad(b *testing.B) {
	l, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(l)); err == nil && len(f) >= 3 {
		b.Logf("load average (1, 5, 15 min): %s", strings.Join(f[:3], " "))
	}
}

// benchPlainDoc is what the plain index holds: the text a person searches
// (title, description, keywords) and the three codes the typical search
// filters on, all under bleve's default dynamic mapping.
type benchPlainDoc struct {
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Keywords    []string `json:"keywords"`
	Sectors     []string `json:"sectors"` // codes and their parents, as techmatch indexes them
	TRL         float64  `json:"trl"`
}

// benchPlainFacetsDoc is benchPlainDoc with the other three codes that
// techmatch counts facets of, for the plain index that is asked for the
// same facets (the plain-facets baseline). Under the default mapping they
// also go to _all, which none of the benchmark's query words touch.
type benchPlainFacetsDoc struct {
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Keywords    []string `json:"keywords"`
	Sectors     []string `json:"sectors"`
	TRL         float64  `json:"trl"`
	Country     string   `json:"country"`
	Cooperation []string `json:"cooperation"`
	Language    string   `json:"language"`
}

func benchPlainDocOf(kind string, l *data.Listing, trl int) benchPlainDoc {
	d := benchPlainDoc{Kind: kind, Title: l.Title, Description: l.Description, Keywords: l.Keywords, TRL: float64(trl)}
	for _, s := range l.Sectors {
		d.Sectors = append(d.Sectors, s)
		if p := data.SectorParent(s); p != s && !slices.Contains(d.Sectors, p) {
			d.Sectors = append(d.Sectors, p)
		}
	}
	return d
}

// benchBuildPlain builds a plain-mapping scorch index at path from the
// store, reading it the way the techmatch build does (pages of offers, then
// needs) and writing batches of benchPlainBatch, and closes it. It returns
// the number of documents.
func benchBuildPlain(s *bolt.Store, path string) (int, error) {
	return benchBuildPlainOf(s, path, func(kind string, l *data.Listing, _ uint64, trl int) (any, error) {
		return benchPlainDocOf(kind, l, trl), nil
	})
}

// benchBuildPlainFacets is benchBuildPlain with benchPlainFacetsDoc
// documents.
func benchBuildPlainFacets(s *bolt.Store, path string) (int, error) {
	countries := map[uint64]string{}
	return benchBuildPlainOf(s, path, func(kind string, l *data.Listing, org uint64, trl int) (any, error) {
		c, ok := countries[org]
		if !ok {
			o, err := s.Organization(org)
			if err != nil {
				return nil, err
			}
			c = o.Country
			countries[org] = c
		}
		d := benchPlainDocOf(kind, l, trl)
		return benchPlainFacetsDoc{Kind: d.Kind, Title: d.Title, Description: d.Description, Keywords: d.Keywords, Sectors: d.Sectors, TRL: d.TRL,
			Country: c, Cooperation: l.Cooperation, Language: l.Language}, nil
	})
}

func benchBuildPlainOf(s *bolt.Store, path string, docOf func(kind string, l *data.Listing, org uint64, trl int) (any, error)) (int, error) {
	idx, err := bleve.NewUsing(path, bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	write := func(b *bleve.Batch) error {
		n += b.Size()
		return idx.Batch(b)
	}
	for after := uint64(0); ; {
		offers, err := s.Offers(after, benchPlainBatch)
		if err != nil || len(offers) == 0 {
			if err != nil {
				idx.Close()
				return 0, err
			}
			break
		}
		b := idx.NewBatch()
		for i := range offers {
			o := &offers[i]
			d, err := docOf(data.KindOffer, &o.Listing, o.OrgID, o.TRL)
			if err == nil {
				err = b.Index(data.RecordRef(data.KindOffer, o.ID), d)
			}
			if err != nil {
				idx.Close()
				return 0, err
			}
		}
		if err := write(b); err != nil {
			idx.Close()
			return 0, err
		}
		after = offers[len(offers)-1].ID
	}
	for after := uint64(0); ; {
		needs, err := s.Needs(after, benchPlainBatch)
		if err != nil || len(needs) == 0 {
			if err != nil {
				idx.Close()
				return 0, err
			}
			break
		}
		b := idx.NewBatch()
		for i := range needs {
			nd := &needs[i]
			d, err := docOf(data.KindNeed, &nd.Listing, nd.OrgID, nd.MinTRL)
			if err == nil {
				err = b.Index(data.RecordRef(data.KindNeed, nd.ID), d)
			}
			if err != nil {
				idx.Close()
				return 0, err
			}
		}
		if err := write(b); err != nil {
			idx.Close()
			return 0, err
		}
		after = needs[len(needs)-1].ID
	}
	return n, idx.Close()
}

// benchIndexBuild times building an index from s b.N times, each into a
// fresh folder, and reports records/s, the size on disk and the number of
// segments right after the build. build returns the documents indexed.
func benchIndexBuild(b *testing.B, build func(dir string) (int, error)) {
	var elapsed time.Duration
	var docs int
	var size int64
	var segs int
	root := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(root, fmt.Sprintf("index-%d", i))
		start := time.Now()
		n, err := build(dir)
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		docs += n
		sz, sg, err := benchDirSize(dir)
		if err != nil {
			b.Fatal(err)
		}
		size, segs = sz, sg
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(docs)/elapsed.Seconds(), "records/s")
	b.ReportMetric(benchMiB(size), "disk-MiB")
	b.ReportMetric(float64(segs), "segments")
	b.ReportMetric(float64(docs/b.N), "records")
	benchLogLoad(b)
}

// benchBuildTechmatch builds the techmatch index of s in dir (search.Open
// on an empty folder builds it from the store) and closes it.
func benchBuildTechmatch(s *bolt.Store, dir string) (int, error) {
	ix, err := search.Open(context.Background(), dir, s)
	if err != nil {
		return 0, err
	}
	n, err := ix.DocCount()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return int(n), err
}

// benchIndexBoth runs the techmatch and plain builds over the same store.
func benchIndexBoth(b *testing.B, s *bolt.Store) {
	b.Run("techmatch", func(b *testing.B) {
		benchIndexBuild(b, func(dir string) (int, error) { return benchBuildTechmatch(s, dir) })
	})
	b.Run("plain", func(b *testing.B) {
		benchIndexBuild(b, func(dir string) (int, error) { return benchBuildPlain(s, dir) })
	})
}

// BenchmarkIndexCorpus builds the index of the whole shared corpus.
func BenchmarkIndexCorpus(b *testing.B) {
	s := benchStore(b, benchCorpusItems(b))
	benchIndexBoth(b, s)
}

// BenchmarkIndexSynthetic100k builds the index of 100,000 synthetic records,
// as `techmatch seed --orgs 10000 --records 10` writes them.
func BenchmarkIndexSynthetic100k(b *testing.B) {
	benchRequireLarge(b)
	s := benchStore(b, ingest.Synthetic(10000, 10, 1))
	benchIndexBoth(b, s)
}

// benchQuery is one realistic search, with the sector and TRL filters of a
// typical filtered search or none.
type benchQuery struct {
	text   string
	sector string
	trlMin int
}

// benchFilteredQueries are typical filtered searches for offers: a short
// English technology phrase, a top-level sector and TRL 5 or above.
var benchFilteredQueries = []benchQuery{
	{"wastewater treatment membrane", "environment", 5},
	{"sludge dewatering", "environment", 5},
	{"plastic recycling robot", "environment", 5},
	{"battery management system", "energy", 5},
	{"rooftop solar inverter", "energy", 5},
	{"predictive maintenance analytics", "ict", 5},
	{"container gate OCR", "maritime", 5},
	{"shrimp farm monitoring", "agrifood", 5},
	{"collaborative robot palletising", "manufacturing", 5},
	{"printed circuit board inspection", "electronics", 5},
}

// benchVietnameseQueries are Vietnamese searches for offers, no filter.
var benchVietnameseQueries = []benchQuery{
	{"xử lý nước thải", "", 0},
	{"tái chế nhựa", "", 0},
	{"điện mặt trời mái nhà", "", 0},
	{"giám sát ao nuôi tôm", "", 0},
	{"robot hàn vỏ tàu", "", 0},
	{"hệ thống quản lý pin", "", 0},
	{"kiểm thử bảng mạch in", "", 0},
	{"dự báo nhu cầu", "", 0},
}

// benchBrowseQueries are browsing without text (newest first): every
// offer, a sector, a sector with TRL 5 or above.
var benchBrowseQueries = []benchQuery{
	{"", "", 0},
	{"", "energy", 0},
	{"", "ict", 5},
	{"", "maritime", 0},
	{"", "environment", 5},
}

// benchQueryFixture is a synthetic store with both indexes built, open and
// settled (background merging finished).
type benchQueryFixture struct {
	tm       *search.Index
	tmDir    string
	plain    bleve.Index
	plainDir string
	// plainFacets is the plain index with the codes to count facets of.
	plainFacets    bleve.Index
	plainFacetsDir string
}

// benchQuerySetup builds the fixture for orgs*10 synthetic records in b's
// temporary folder, once per call of the enclosing benchmark: the sub-
// benchmarks and all their b.N rounds share it. (It is not cached across
// benchmark calls, as with -count: the test binary has no hook to remove a
// package-level fixture's hundreds of MiB when it exits.)
func benchQuerySetup(b *testing.B, orgs int) *benchQueryFixture {
	b.Helper()
	s := benchStore(b, ingest.Synthetic(orgs, 10, 1))
	root := b.TempDir()
	f := &benchQueryFixture{tmDir: filepath.Join(root, "techmatch"), plainDir: filepath.Join(root, "plain"), plainFacetsDir: filepath.Join(root, "plain-facets")}
	tm, err := search.Open(context.Background(), f.tmDir, s)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { tm.Close() })
	f.tm = tm
	if _, err := benchBuildPlain(s, f.plainDir); err != nil {
		b.Fatal(err)
	}
	plain, err := bleve.Open(f.plainDir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { plain.Close() })
	f.plain = plain
	if _, err := benchBuildPlainFacets(s, f.plainFacetsDir); err != nil {
		b.Fatal(err)
	}
	plainFacets, err := bleve.Open(f.plainFacetsDir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { plainFacets.Close() })
	f.plainFacets = plainFacets
	benchSettle(b, f.tmDir, f.plainDir, f.plainFacetsDir)
	return f
}

// benchSettle waits until scorch has stopped merging segments in dirs (the
// set of files has not changed for 3 s), at most 3 minutes, so latency is
// measured at steady state and not against a merge competing for the CPU.
func benchSettle(b *testing.B, dirs ...string) {
	b.Helper()
	snapshot := func() string {
		var names []string
		for _, d := range dirs {
			filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() && strings.HasSuffix(path, ".zap") {
					names = append(names, path)
				}
				return nil
			})
		}
		return strings.Join(names, "\n")
	}
	deadline := time.Now().Add(3 * time.Minute)
	last, stable := snapshot(), time.Now()
	for time.Since(stable) < 3*time.Second {
		if time.Now().After(deadline) {
			b.Logf("index segments still changing after 3 minutes; measuring anyway")
			return
		}
		time.Sleep(250 * time.Millisecond)
		if cur := snapshot(); cur != last {
			last, stable = cur, time.Now()
		}
	}
}

// techmatchSearch runs q through the techmatch API: the live filter, kind,
// sector and TRL filters, the text against the fields of its language and
// the folded ones (6 fields), five facets and highlighted snippets, 20
// hits.
func (f *benchQueryFixture) techmatchSearch(q benchQuery) (uint64, error) {
	sq := search.Query{Kind: data.KindOffer, Text: q.text, TRLMin: q.trlMin, Limit: 20}
	if q.sector != "" {
		sq.Sector = []string{q.sector}
	}
	res, err := f.tm.Search(context.Background(), sq)
	return res.Total, err
}

// benchGlossary is the glossary the API translates queries with.
var benchGlossary = sync.OnceValues(match.DefaultGlossary)

// techmatchTranslatedSearch is techmatchSearch as the API runs it: with the
// glossary's translations of the text (api's translations: at most 24, at
// most 3 a concept and language), so records in other languages that name
// one are found in a second tier.
func (f *benchQueryFixture) techmatchTranslatedSearch(q benchQuery) (uint64, error) {
	g, err := benchGlossary()
	if err != nil {
		return 0, err
	}
	sq := search.Query{Kind: data.KindOffer, Text: q.text, TRLMin: q.trlMin, Limit: 20}
	if q.sector != "" {
		sq.Sector = []string{q.sector}
	}
	for _, x := range g.Expand(q.text) {
		per := map[string]int{}
		for _, eq := range x.Equivalents {
			if per[eq.Lang] >= 3 || data.Fold(eq.Text) == data.Fold(x.Found.Text) || len(sq.Translations) == 24 {
				continue
			}
			per[eq.Lang]++
			sq.Translations = append(sq.Translations, search.Translation{Term: x.Found.Text, Text: eq.Text, Lang: eq.Lang})
		}
	}
	res, err := f.tm.Search(context.Background(), sq)
	return res.Total, err
}

// plainSearch runs q as a plain match query on the default _all field with
// term and range filters of the same selectivity (kind, sector, TRL), 20
// hits by score, no facets, no snippets.
func (f *benchQueryFixture) plainSearch(q benchQuery) (uint64, error) {
	res, err := f.plain.Search(bleve.NewSearchRequestOptions(benchPlainQuery(q), 20, 0, false))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// plainFacetsSearch is plainSearch asking Bleve for what techmatch answers
// with: the same five facets and highlighted snippets of title and
// description.
func (f *benchQueryFixture) plainFacetsSearch(q benchQuery) (uint64, error) {
	req := bleve.NewSearchRequestOptions(benchPlainQuery(q), 20, 0, false)
	search.AddBleveFacets(req)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField("title")
	req.Highlight.AddField("description")
	res, err := f.plainFacets.Search(req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// benchPlainQuery is the plain query of q: a match query on _all and the
// filters as conjuncts.
func benchPlainQuery(q benchQuery) query.Query {
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	must := []query.Query{bleve.NewMatchQuery(q.text), term("kind", data.KindOffer)}
	if q.sector != "" {
		must = append(must, term("sectors", q.sector))
	}
	if q.trlMin > 0 {
		lo, yes := float64(q.trlMin), true
		r := bleve.NewNumericRangeInclusiveQuery(&lo, nil, &yes, nil)
		r.SetField("trl")
		must = append(must, r)
	}
	return bleve.NewConjunctionQuery(must...)
}

// benchLatency runs benchQueryRounds queries per iteration, cycling through
// queries, and reports the p50 and p99 latency, queries per second and the
// mean hit count (to compare the selectivity of the two indexes). Where
// the platform tells a thread's CPU time (Linux) it also reports the p50
// and p99 of each query's own CPU time (cpu-p50-ms, cpu-p99-ms): on a
// shared machine the wall-clock tail is mostly waiting for a core, which
// the CPU time leaves out (work on other threads, such as the garbage
// collector's, is left out too).
func benchLatency(b *testing.B, queries []benchQuery, run func(benchQuery) (uint64, error)) {
	for _, q := range queries { // warm up: first use of each term loads it
		if _, err := run(q); err != nil {
			b.Fatalf("%q: %v", q.text, err)
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lat := make([]time.Duration, 0, b.N*benchQueryRounds)
	cpu := make([]time.Duration, 0, b.N*benchQueryRounds)
	var hits uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < benchQueryRounds; j++ {
			q := queries[j%len(queries)]
			c0, cok := benchThreadCPU()
			start := time.Now()
			total, err := run(q)
			lat = append(lat, time.Since(start))
			if c1, ok := benchThreadCPU(); ok && cok {
				cpu = append(cpu, c1-c0)
			}
			if err != nil {
				b.Fatalf("%q: %v", q.text, err)
			}
			hits += total
		}
	}
	b.StopTimer()
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		i := int(math.Ceil(p*float64(len(ds)))) - 1
		return float64(ds[max(i, 0)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(lat, 0.50), "p50-ms")
	b.ReportMetric(pct(lat, 0.99), "p99-ms")
	if len(cpu) == len(lat) {
		b.ReportMetric(pct(cpu, 0.50), "cpu-p50-ms")
		b.ReportMetric(pct(cpu, 0.99), "cpu-p99-ms")
	}
	b.ReportMetric(float64(len(lat))/sum.Seconds(), "queries/s")
	b.ReportMetric(float64(hits)/float64(len(lat)), "hits/query")
	benchLogLoad(b)
}

// benchQueryBoth measures both query mixes on both indexes of f.
func benchQueryBoth(b *testing.B, f *benchQueryFixture) {
	for _, side := range []struct {
		name string
		run  func(benchQuery) (uint64, error)
		dir  string
	}{
		{"techmatch", f.techmatchSearch, f.tmDir},
		{"techmatch-translated", f.techmatchTranslatedSearch, f.tmDir},
		{"plain", f.plainSearch, f.plainDir},
		{"plain-facets", f.plainFacetsSearch, f.plainFacetsDir},
	} {
		// The size once merging has settled, beside the size right after
		// the build that the index benchmarks report.
		size, segs, err := benchDirSize(side.dir)
		if err != nil {
			b.Fatal(err)
		}
		latency := func(queries []benchQuery) func(*testing.B) {
			return func(b *testing.B) {
				benchLatency(b, queries, side.run)
				b.ReportMetric(benchMiB(size), "disk-MiB")
				b.ReportMetric(float64(segs), "segments")
			}
		}
		b.Run(side.name, func(b *testing.B) {
			b.Run("filtered-en", latency(benchFilteredQueries))
			b.Run("vi", latency(benchVietnameseQueries))
			if side.name == "techmatch" {
				// The plain index has no creation time to sort by.
				b.Run("browse-newest", latency(benchBrowseQueries))
			}
		})
	}
}

// BenchmarkQuery10k measures search latency over 10,000 synthetic records
// (about 7,000 offers); it runs by default.
func BenchmarkQuery10k(b *testing.B) {
	benchQueryBoth(b, benchQuerySetup(b, 1000))
}

// BenchmarkQuery100k measures search latency at about 100,000 offers
// (143,000 synthetic records, about 70% of them offers).
func BenchmarkQuery100k(b *testing.B) {
	benchRequireLarge(b)
	benchQueryBoth(b, benchQuerySetup(b, 14300))
}
