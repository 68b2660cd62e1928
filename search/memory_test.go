package search

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
	"github.com/techmatch/techmatch/match"
)

// memoryTestProfiles are profiles in every text language and none, with
// full-width and half-width forms (which the CJK width filter changes),
// possessives, stop words, an expiry and empty texts.
func memoryTestProfiles() []data.Profile {
	exp := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	mk := func(i int, lang, title, desc string, kws ...string) data.Profile {
		p := candidateOffer(i, title, desc, kws...)
		p.Language = lang
		return p
	}
	ps := []data.Profile{
		mk(1, "en", "The Company's solar PUMPS", "Pumps water; café-grade filters, 3.5 kW, e.g. for farms.", "solar pump", "irrigation"),
		mk(2, "vi", "Máy bơm năng lượng mặt trời", "Công ty của chúng tôi cung cấp máy bơm cho cửa hàng và chợ.", "máy bơm", "khí thải"),
		mk(3, "ko", "태양광 펌프 시스템", "농업용 태양광 펌프와 ＳＯＬＡＲ 패널을 제공합니다.", "태양광"),
		mk(4, "fr", "Pompe solaire pour l'agriculture", "Une pompe à eau économique.", "pompe"),
		mk(5, "", "Ｆｕｌｌ－ｗｉｄｔｈ ｔｅｘｔ and ﾊﾝｶｸ ｶﾞｷﾞ kana", "", ""),
		mk(6, "en", "", ""),
		mk(7, "ja", "太陽光ポンプ", "ｶﾞｲﾄﾞ付きの農業用ポンプ。", "ポンプ"),
		mk(8, "de", "Solarpumpe für Bauernhöfe", "Wasserpumpen mit Ｓｏｌａｒ.", "pumpe"),
	}
	ps[0].ExpiresAt = &exp
	ps[3].Kind = data.KindNeed
	ps[7].Status = data.StatusDraft
	return ps
}

// memoryCorpusDir is the shared corpus, beside the repository on the
// team's machines (not in it).
const memoryCorpusDir = "../../shared/corpus"

// memoryCorpusProfiles are the shared corpus's offers, as `techmatch rank`
// reads them, or none when it is not beside the repository.
func memoryCorpusProfiles(tb testing.TB) []data.Profile {
	files, _ := filepath.Glob(filepath.Join(memoryCorpusDir, "offers*.jsonl"))
	var out []data.Profile
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		items, _, err := ingest.ReadJSONL(f)
		f.Close()
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		for _, it := range items {
			out = append(out, match.ItemProfile(it))
		}
	}
	return out
}

// analyzedFields are doc's fields by name, analysed as the index analyses
// them, without the composite _all.
func analyzedFields(doc *document.Document) map[string]index.Field {
	out := map[string]index.Field{}
	doc.VisitFields(func(f index.Field) {
		if f.Options().IsIndexed() {
			f.Analyze()
		}
		out[f.Name()] = f
	})
	return out
}

func TestMemoryDocs_SameFields(t *testing.T) {
	// The in-memory index's documents hold, for each field candidate
	// queries read, what the candidate mapping's own walk of newDoc gives:
	// the same name, options, analysed length and terms with their
	// frequencies; no other field.
	profiles := memoryTestProfiles()
	corpus := memoryCorpusProfiles(t)
	if len(corpus) == 0 {
		t.Logf("no corpus at %s: checking the built-in profiles only", memoryCorpusDir)
	}
	profiles = append(profiles, corpus...)
	m, err := candidateMapping()
	if err != nil {
		t.Fatal(err)
	}
	md := newMemoryDocs(m)
	if !md.text["en"].shared || !md.text["ko"].shared || !md.text["xx"].shared {
		t.Fatal("the English, Korean and neutral analyzers do not share their tokenizing with the folded one")
	}
	wanted := func(name string) bool {
		return slices.Contains(memoryKeywords, name) || name == "expires" ||
			len(name) > len("Fields.") && name[:len("Fields.")] == "Fields."
	}
	for _, p := range profiles {
		ref := document.NewDocument(p.Ref)
		if err := m.MapDocument(ref, newDoc(p, time.Unix(0, 0))); err != nil {
			t.Fatal(err)
		}
		want := analyzedFields(ref)
		got := analyzedFields(md.document(p))
		for name, w := range want {
			if !wanted(name) {
				continue
			}
			g, ok := got[name]
			if !ok {
				t.Errorf("%s: no field %s", p.Ref, name)
				continue
			}
			if g.Options() != w.Options() || g.AnalyzedLength() != w.AnalyzedLength() || !bytes.Equal(g.Value(), w.Value()) {
				t.Errorf("%s %s: options %v length %d, want %v %d", p.Ref, name, g.Options(), g.AnalyzedLength(), w.Options(), w.AnalyzedLength())
			}
			gf, wf := g.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()
			if len(gf) != len(wf) {
				t.Errorf("%s %s: %d terms, want %d", p.Ref, name, len(gf), len(wf))
			}
			for term, wt := range wf {
				if gt, ok := gf[term]; !ok || gt.Frequency() != wt.Frequency() || !bytes.Equal(gt.Term, wt.Term) {
					t.Errorf("%s %s: term %q: got %v, want frequency %d", p.Ref, name, term, gt, wt.Frequency())
				}
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok || !wanted(name) {
				t.Errorf("%s: field %s, which the mapping does not give or candidates do not read", p.Ref, name)
			}
		}
	}
}

func TestMemoryDocs_SameCandidates(t *testing.T) {
	// The in-memory index finds the same candidates, scored to the bit, as
	// an index of the candidate mapping's own documents.
	profiles := memoryTestProfiles()
	for i := range 40 {
		profiles = append(profiles, candidateOffer(100+i, fmt.Sprintf("Solar pump model %d", i), "A pump for water and irrigation, solar powered.", "pump"))
	}
	mem := newTestMemory(t, profiles)
	m, err := candidateMapping()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	b := idx.NewBatch()
	for _, p := range profiles {
		if err := b.Index(p.Ref, newDoc(p, time.Unix(0, 0))); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	mapped := &Memory{idx: idx, Now: time.Now}
	for _, q := range []struct{ kind, text, lang, org string }{
		{data.KindOffer, "solar water pump", "en", ""},
		{data.KindOffer, "máy bơm năng lượng mặt trời", "vi", ""},
		{data.KindOffer, "태양광 펌프", "", "1001"},
		{data.KindOffer, "ＳＯＬＡＲ ﾊﾝｶｸ pumps", "", ""},
		{data.KindNeed, "pompe solaire", "", ""},
		{data.KindOffer, "pumpe", "de", ""}, // a draft: none
	} {
		parts := []data.WeightedText{{Text: q.text, Lang: q.lang, Boost: 1}}
		got, err := mem.Candidates(t.Context(), q.kind, parts, q.org, 100)
		if err != nil {
			t.Fatal(err)
		}
		want, err := mapped.Candidates(t.Context(), q.kind, parts, q.org, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 && q.text != "pumpe" {
			t.Errorf("%q: no candidates at all", q.text)
		}
		// Equal scores come in the order the index took the documents in
		// (the order their analysis ended), and a disjunction sums its
		// clauses in an order that follows it: the last bit may differ.
		byRef := func(a, b data.ScoredRef) int { return strings.Compare(a.Ref, b.Ref) }
		slices.SortFunc(got, byRef)
		slices.SortFunc(want, byRef)
		same := len(got) == len(want)
		for i := 0; same && i < len(got); i++ {
			same = got[i].Ref == want[i].Ref && math.Abs(got[i].Score-want[i].Score) <= 1e-12*want[i].Score
		}
		if !same {
			t.Errorf("%q: got %v, want %v", q.text, got, want)
		}
	}
}

// BenchmarkNewMemoryCorpus builds the in-memory candidate index of the
// corpus's offers (`techmatch rank`'s), beside the same built from the
// candidate mapping's own documents (Bleve's reflection walk of newDoc,
// every field, each text tokenized for each field) and the plain
// baseline's index, and reports the process's CPU time a build (all its
// threads: the analysis runs on every core), which a loaded machine
// changes less than the wall time.
func BenchmarkNewMemoryCorpus(b *testing.B) {
	profiles := memoryCorpusProfiles(b)
	if len(profiles) == 0 {
		b.Skipf("no corpus at %s (it is beside the repository on the team's machines, not in it)", memoryCorpusDir)
	}
	measure := func(b *testing.B, build func() (io.Closer, error)) {
		var cpu time.Duration
		okCPU := true
		for b.Loop() {
			c0, ok0 := memoryProcessCPU()
			c, err := build()
			if err != nil {
				b.Fatal(err)
			}
			c1, ok1 := memoryProcessCPU()
			c.Close()
			cpu += c1 - c0
			okCPU = okCPU && ok0 && ok1
		}
		if okCPU {
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		}
	}
	b.Run("techmatch", func(b *testing.B) {
		measure(b, func() (io.Closer, error) { return NewMemory(profiles) })
	})
	b.Run("mapped", func(b *testing.B) {
		measure(b, func() (io.Closer, error) {
			m, err := candidateMapping()
			if err != nil {
				return nil, err
			}
			idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
			if err != nil {
				return nil, err
			}
			batch := idx.NewBatch()
			for _, p := range profiles {
				if err := batch.Index(p.Ref, newDoc(p, time.Unix(0, 0))); err != nil {
					idx.Close()
					return nil, err
				}
			}
			return idx, idx.Batch(batch)
		})
	})
	b.Run("plain", func(b *testing.B) {
		docs := make([]PlainDoc, len(profiles))
		for i, p := range profiles {
			docs[i] = PlainDoc{ID: p.Ref, Title: p.Title, Description: p.Description, Keywords: p.Keywords}
		}
		measure(b, func() (io.Closer, error) { return NewPlainIndex(docs) })
	})
}
