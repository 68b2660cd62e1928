package search

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"Empty", "", ""},
		{"Blank", " \n\t ", ""},
		{"OnlyPunctuation", "!!! ... ???", ""},
		{"OnlyNumbers", "2024 - 27001", ""},
		{"OtherScript", "Привет, мир", ""},
		{"HanOnlyUndecidable", "中文文本处理技术", ""},

		{"ViWithDiacritics", "Cảng biển Hải Phòng", "vi"},
		{"ViCapitals", "HỆ THỐNG XỬ LÝ NƯỚC THẢI", "vi"},
		{"ViNFD", norm.NFD.String("Hệ thống quản lý kho thông minh"), "vi"},
		{"ViWithoutDiacritics", "xu ly nuoc thai cho nha may", "vi"},
		{"ViWithoutDiacriticsLong", "nen tang cho truc tuyen cho nguoi ban", "vi"},
		{"ViShortQuery", "cong nghe", "vi"},
		{"ViShortQueryFolded", "cang bien", "vi"},
		{"ViEnglishAcronymInside", "hệ thống ERP cho nhà máy", "vi"},
		{"ViEnglishAcronymInsideFolded", "giai phap IoT cho kho lanh", "vi"},
		{"ViEnglishTermsInside", "Nền tảng cloud, blockchain, machine learning và AI cho logistics", "vi"},
		{"ViMechanicalFolded", "co khi chinh xac", "vi"},

		{"EnSentence", "Low-cost sensors for monitoring water quality in rivers", "en"},
		{"EnShortQuery", "water treatment", "en"},
		{"EnOneWord", "café", "en"},
		{"EnMayAlone", "may", "en"},
		{"EnTheMan", "the man", "en"},
		{"EnVietnameseLookingWords", "may the best man win", "en"},
		{"EnChatBot", "chat bot", "en"},
		{"EnAcronymsOnly", "AI ERP RFID", "en"},
		{"EnCapitals", "DISCOVERY OF A HIGHLY THERMOSTABLE CAS9 VARIANT", "en"},
		{"EnVietnamesePlaceName", "Port of Hải Phòng", "en"},
		{"EnVietnamesePlaceNameInSentence", "The company is based in Đà Nẵng and exports to Japan", "en"},
		{"EnDieCasting", "die casting machine for aluminium parts", "en"},

		{"Ko", "폐수처리를 위한 기술", "ko"},
		{"KoEnglishAcronyms", "IoT 기반 스마트 팩토리 솔루션", "ko"},
		{"KoMixed", "AI 카메라와 RFID를 활용한 재고 관리 system", "ko"},
		{"EnWithOneKoreanWord", "Samsung SmartThings platform for smart homes 기반", "en"},
		{"Ja", "日本語のテキスト処理", "ja"},
		{"JaKatakana", "データ分析プラットフォーム", "ja"},

		{"Fr", "Une plateforme de gestion des données pour les entreprises", "fr"},
		{"De", "Ein System für die Überwachung von Wasser und Abwasser", "de"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := DetectLanguage(c.text); got != c.want {
				t.Errorf("DetectLanguage(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestDetectLanguageHostileInput(t *testing.T) {
	for name, text := range map[string]string{
		"BrokenUTF8":  "xu ly \xff\xfe nuoc thai \xc3",
		"LoneMarks":   "\u0301\u0323\u0309",
		"Huge":        strings.Repeat("xử lý nước thải ", 1<<16),
		"HugeNoSpace": strings.Repeat("a", 1<<20),
		"CutInRune":   strings.Repeat("a", detectLimit-1) + "ả",
		"Controls":    "\x00\x01\x7f\u200b",
	} {
		t.Run(name, func(t *testing.T) {
			DetectLanguage(text) // must not panic
		})
	}
	if got := DetectLanguage("xu ly \xff\xfe nuoc thai \xc3"); got != "vi" {
		t.Errorf("broken UTF-8: got %q, want vi", got)
	}
}

// TestDetectLanguageWordLists guards the word lists: a frequent Vietnamese
// syllable must be spelled like one and must not be a word the lists treat as
// foreign or ambiguous.
func TestDetectLanguageWordLists(t *testing.T) {
	for w := range viCommon {
		if !viSyllable.MatchString(w) {
			t.Errorf("viCommon %q is not a Vietnamese syllable", w)
		}
		if viNeutral[w] || enStop[w] || frStop[w] || deStop[w] {
			t.Errorf("viCommon %q is also listed as ambiguous or foreign", w)
		}
		if data.Fold(w) != w {
			t.Errorf("viCommon %q is not folded", w)
		}
	}
	for _, w := range []string{"nghieng", "truong", "khuyen", "nguoi", "quyet", "gi", "oan", "uyen"} {
		if !viSyllable.MatchString(w) {
			t.Errorf("%q should be a Vietnamese syllable", w)
		}
	}
	for _, w := range []string{"and", "for", "with", "data", "smart", "cloud", "sensor", "iot", "string", "fjord"} {
		if viSyllable.MatchString(w) {
			t.Errorf("%q should not be a Vietnamese syllable", w)
		}
	}
}

// TestDetectLanguageKnownItems checks detection on the development queries:
// Vietnamese typed without diacritics, and their English counterparts.
func TestDetectLanguageKnownItems(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"known_item_vi.jsonl", "vi"},
		{"known_item_en.jsonl", "en"},
	} {
		t.Run(c.want, func(t *testing.T) {
			titles := readJSONLField(t, "../../shared/eval-dev/"+c.file, func(r record) string { return r.Title })
			right := 0
			for _, title := range titles {
				if got := DetectLanguage(title); got == c.want {
					right++
				} else {
					t.Logf("DetectLanguage(%q) = %q", title, got)
				}
			}
			if 10*right < 9*len(titles) {
				t.Errorf("%d of %d titles detected as %s, want at least 90%%", right, len(titles), c.want)
			}
		})
	}
}

// TestDetectLanguageCorpus checks detection on the labelled offers and needs.
// A few Vietnamese offers are written in English, so 99% is the bar.
func TestDetectLanguageCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 6 MB of corpus")
	}
	var records []record
	for _, f := range []string{"corpus/offers.jsonl", "corpus/offers_extra.jsonl", "corpus/needs.jsonl", "eval-dev/vi_needs.jsonl"} {
		records = append(records, readJSONL(t, "../../shared/"+f)...)
	}
	right := 0
	for _, r := range records {
		if got := DetectLanguage(r.Title + "\n" + r.Description); got == r.Language {
			right++
		} else {
			t.Logf("%s: DetectLanguage = %q, labelled %q: %.80q", r.ID, got, r.Language, r.Title)
		}
	}
	if 100*right < 99*len(records) {
		t.Errorf("%d of %d records detected as labelled, want at least 99%%", right, len(records))
	}
}

type record struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Language    string `json:"language"`
}

// readJSONL reads the records in a JSON-lines file of the shared data, and
// skips the test when the file is absent.
func readJSONL(t *testing.T, path string) []record {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: shared evaluation data not checked out next to the repository", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no records", path)
	}
	return out
}

func readJSONLField(t *testing.T, path string, field func(record) string) []string {
	t.Helper()
	records := readJSONL(t, path)
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = field(r)
	}
	return out
}
