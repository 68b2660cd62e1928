package ingest

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

func TestCountryTable(t *testing.T) {
	codes := data.CountryCodes()
	if len(codes) != 249 {
		t.Errorf("CountryCodes() has %d codes, want the 249 of ISO 3166-1", len(codes))
	}
	if !sort.StringsAreSorted(codes) {
		t.Error("CountryCodes() is not sorted")
	}
	for i, c := range codes {
		if len(c) != 2 || c != strings.ToUpper(c) || !isASCIILetters(c) {
			t.Errorf("bad code %q", c)
		}
		if i > 0 && codes[i-1] == c {
			t.Errorf("duplicate code %q", c)
		}
		if data.CountryName(c) == "" {
			t.Errorf("CountryName(%q) is empty", c)
		}
	}
	for _, names := range []map[string][]string{countryNamesVI, countryNamesKO, countryAliases} {
		for code := range names {
			if !data.IsCountry(code) {
				t.Errorf("names given for unknown code %q", code)
			}
		}
	}
	// No name may stand for two countries.
	for key, e := range countryWhole.byKey {
		if len(e.ids) > 1 {
			var cs []string
			for _, id := range e.ids {
				cs = append(cs, countryCodes[id])
			}
			t.Errorf("name %q stands for %v", key, cs)
		}
	}
	if n := len(countryNamesVI); n < 40 {
		t.Errorf("only %d countries have Vietnamese names, want at least 40", n)
	}
}

func TestCountryNames(t *testing.T) {
	tests := []struct{ code, en, vi string }{
		{"VN", "Vietnam", "Việt Nam"},
		{"KR", "South Korea", "Hàn Quốc"},
		{"US", "United States", "Hoa Kỳ"},
		{"GB", "United Kingdom", "Vương quốc Anh"},
		{"TR", "Türkiye", "Thổ Nhĩ Kỳ"}, // renamed after x/text's CLDR
		{"BE", "Belgium", "Bỉ"},
		{"ZW", "Zimbabwe", "Zimbabwe"}, // no Vietnamese name: English
		{"XX", "", ""},
		{"vn", "", ""},
	}
	for _, tt := range tests {
		if got := data.CountryName(tt.code); got != tt.en {
			t.Errorf("CountryName(%q) = %q, want %q", tt.code, got, tt.en)
		}
		if got := data.CountryNameIn("vi", tt.code); got != tt.vi {
			t.Errorf("CountryNameIn(vi, %q) = %q, want %q", tt.code, got, tt.vi)
		}
	}
}

func TestIsCountry(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"VN", true}, {"KR", true}, {"GB", true}, {"AX", true}, {"SS", true}, {"BQ", true}, {"ZW", true},
		{"vn", false}, {"Vn", false}, {"UK", false}, {"EU", false}, {"XK", false}, {"", false}, {"VNM", false}, {"V", false},
	}
	for _, tt := range tests {
		if got := data.IsCountry(tt.code); got != tt.want {
			t.Errorf("IsCountry(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestNormalizeCountry(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// United States
		{"USA", []string{"US"}},
		{"U.S.", []string{"US"}},
		{"U.S.A.", []string{"US"}},
		{"US", []string{"US"}},
		{"United States", []string{"US"}},
		{"united states of america", []string{"US"}},
		{"Hoa Kỳ", []string{"US"}},
		{"hoa ky", []string{"US"}},
		{"Mỹ", []string{"US"}},
		{"미국", []string{"US"}},
		{"Palo Alto, California", []string{"US"}},
		{"New Jersey", []string{"US"}},
		// United Kingdom
		{"UK", []string{"GB"}},
		{"uk", []string{"GB"}},
		{"U.K.", []string{"GB"}},
		{"England", []string{"GB"}},
		{"Great Britain", []string{"GB"}},
		{"United Kingdom", []string{"GB"}},
		{"Northern Ireland", []string{"GB"}},
		{"Vương quốc Anh", []string{"GB"}},
		{"Anh", []string{"GB"}},
		// Vietnam
		{"Vietnam", []string{"VN"}},
		{"Viet Nam", []string{"VN"}},
		{"Việt Nam", []string{"VN"}},
		{"VIỆT NAM", []string{"VN"}},
		{"Vie\u0302\u0323t Nam", []string{"VN"}}, // NFD input
		{"VN", []string{"VN"}},
		{"vn", []string{"VN"}},
		{"베트남", []string{"VN"}},
		{"Hải Phòng", []string{"VN"}},
		{"Hai Phong, Viet Nam", []string{"VN"}},
		// Korea
		{"South Korea", []string{"KR"}},
		{"Korea", []string{"KR"}},
		{"Republic of Korea", []string{"KR"}},
		{"Korea, Republic of", []string{"KR"}},
		{"Hàn Quốc", []string{"KR"}},
		{"han quoc", []string{"KR"}},
		{"한국", []string{"KR"}},
		{"대한민국", []string{"KR"}},
		{"North Korea", []string{"KP"}},
		{"Korea, Democratic People's Republic of", []string{"KP"}},
		// others, Vietnamese and Korean names
		{"Nhật Bản", []string{"JP"}},
		{"Trung Quốc", []string{"CN"}},
		{"Pháp", []string{"FR"}},
		{"Đức", []string{"DE"}},
		{"duc", []string{"DE"}},
		{"Bỉ", []string{"BE"}},
		{"Ý", []string{"IT"}},
		{"Italy", []string{"IT"}},
		{"Hà Lan", []string{"NL"}},
		{"Đài Loan", []string{"TW"}},
		{"Ấn Độ", []string{"IN"}},
		{"Thái Lan", []string{"TH"}},
		{"Úc", []string{"AU"}},
		{"프랑스", []string{"FR"}},
		{"독일", []string{"DE"}},
		{"벨기에", []string{"BE"}},
		{"일본", []string{"JP"}},
		{"Taiwan, Province of China", []string{"TW"}},
		{"Côte d'Ivoire", []string{"CI"}},
		{"Cote d’Ivoire", []string{"CI"}},
		{"Bosnia and Herzegovina", []string{"BA"}},
		{"Guinea-Bissau", []string{"GW"}},
		{"Papua New Guinea", []string{"PG"}},
		{"Democratic Republic of the Congo", []string{"CD"}},
		{"Congo", []string{"CG"}},
		{"Niger", []string{"NE"}},
		{"Nigeria", []string{"NG"}},
		{"South Sudan", []string{"SS"}},
		{"Cocos (Keeling) Islands", []string{"CC"}},
		{"St. Lucia", []string{"LC"}},
		{"Türkiye", []string{"TR"}},
		{"Turkey", []string{"TR"}},
		// a short Vietnamese name is not found inside other text
		{"giải pháp", nil},
		{"thiết bị", nil},
		// lists
		{"Switzerland/China", []string{"CH", "CN"}},
		{"France, Germany and Belgium", []string{"FR", "DE", "BE"}},
		{"Mỹ và Anh", []string{"US", "GB"}},
		{"Hàn Quốc; Nhật Bản", []string{"KR", "JP"}},
		{"VN, KR, JP", []string{"VN", "KR", "JP"}},
		{"US UK", []string{"US", "GB"}},
		{"Vietnam / Viet Nam / VN", []string{"VN"}},
		{"Singapore & Malaysia", []string{"SG", "MY"}},
		// brackets
		{"USA (offices in Poland and South Korea)", []string{"US"}},
		{"Africa (South Africa/Kenya; challenge via UK KTN Global Alliance Africa)", []string{"ZA", "KE"}},
		{"India (challenge via UK KTN / DIT)", []string{"IN"}},
		{"Europe (Belgium)", []string{"BE"}},
		{"Falkland Islands (Malvinas)", []string{"FK"}},
		// nothing
		{"", nil},
		{"   ", nil},
		{"null", nil},
		{"N/A", nil},
		{"NA", nil}, // "not available" in spreadsheets, not Namibia
		{"-", nil},
		{"unknown", nil},
		{"Europe", nil},
		{"Africa", nil},
		{"Worldwide", nil},
		{"Acme Corporation", nil},
		{"XX", nil},
	}
	for _, tt := range tests {
		if got := NormalizeCountry(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("NormalizeCountry(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Every English short name and every name in the tables reads back as its
// own code.
func TestNormalizeCountryRoundTrip(t *testing.T) {
	for _, code := range data.CountryCodes() {
		name := data.CountryName(code)
		if got := NormalizeCountry(name); !slices.Equal(got, []string{code}) {
			t.Errorf("NormalizeCountry(%q) = %v, want [%s]", name, got, code)
		}
		if got := NormalizeCountry(code); !slices.Equal(got, []string{code}) && code != "NA" {
			t.Errorf("NormalizeCountry(%q) = %v, want [%s]", code, got, code)
		}
	}
	for _, names := range []map[string][]string{countryNamesVI, countryNamesKO, countryAliases} {
		for code, list := range names {
			for _, n := range list {
				n = strings.TrimPrefix(n, "=")
				if got := NormalizeCountry(n); !slices.Equal(got, []string{code}) {
					t.Errorf("NormalizeCountry(%q) = %v, want [%s]", n, got, code)
				}
			}
		}
	}
}

// corpusPath returns the path of a shared corpus file, or skips the test
// when the shared folder is not beside the repository.
func normCorpusPath(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "corpus", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s not found (the shared/ folder sits beside the repository on project machines): %v", p, err)
	}
	return p
}

// readCorpus decodes every line of a JSON Lines corpus file into a map.
func normReadCorpus(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func normCorpusRecords(t *testing.T) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, name := range []string{"offers.jsonl", "offers_extra.jsonl", "needs.jsonl"} {
		recs = append(recs, normReadCorpus(t, normCorpusPath(t, name))...)
	}
	if p := filepath.Join("..", "..", "..", "shared", "eval-dev", "vi_needs.jsonl"); normFileExists(p) {
		recs = append(recs, normReadCorpus(t, p)...)
	}
	return recs
}

func normFileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestNormalizeCountryCorpus(t *testing.T) {
	seen := map[string][]string{}
	for _, r := range normCorpusRecords(t) {
		s, _ := r["org_country"].(string)
		if strings.TrimSpace(s) == "" {
			continue
		}
		if _, ok := seen[s]; ok {
			continue
		}
		got := NormalizeCountry(s)
		seen[s] = got
		if len(got) == 0 {
			t.Errorf("org_country %q maps to no country", s)
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%q -> %v", k, seen[k])
	}
}
