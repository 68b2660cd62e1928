package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// mustAnalysisMapping returns an empty index mapping with our analyzers.
func mustAnalysisMapping(tb testing.TB) *mapping.IndexMappingImpl {
	tb.Helper()
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// terms returns the terms analyzer makes of text, in stream order.
func terms(tb testing.TB, m *mapping.IndexMappingImpl, analyzer, text string) []string {
	tb.Helper()
	tokens, err := m.AnalyzeText(analyzer, []byte(text))
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, len(tokens))
	for i, tok := range tokens {
		out[i] = string(tok.Term)
	}
	return out
}

func assertHas(tb testing.TB, got []string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			tb.Errorf("terms %q lack %q", got, w)
		}
	}
}

func assertLacks(tb testing.TB, got []string, unwanted ...string) {
	tb.Helper()
	for _, w := range unwanted {
		if slices.Contains(got, w) {
			tb.Errorf("terms %q hold %q", got, w)
		}
	}
}

func TestAddAnalyzers(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m := mustAnalysisMapping(t)
		for _, name := range []string{AnalyzerEN, AnalyzerVI, AnalyzerKO, AnalyzerFold, AnalyzerKeyword, analyzerFR, analyzerDE, analyzerCJK} {
			if _, err := m.AnalyzeText(name, []byte("x")); err != nil {
				t.Errorf("analyzer %s: %v", name, err)
			}
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		m := mustAnalysisMapping(t)
		if err := addAnalyzers(m); err == nil {
			t.Error("defining the analyzers twice in one mapping did not fail")
		}
	})
}

func TestAnalyzerFor(t *testing.T) {
	for lang, want := range map[string]string{
		"en": AnalyzerEN, "vi": AnalyzerVI, "ko": AnalyzerKO,
		"VI": AnalyzerVI, "vi-VN": AnalyzerVI, "en_US": AnalyzerEN, " ko ": AnalyzerKO,
		"fr": "fr", "de": "de", "ja": "cjk",
		"": AnalyzerFold, "xx": AnalyzerFold, "zh": AnalyzerFold, "es": AnalyzerFold,
	} {
		if got := AnalyzerFor(lang); got != want {
			t.Errorf("AnalyzerFor(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestAnalyzerVI(t *testing.T) {
	m := mustAnalysisMapping(t)

	t.Run("FoldsAndAddsBigrams", func(t *testing.T) {
		got := terms(t, m, AnalyzerVI, "Cảng biển Đình Vũ")
		want := []string{"cang", "bien", "cang bien", "dinh", "bien dinh", "vu", "dinh vu"}
		if !slices.Equal(got, want) {
			t.Errorf("terms = %q, want %q", got, want)
		}
	})
	t.Run("NFDLikeNFC", func(t *testing.T) {
		text := "Cảng biển Hải Phòng: xử lý nước thải, Đình Vũ"
		nfc := terms(t, m, AnalyzerVI, norm.NFC.String(text))
		nfd := terms(t, m, AnalyzerVI, norm.NFD.String(text))
		if !slices.Equal(nfc, nfd) {
			t.Errorf("NFC terms %q, NFD terms %q", nfc, nfd)
		}
	})
	t.Run("StopWordsExactBeforeFolding", func(t *testing.T) {
		// của, và, các, những, được go; cửa (door) in cửa hàng (shop) and
		// chợ (market) stay, though they fold like của and cho.
		got := terms(t, m, AnalyzerVI, "Các sản phẩm của cửa hàng và chợ được bán")
		assertHas(t, got, "san pham", "cua", "hang", "cua hang", "cho", "ban")
		if n := strings.Count(strings.Join(got, "|"), "cua"); n != 2 { // "cua", "cua hang"
			t.Errorf("terms %q: want cua only from cửa hàng", got)
		}
		assertLacks(t, got, "cac", "va", "duoc")
	})
	t.Run("StopWordsFolded", func(t *testing.T) {
		// Typed without diacritics: va, cac go; cho (chợ or cho), co (cơ
		// khí) and khi (khí thải) stay.
		got := terms(t, m, AnalyzerVI, "cac loai co khi va khi thai cho truc tuyen")
		assertHas(t, got, "co khi", "khi thai", "cho truc", "truc tuyen")
		assertLacks(t, got, "cac", "va")
	})
	t.Run("NoBigramAcrossStopWordOrPunctuation", func(t *testing.T) {
		got := terms(t, m, AnalyzerVI, "hệ thống của nhà máy; xử lý, nước thải - khí thải")
		assertHas(t, got, "he thong", "nha may", "xu ly", "nuoc thai", "thai khi", "khi thai")
		assertLacks(t, got, "thong nha", "may xu", "ly nuoc", "thong _", "_ nha")
	})
	t.Run("EnglishTermsInside", func(t *testing.T) {
		got := terms(t, m, AnalyzerVI, "Giải pháp IoT và AI camera cho nhà máy")
		assertHas(t, got, "iot", "ai", "ai camera", "nha may")
	})
}

func TestAnalyzerEN(t *testing.T) {
	m := mustAnalysisMapping(t)
	got := terms(t, m, AnalyzerEN, "The company's Sensors are in the Café")
	want := []string{"compani", "sensor", "cafe"}
	if !slices.Equal(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
	if a, b := terms(t, m, AnalyzerEN, "Café"), terms(t, m, AnalyzerEN, "cafe"); !slices.Equal(a, b) {
		t.Errorf("Café %q, cafe %q", a, b)
	}
}

func TestAnalyzerKO(t *testing.T) {
	m := mustAnalysisMapping(t)
	t.Run("HangulBigrams", func(t *testing.T) {
		got := terms(t, m, AnalyzerKO, "폐수처리를 위한 기술을")
		want := []string{"폐수처리를", "폐수", "수처", "처리", "리를", "위한", "기술을", "기술", "술을"}
		if !slices.Equal(got, want) {
			t.Errorf("terms = %q, want %q", got, want)
		}
	})
	t.Run("SingleSyllableWord", func(t *testing.T) {
		assertHas(t, terms(t, m, AnalyzerKO, "물 관리"), "물", "관리")
	})
	t.Run("LatinInsideKorean", func(t *testing.T) {
		got := terms(t, m, AnalyzerKO, "IoT를 활용한 ＡＩ 카메라 Café")
		assertHas(t, got, "iot", "활용", "ai", "카메", "메라", "cafe")
	})
	t.Run("HanAndKanaBigrams", func(t *testing.T) {
		assertHas(t, terms(t, m, AnalyzerKO, "技術 データ"), "技術", "デー", "ータ")
	})
	t.Run("NFDLikeNFC", func(t *testing.T) {
		text := "폐수처리를 위한 기술"
		if a, b := terms(t, m, AnalyzerKO, text), terms(t, m, AnalyzerKO, norm.NFD.String(text)); !slices.Equal(a, b) {
			t.Errorf("NFC terms %q, NFD terms %q", a, b)
		}
	})
	t.Run("OffsetsPointAtParts", func(t *testing.T) {
		text := "IoT를 폐수처리를"
		tokens, err := m.AnalyzeText(AnalyzerKO, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			src := text[tok.Start:tok.End]
			if strings.ToLower(src) != string(tok.Term) {
				t.Errorf("term %q at [%d:%d] covers %q", tok.Term, tok.Start, tok.End, src)
			}
		}
	})
}

func TestAnalyzerFold(t *testing.T) {
	m := mustAnalysisMapping(t)
	got := terms(t, m, AnalyzerFold, "Giải pháp IoT cho kho lạnh, hệ thống ERP của nhà máy")
	assertHas(t, got, "giai", "phap", "iot", "kho", "lanh", "erp", "nha", "may")
	assertLacks(t, got, "cho", "cua")
	// IT and AI are words here, not stop words.
	assertHas(t, terms(t, m, AnalyzerFold, "the IT department uses AI"), "it", "ai", "department")
	assertHas(t, terms(t, m, AnalyzerFold, "기술을 日本語"), "기술", "日本", "本語")
}

// TestFoldTermIsDataFold checks that the table-driven foldTerm folds like
// data.Fold, letter by letter and in words, NFC or not.
func TestFoldTermIsDataFold(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := string(foldTerm([]byte(s))), data.Fold(s); got != want {
			t.Errorf("foldTerm(%q) = %q, data.Fold = %q", s, got, want)
		}
	}
	for _, block := range [][2]rune{{0, 0x370}, {0x1E00, 0x1F00}, {0xAC00, 0xD7A4}, {0x3040, 0x3100}} {
		for r := block[0]; r < block[1]; r++ {
			check(string(r))
			check("X" + string(r) + "ả")
		}
	}
	for _, s := range []string{
		"Cảng", "ĐÌNH", "Nguyễn", "Straße", "Łódź", "Øresund", "CAFÉ", "naïve",
		"IoT를", "ＩｏＴ", "Ωμέγα", "Привет", "x\xffy", "\xc3", "a\u0301", "\u0301",
		norm.NFD.String("Xử lý nước thải"), norm.NFD.String("기술을"),
	} {
		check(s)
	}
}

// TestAnalyzersHostileInput runs every analyzer over input that has broken
// other analyzers: none may panic, and terms must be valid UTF-8 with offsets
// inside the input.
func TestAnalyzersHostileInput(t *testing.T) {
	m := mustAnalysisMapping(t)
	long := strings.Repeat("xử lý nước thải IoT 폐수처리를 技術データ, ", 200)
	inputs := map[string]string{
		"Empty":           "",
		"Spaces":          " \t\n ",
		"Punctuation":     "!!! ... ,,, ;;; --- ___ ??? “” «» 、。",
		"BrokenUTF8":      "x\xff\xfey \xc3 Cả\xe1\xbang \xed\xa0\x80 기\xea술",
		"LoneMarks":       "\u0301\u0323 \u0309a \u0303",
		"Long":            long[:10<<10],
		"LongOneWord":     strings.Repeat("a", 10<<10),
		"LongHangulWord":  strings.Repeat("기술", 2000),
		"LongPunctuation": strings.Repeat("!?", 5<<10),
		"Controls":        "\x00\x01\x7f\u200b\u200d\ufeff",
	}
	for _, analyzer := range []string{AnalyzerEN, AnalyzerVI, AnalyzerKO, AnalyzerFold} {
		for name, text := range inputs {
			t.Run(analyzer+"/"+name, func(t *testing.T) {
				tokens, err := m.AnalyzeText(analyzer, []byte(text))
				if err != nil {
					t.Fatal(err)
				}
				for _, tok := range tokens {
					if len(tok.Term) == 0 || !utf8.Valid(tok.Term) {
						t.Errorf("bad term %q", tok.Term)
					}
					if tok.Position < 1 || tok.Start < 0 || tok.Start > tok.End || tok.End > len(text) {
						t.Errorf("term %q: position %d, offsets [%d:%d] in %d bytes",
							tok.Term, tok.Position, tok.Start, tok.End, len(text))
					}
				}
			})
		}
	}
}

// testIndex is a scorch index in a temporary folder with one text field per
// analyzer: "en", "vi", "ko", "fold".
type testIndex struct {
	bleve.Index
	path   string
	closed bool
}

// Close closes the index once: a second Close of a scorch index panics.
func (x *testIndex) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	return x.Index.Close()
}

func mustOpenTestIndex(tb testing.TB, scoring string) *testIndex {
	tb.Helper()
	m := mustAnalysisMapping(tb)
	m.ScoringModel = scoring
	dm := bleve.NewDocumentStaticMapping()
	for field, analyzer := range map[string]string{"en": AnalyzerEN, "vi": AnalyzerVI, "ko": AnalyzerKO, "fold": AnalyzerFold} {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		dm.AddFieldMappingsAt(field, f)
	}
	m.DefaultMapping = dm
	path := tb.TempDir() + "/index"
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		tb.Fatal(err)
	}
	x := &testIndex{Index: idx, path: path}
	tb.Cleanup(func() { x.Close() })
	return x
}

func (x *testIndex) mustIndex(tb testing.TB, docs map[string]map[string]string) {
	tb.Helper()
	b := x.NewBatch()
	for id, d := range docs {
		if err := b.Index(id, d); err != nil {
			tb.Fatal(err)
		}
	}
	if err := x.Batch(b); err != nil {
		tb.Fatal(err)
	}
}

// search returns the ids of the documents whose field matches text, best first.
func (x *testIndex) search(tb testing.TB, field, text string) []string {
	tb.Helper()
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	req := bleve.NewSearchRequestOptions(q, 10, 0, false)
	res, err := x.Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

func TestIndexSearch(t *testing.T) {
	for _, scoring := range []string{index.BM25Scoring, index.TFIDFScoring} {
		t.Run(scoring, func(t *testing.T) {
			x := mustOpenTestIndex(t, scoring)
			x.mustIndex(t, map[string]map[string]string{
				"port":     {"vi": "Cảng biển Hải Phòng", "fold": "Cảng biển Hải Phòng"},
				"port-raw": {"vi": "dich vu cang bien cho tau container"},
				"phrase":   {"vi": "Công nghệ xử lý nước thải cho khu công nghiệp"},
				"water":    {"vi": "Cung cấp nước sạch cho nhà máy và khu công nghiệp"},
				"apart":    {"vi": "Xử lý bùn và chất thải rắn cho khu công nghiệp"},
				"scatter":  {"vi": "Xử lý khí thải, cấp nước cho khu công nghiệp"},
				"sensor":   {"en": "A low-cost sensor for cold chains"},
				"cafe":     {"en": "Point of sale app for a cafe"},
				"ko-tech":  {"ko": "스마트 팩토리 기술을 소개합니다", "fold": "스마트 팩토리 기술을 소개합니다"},
				"ko-water": {"ko": "폐수처리를 위한 막 여과 시스템"},
				"vi-iot":   {"vi": "giải pháp IoT cho kho lạnh", "fold": "giải pháp IoT cho kho lạnh"},
				"vi-erp":   {"vi": "hệ thống ERP cho nhà máy", "fold": "hệ thống ERP cho nhà máy"},
				"en-iot":   {"en": "Cold storage monitoring", "fold": "Cold storage monitoring"},
			})
			for _, c := range []struct {
				name, field, query string
				want               []string // must be found, in this order, first
			}{
				{"VIFoldedQueryFindsAccented", "vi", "cang bien", []string{"port"}},
				{"VIAccentedQueryFindsFolded", "vi", "cảng biển", []string{"port"}},
				{"VIPhraseOutranksParts", "vi", "xử lý nước thải", []string{"phrase"}},
				{"ENStemmed", "en", "sensors", []string{"sensor"}},
				{"ENFolded", "en", "Café", []string{"cafe"}},
				{"KOWordInsideWord", "ko", "기술", []string{"ko-tech"}},
				{"KOCompoundWithParticle", "ko", "폐수처리", []string{"ko-water"}},
				{"FoldAcronymInVietnamese", "fold", "IoT", []string{"vi-iot"}},
				{"FoldERP", "fold", "ERP", []string{"vi-erp"}},
				{"FoldKoreanWordInsideWord", "fold", "기술", []string{"ko-tech"}},
			} {
				t.Run(c.name, func(t *testing.T) {
					got := x.search(t, c.field, c.query)
					if len(got) < len(c.want) || !slices.Equal(got[:len(c.want)], c.want) {
						t.Errorf("%s:%q found %q, want %q first", c.field, c.query, got, c.want)
					}
				})
			}
			t.Run("VIBothSpellingsFound", func(t *testing.T) {
				for _, q := range []string{"cang bien", "cảng biển"} {
					got := x.search(t, "vi", q)
					if !slices.Contains(got, "port") || !slices.Contains(got, "port-raw") {
						t.Errorf("vi:%q found %q, want port and port-raw", q, got)
					}
				}
			})
			// "scatter" has all four syllables, so only the bigrams put "phrase" first.
			t.Run("VIPartsFoundBelowPhrase", func(t *testing.T) {
				got := x.search(t, "vi", "xử lý nước thải")
				for _, id := range []string{"water", "apart", "scatter"} {
					if !slices.Contains(got[1:], id) {
						t.Errorf("vi:%q found %q, want %s after phrase", "xử lý nước thải", got, id)
					}
				}
			})
			t.Run("VIStopWordsMatchNothing", func(t *testing.T) {
				if got := x.search(t, "vi", "của và các"); len(got) != 0 {
					t.Errorf("stop words found %q", got)
				}
			})
		})
	}
}

// TestIndexReopen checks that an index built with our analyzers opens again:
// Bleve rebuilds them from the mapping stored in the index, which needs our
// components in its registry.
func TestIndexReopen(t *testing.T) {
	x := mustOpenTestIndex(t, index.BM25Scoring)
	x.mustIndex(t, map[string]map[string]string{"port": {"vi": "Cảng biển Hải Phòng"}})
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(x.path)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	q := bleve.NewMatchQuery("cang bien")
	q.SetField("vi")
	res, err := idx.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("after reopening, %d hits, want 1", res.Total)
	}
}

func BenchmarkAnalyzers(b *testing.B) {
	m := mustAnalysisMapping(b)
	text := []byte(strings.Repeat("Hệ thống xử lý nước thải IoT cho khu công nghiệp, 폐수처리를 위한 기술. ", 20))
	// Bleve's "en" is the baseline.
	for _, analyzer := range []string{"en", AnalyzerEN, AnalyzerVI, AnalyzerKO, AnalyzerFold} {
		b.Run(analyzer, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := m.AnalyzeText(analyzer, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
