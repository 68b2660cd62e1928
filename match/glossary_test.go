package match

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

func defaultGlossaryT(t testing.TB) *Glossary {
	t.Helper()
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatalf("DefaultGlossary: %v", err)
	}
	return g
}

// TestGlossaryFileParses parses every embedded file line by line, so a bad
// line is reported on its own, and checks the glossary's size and spread.
func TestGlossaryFileParses(t *testing.T) {
	names, err := fs.Glob(glossaryFS, "glossary/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	names = append([]string{"glossary.tsv"}, names...)
	for _, name := range names {
		b, err := fs.ReadFile(glossaryFS, name)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s is not valid UTF-8", name)
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if !norm.NFC.IsNormalString(line) {
				t.Errorf("%s line %d is not in NFC: %q", name, n, line)
			}
			if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			if cols := strings.Split(line, "\t"); len(cols) != 4 {
				t.Errorf("%s line %d: %d columns, want 4 (the files always write the ko column)", name, n, len(cols))
			}
			if _, err := ParseGlossary(strings.NewReader(line)); err != nil {
				t.Errorf("%s line %d: %v", name, n, err)
			}
		}
	}

	g := defaultGlossaryT(t)
	if g.Len() < 450 {
		t.Errorf("glossary has %d entries, want at least 450", g.Len())
	}
	perDomain := make(map[string]int)
	for _, e := range g.Entries() {
		perDomain[e.Domain]++
		if len(e.Terms["en"]) == 0 || len(e.Terms["vi"]) == 0 {
			t.Errorf("entry %v lacks en or vi", e.Terms)
		}
	}
	for _, d := range glossaryDomains {
		if perDomain[d] < 20 {
			t.Errorf("domain %s has %d entries, want at least 20", d, perDomain[d])
		}
		t.Logf("%-28s %3d entries", d, perDomain[d])
	}
	t.Logf("%-28s %3d entries", "total", g.Len())
}

// TestGlossaryRoundTrip uses the glossary both ways: every term of every
// entry, alone, must find its entry with the other languages' preferred
// terms among the equivalents, and so must Vietnamese without diacritics.
func TestGlossaryRoundTrip(t *testing.T) {
	g := defaultGlossaryT(t)
	for ei, e := range g.Entries() {
		prefEN, prefVI := e.Terms["en"][0], e.Terms["vi"][0]
		check := func(lang, text, query string) {
			t.Helper()
			exps := g.Expand(query)
			var x *Expansion
			for i := range exps {
				if g.entryOf(exps[i]) == ei {
					x = &exps[i]
					break
				}
			}
			if x == nil {
				t.Errorf("%s: Expand(%q) (%s term) does not find its entry; got %s", g.where(ei), query, lang, describe(exps))
				return
			}
			if len(exps) != 1 {
				t.Errorf("%s: Expand(%q) finds %d entries, want 1: %s", g.where(ei), query, len(exps), describe(exps))
			}
			if x.Domain != e.Domain {
				t.Errorf("%s: Expand(%q) domain %q, want %q", g.where(ei), query, x.Domain, e.Domain)
			}
			if x.Found.Lang != lang {
				// The same word in two languages ("IoT", "container") is
				// indexed under the first; then it must be that language's
				// term too.
				if !slices.ContainsFunc(e.Terms[x.Found.Lang], func(s string) bool { return data.Fold(s) == data.Fold(text) }) {
					t.Errorf("%s: Expand(%q) found %+v, want a %s term", g.where(ei), query, x.Found, lang)
				}
				return
			}
			want := []Term{{prefEN, "en"}}
			switch lang {
			case "en":
				want = []Term{{prefVI, "vi"}}
			case "ko":
				want = append(want, Term{prefVI, "vi"})
			}
			for _, w := range want {
				if !slices.Contains(x.Equivalents, w) {
					t.Errorf("%s: Expand(%q) equivalents %v lack %v", g.where(ei), query, x.Equivalents, w)
				}
			}
			for _, eq := range x.Equivalents {
				if eq.Lang == lang {
					t.Errorf("%s: Expand(%q) equivalents include the found language: %v", g.where(ei), query, eq)
				}
			}
		}
		for _, lang := range glossaryLangs {
			for _, term := range e.Terms[lang] {
				check(lang, term, term)
				if lang == "vi" {
					check(lang, term, data.Fold(term))
				}
			}
		}
	}
}

// entryOf returns the index of the entry an expansion came from.
func (g *Glossary) entryOf(x Expansion) int {
	idx, ok := termEntries.Load(g)
	if !ok {
		m := make(map[Term]int, len(g.terms))
		for _, t := range g.terms {
			m[Term{t.text, glossaryLangs[t.lang]}] = int(t.entry)
		}
		idx, _ = termEntries.LoadOrStore(g, m)
	}
	if e, ok := idx.(map[Term]int)[x.Found]; ok {
		return e
	}
	return -1
}

var termEntries sync.Map // *Glossary -> map[Term]int

func describe(exps []Expansion) string {
	var b strings.Builder
	for i, x := range exps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s:%q", x.Found.Lang, x.Found.Text)
	}
	if b.Len() == 0 {
		return "nothing"
	}
	return b.String()
}

// TestGlossaryNoDuplicates fails if one folded term belongs to two lines of
// one file (lines of different files that share a term are one concept),
// or if sharing terms chains more than three lines into one concept, which
// would mean a term too vague to tell concepts apart.
func TestGlossaryNoDuplicates(t *testing.T) {
	g := defaultGlossaryT(t)
	dups := g.duplicateTerms()
	keys := make([]string, 0, len(dups))
	for k := range dups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		bySrc := map[string][]string{}
		for _, li := range dups[k] {
			l := g.raw[li]
			bySrc[l.src] = append(bySrc[l.src], fmt.Sprintf("line %d (%s)", l.line, l.entry.Terms["en"][0]))
		}
		for src, where := range bySrc {
			if len(where) > 1 {
				t.Errorf("%s: folded term %q belongs to %s", src, k, strings.Join(where, " and "))
			}
		}
	}
	merged := 0
	for ci := range g.entries {
		if n := len(g.lines[ci]); n > 3 {
			t.Errorf("concept %q merges %d lines (%s): a shared term is too vague", g.entries[ci].Terms["en"][0], n, g.where(ci))
		} else if n > 1 {
			merged++
		}
	}
	t.Logf("%d lines, %d concepts, %d of them merged from several files", len(g.raw), g.Len(), merged)
}

func TestGlossaryExpand(t *testing.T) {
	g := defaultGlossaryT(t)
	type want struct {
		en   string // preferred en of an entry that must be found
		term Term   // a term that must be among Found+Equivalents ("" to skip)
	}
	tests := []struct {
		name   string
		text   string
		want   []want
		absent []string // preferred en of entries that must not be found
		exact  bool     // want lists exactly the entries found, in order
	}{
		{
			name: "vi need finds shore power",
			text: "Cảng cần hệ thống cấp điện bờ cho tàu",
			want: []want{{"shore power", Term{"shore power", "en"}}},
		},
		{
			name: "vi without diacritics",
			text: "Cang can he thong cap dien bo cho tau va xu ly nuoc thai",
			want: []want{
				{"shore power", Term{"육상전원", "ko"}},
				{"wastewater treatment", Term{"wastewater treatment", "en"}},
			},
			exact: true,
		},
		{
			name:   "longest match wins",
			text:   "We build a wastewater treatment plant for seafood processors.",
			want:   []want{{"wastewater treatment", Term{"xử lý nước thải", "vi"}}, {"seafood", Term{"thủy sản", "vi"}}},
			absent: []string{"wastewater"},
		},
		{
			name: "wastewater alone",
			text: "industrial wastewater, wastewater",
			want: []want{{"industrial wastewater", Term{"nước thải công nghiệp", "vi"}}, {"wastewater", Term{"nước thải", "vi"}}},
		},
		{
			name:   "no match inside words",
			text:   "He said the maintenance crew repaired it; terminals are fine.",
			absent: []string{"artificial intelligence"},
		},
		{
			name: "AI as a word",
			text: "AI-based inspection (AI) for ports",
			want: []want{{"artificial intelligence", Term{"trí tuệ nhân tạo", "vi"}}},
		},
		{
			name: "korean particles",
			text: "폐수처리를 위한 스마트항만의 육상전원공급 기술이전",
			want: []want{
				{"wastewater treatment", Term{"xử lý nước thải", "vi"}},
				{"smart port", Term{"cảng thông minh", "vi"}},
				{"shore power", Term{"điện bờ", "vi"}},
				{"technology transfer", Term{"chuyển giao công nghệ", "vi"}},
			},
			exact: true,
		},
		{
			name: "korean spacing and mixed script",
			text: "전자상거래플랫폼 구축, IoT플랫폼, PCB조립 라인",
			want: []want{
				{"e-commerce platform", Term{"sàn thương mại điện tử", "vi"}},
				{"Internet of Things", Term{}},
				{"PCB assembly", Term{"lắp ráp PCB", "vi"}},
			},
		},
		{
			name: "english plurals and case",
			text: "Supplier of SENSORS, batteries and Container Cranes",
			want: []want{
				{"sensor", Term{"cảm biến", "vi"}},
				{"battery", Term{"ắc quy", "vi"}},
				{"ship-to-shore crane", Term{"cẩu bờ", "vi"}},
			},
			exact: true,
		},
		{
			name:   "phrase does not cross punctuation",
			text:   "Shore. Power supply; wastewater (treatment)",
			want:   []want{{"wastewater", Term{}}},
			absent: []string{"shore power", "wastewater treatment"},
			exact:  true,
		},
		{
			name: "hyphen and space variants",
			text: "shore to ship power, e-commerce, Industry 4.0",
			want: []want{{"shore power", Term{}}, {"e-commerce", Term{"thương mại điện tử", "vi"}}, {"Industry 4.0", Term{"công nghiệp 4.0", "vi"}}},
		},
		{
			name: "once per entry in order of first occurrence",
			text: "OCR, nhận dạng ký tự quang học và 광학문자인식; then ERP and OCR again",
			want: []want{
				{"optical character recognition", Term{"nhận dạng ký tự quang học", "vi"}},
				{"enterprise resource planning", Term{}},
			},
			exact: true,
		},
		{
			name: "vi equivalents for en need",
			text: "Need predictive maintenance with a digital twin and machine vision",
			want: []want{
				{"predictive maintenance", Term{"bảo trì dự đoán", "vi"}},
				{"digital twin", Term{"bản sao số", "vi"}},
				{"machine vision", Term{"머신비전", "ko"}},
			},
			exact: true,
		},
		{
			name: "korean words do not run together",
			text: "확인 산업과 최종 자료, 구조 선박의 접수 소요",
		},
		{
			name: "empty and unmatched",
			text: "   ...   ",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			exps := g.Expand(tc.text)
			got := make([]string, len(exps))
			for i, x := range exps {
				got[i] = g.entries[g.entryOf(x)].Terms["en"][0]
			}
			for _, w := range tc.want {
				i := slices.Index(got, w.en)
				if i < 0 {
					t.Errorf("Expand(%q) = %q, want entry %q", tc.text, got, w.en)
					continue
				}
				if w.term.Text != "" && exps[i].Found != w.term && !slices.Contains(exps[i].Equivalents, w.term) {
					t.Errorf("Expand(%q): entry %q found %+v with %v, want %+v among them", tc.text, w.en, exps[i].Found, exps[i].Equivalents, w.term)
				}
			}
			for _, a := range tc.absent {
				if slices.Contains(got, a) {
					t.Errorf("Expand(%q) = %q, must not find %q", tc.text, got, a)
				}
			}
			if tc.exact {
				var wantEN []string
				for _, w := range tc.want {
					wantEN = append(wantEN, w.en)
				}
				if !slices.Equal(got, wantEN) {
					t.Errorf("Expand(%q) = %q, want exactly %q", tc.text, got, wantEN)
				}
			}
			if len(tc.want) == 0 && len(tc.absent) == 0 && len(exps) != 0 {
				t.Errorf("Expand(%q) = %q, want nothing", tc.text, got)
			}
		})
	}
}

func TestGlossaryExpandSmall(t *testing.T) {
	src := "# test\n" +
		"ict\tartificial intelligence|AI\ttrí tuệ nhân tạo\t인공지능\n" +
		"water_waste\twastewater\tnước thải\t폐수\n" +
		"water_waste\twastewater treatment|wastewater treatment plant\txử lý nước thải\t폐수처리\n" +
		"energy\tbattery\tắc quy|pin sạc\t\n" +
		"manufacturing\tPCB assembly\tlắp ráp PCB\tPCB 조립\n"
	g, err := ParseGlossary(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 5 {
		t.Fatalf("Len = %d, want 5", g.Len())
	}
	found := func(text string) []string {
		var out []string
		for _, x := range g.Expand(text) {
			out = append(out, x.Found.Lang+":"+x.Found.Text)
		}
		return out
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"said maintain again", nil},
		{"the AI said", []string{"en:AI"}},
		{"Ai cũng cần trí tuệ nhân tạo", []string{"en:AI"}}, // known: Vietnamese "ai" (who) matches AI
		{"wastewater treatment plants", []string{"en:wastewater treatment plant"}},
		{"wastewaters", []string{"en:wastewater"}},
		{"XỬ LÝ NƯỚC THẢI và nuoc thai", []string{"vi:xử lý nước thải", "vi:nước thải"}},
		{"폐수처리장과 폐수", []string{"ko:폐수처리", "ko:폐수"}},
		{"폐수와 폐수처리", []string{"ko:폐수", "ko:폐수처리"}},
		{"batteries, ắc quy", []string{"en:battery"}},
		{"PCB조립", []string{"ko:PCB 조립"}},
		{"XPCB 조립", nil},
		{"산업폐수 처리", []string{"ko:폐수처리"}}, // may start inside a word
		{"공장의폐수 처리", []string{"ko:폐수처리"}},
		{"분리 폐수처리", []string{"ko:폐수처리"}},
		{"개인 공지능", nil},       // but not with one syllable of the first word
		{"lắp ráp PCBs", nil}, // plurals are for English terms only
	} {
		if got := found(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("Expand(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	x := g.Expand("battery")
	if len(x) != 1 || !slices.Equal(x[0].Equivalents, []Term{{"ắc quy", "vi"}, {"pin sạc", "vi"}}) {
		t.Errorf("Expand(battery) = %+v, want vi equivalents only, preferred first", x)
	}
	x = g.Expand("인공지능")
	if len(x) != 1 || !slices.Equal(x[0].Equivalents, []Term{{"artificial intelligence", "en"}, {"AI", "en"}, {"trí tuệ nhân tạo", "vi"}}) {
		t.Errorf("Expand(인공지능) = %+v", x)
	}
	// Callers may not corrupt the glossary through a result.
	x[0].Equivalents[0].Text = "changed"
	if y := g.Expand("인공지능"); y[0].Equivalents[0].Text != "artificial intelligence" {
		t.Error("Expand returns the glossary's own slice")
	}
	es := g.Entries()
	es[0].Terms["en"][0] = "changed"
	if g.Entries()[0].Terms["en"][0] != "artificial intelligence" {
		t.Error("Entries returns the glossary's own maps")
	}
	dup, err := ParseGlossary(strings.NewReader(src + "ict\tArtificial-Intelligence|machine intelligence\tTrí tuệ nhân tạo\t\nwater_waste\teffluent\tnước thải\t폐 수\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := dup.duplicateTerms(); len(d) != 4 || !slices.Equal(d["artificial intelligence"], []int{0, 5}) || !slices.Equal(d["tri tue nhan tao"], []int{0, 5}) ||
		!slices.Equal(d["nuoc thai"], []int{1, 6}) || !slices.Equal(d["폐수"], []int{1, 6}) {
		t.Errorf("duplicateTerms = %v", d)
	}
	var nilG *Glossary
	if nilG.Expand("AI") != nil || nilG.Len() != 0 {
		t.Error("nil glossary should be empty")
	}
}

func TestParseGlossaryErrors(t *testing.T) {
	good := "ict\tartificial intelligence\ttrí tuệ nhân tạo\t인공지능\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"too few columns", good + "# c\n\nict\tdigital twin\n", "line 4: 2 tab-separated columns"},
		{"too many columns", good + "ict\ta b\tc d\te\tf\n", "line 2: 5 tab-separated columns"},
		{"empty en", good + good + "ict\t \tbản sao số\t디지털트윈\n", "line 3: empty en column"},
		{"empty vi", "ict\tdigital twin\t\t디지털트윈\n", "line 1: empty vi column"},
		{"unknown domain", good + "robots\tcobot\trobot cộng tác\t협동로봇\n", `line 2: unknown domain "robots"`},
		{"empty synonym", good + "ict\tdigital twin||twin model\tbản sao số\t\n", "line 2: en column: empty term"},
		{"no letters", good + "ict\tdigital twin|--\tbản sao số\t\n", `line 2: en term "--" has no letters`},
		{"split by punctuation", good + "ict\tdigital (twin)\tbản sao số\t\n", `line 2: en term "digital (twin)" contains punctuation`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGlossary(strings.NewReader(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseGlossary error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	// Tolerated: CRLF, BOM, an omitted empty ko column, NFD input.
	src := "\ufeffict\tdigital twin\t" + norm.NFD.String("bản sao số") + "\r\n"
	g, err := ParseGlossary(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if e := g.Entries()[0]; e.Terms["vi"][0] != "bản sao số" || e.Terms["ko"] != nil {
		t.Errorf("entry = %+v", e)
	}
}

// benchText is a ~2,000-character need/offer text mixing the three languages.
const benchText = `Công ty cổ phần cảng Hải Phòng cần tìm đối tác chuyển giao công nghệ cho hệ thống cấp điện bờ
cho tàu container tại bến Đình Vũ, kết hợp quản lý năng lượng và lưu trữ năng lượng bằng pin lithium-ion.
Chúng tôi cũng quan tâm tới hệ thống điều hành khai thác cảng (TOS), cổng tự động với nhận dạng biển số,
bảo trì dự đoán cho cẩu bờ và cần trục khung bánh lốp, cùng bản sao số của bãi container. Nhà máy DAP
của chúng tôi cần giải pháp tái chế thạch cao phospho làm vật liệu xây dựng, xử lý nước thải công nghiệp
và quan trắc khí thải tự động. The Korean partner offers shore power systems, predictive maintenance using
machine vision and vibration monitoring sensors, a warehouse management system for cold storage and
reefer containers, and automated optical inspection (AOI) for PCB assembly on SMT lines. They also
provide wastewater treatment plant design, membrane bioreactor (MBR) retrofits, sludge dewatering and
energy efficiency audits for seafood processing factories, plus IoT platforms and digital twin software.
한국 기업은 육상전원공급 설비, 스마트항만 운영을 위한 터미널운영시스템, 예지정비 솔루션과 머신비전 기반
외관검사, 폐수처리 및 슬러지 탈수 기술, 태양광 발전과 에너지저장장치, 수소 연료전지, 인산석고 재활용,
선체블록 자동용접 로봇, 부식방지 도장 기술을 보유하고 있으며 기술이전과 합작투자를 희망합니다.
Doanh nghiệp chế biến thủy sản cần kho lạnh, cấp đông IQF, truy xuất nguồn gốc và an toàn thực phẩm;
xưởng đóng tàu cần hàn tự động, kiểm tra không phá hủy, sơn chống hà và chống ăn mòn cho thân tàu.
Nha may dien tu can day chuyen SMT, may gap dat linh kien, kiem tra quang hoc tu dong va phong sach;
nha may phan bon can xu ly khi thai, thu hoi nhiet thai, lo hoi tiet kiem nang luong va quan trac moi truong.
A German partner brings electrolyzers for green hydrogen, heat pumps, rooftop solar with inverters and
battery management systems, a logistics platform with route optimization and cargo tracking, and
training for welding procedure specification, ultrasonic testing and ISO 50001 energy management.
베트남 전자공장은 표면실장 라인과 자동광학검사, 클린룸, 와이어본딩 장비 및 반도체 패키징 기술을 찾고 있습니다.`

func BenchmarkGlossaryExpand(b *testing.B) {
	g := defaultGlossaryT(b)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = len(g.Expand(benchText))
	}
	b.ReportMetric(float64(n), "entries/op")
	b.ReportMetric(float64(utf8.RuneCountInString(benchText)), "chars")
}

// BenchmarkGlossaryFold is the data.Fold share of BenchmarkGlossaryExpand.
func BenchmarkGlossaryFold(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		_ = data.Fold(benchText)
	}
}

// TestGlossaryVietnameseBoundaries: a term must be a word of the text, not
// syllables that fold alike or belong to two neighbouring words.
func TestGlossaryVietnameseBoundaries(t *testing.T) {
	g := defaultGlossaryT(t)
	for _, tc := range []struct {
		name, text string
		want       string // preferred en of an entry that must be found, "" for none
		absent     string // preferred en of an entry that must not be found
	}{
		// The known false matches: diacritics tell the words apart.
		{"cao su inside nâng cao sự", "Giải pháp nâng cao sự hài lòng của khách hàng", "", "rubber"},
		{"hộp số inside tổng hợp số liệu", "Phần mềm tổng hợp số liệu sản xuất hằng ngày", "", "gearbox"},
		// Typed without diacritics, the common word around the term says
		// where the words end.
		{"unaccented tổng hợp số liệu", "phan mem tong hop so lieu san xuat", "", "gearbox"},
		{"unaccented nâng cao sự", "nang cao su hai long cua khach hang", "", "rubber"},
		// The terms themselves still match, with or without diacritics, and
		// whatever the tone placement (thuỷ/thủy).
		{"rubber", "Nhà máy sản xuất găng tay cao su", "rubber", ""},
		{"rubber unaccented", "nha may gang tay cao su", "rubber", ""},
		{"gearbox", "Bảo trì hộp số của băng tải", "gearbox", ""},
		{"gearbox unaccented", "bao tri hop so bang tai", "gearbox", ""},
		{"tone placement", "Xử lý nước thải chế biến thuỷ sản", "wastewater treatment", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, x := range g.Expand(tc.text) {
				got = append(got, g.entries[x.Entry].Terms["en"][0])
			}
			if tc.want != "" && !slices.Contains(got, tc.want) {
				t.Errorf("Expand(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if tc.absent != "" && slices.Contains(got, tc.absent) {
				t.Errorf("Expand(%q) = %q, must not find %q", tc.text, got, tc.absent)
			}
		})
	}
}

// TestGlossaryTermInsideLongerWord: a two-syllable term whose syllables
// belong to two longer words of the text is not found, with diacritics or
// without; the same syllables standing as the term are.
func TestGlossaryTermInsideLongerWord(t *testing.T) {
	src := "manufacturing\tgearbox\thộp số\t기어박스\n" +
		"energy\tenergy\tnăng lượng\t에너지\n" +
		"materials_construction\trubber\tcao su\t고무\n"
	g, err := ParseGlossary(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"tổng hợp số liệu", nil},
		{"tong hop so lieu", nil},
		{"nâng cao sự an toàn", nil},
		{"nang cao su an toan", nil},
		{"tổ chức năng lượng quốc tế", []string{"vi:năng lượng"}},
		{"chức năng lượng", nil}, // "chức năng" is a word, and nothing claims "chức"
		{"hộp số tự động", []string{"vi:hộp số"}},
		{"hop so tu dong", []string{"vi:hộp số"}},
		{"lốp cao su", []string{"vi:cao su"}},
	} {
		var got []string
		for _, x := range g.Expand(tc.text) {
			got = append(got, x.Found.Lang+":"+x.Found.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Expand(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestGlossaryConceptsAcrossFiles: lines of two files that share a term are
// one concept, so Korean on one line reaches Vietnamese on another through
// their English; each language finds the others.
func TestGlossaryConceptsAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"glossary.tsv":          {Data: []byte("port_logistics\tshore power|cold ironing\tđiện bờ\t\n")},
		"glossary/b_ports.tsv":  {Data: []byte("port_logistics\tshore power|onshore power supply\tcấp điện bờ\t육상전원\nwater_waste\tsludge\tbùn thải\t슬러지\n")},
		"glossary/a_notes.txt":  {Data: []byte("not a glossary file\n")},
		"glossary/c_water.tsv":  {Data: []byte("water_waste\tsludge dewatering\tkhử nước bùn\t\n")},
		"glossary/README.md":    {Data: []byte("# notes\n")},
		"other/ignored.tsv":     {Data: []byte("bad\n")},
		"glossary/sub/deep.tsv": {Data: []byte("bad\n")},
	}
	g, err := loadGlossaryFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 3 {
		t.Fatalf("Len = %d concepts, want 3 (shore power merged)", g.Len())
	}
	shore := g.Expand("육상전원")
	if len(shore) != 1 {
		t.Fatalf("Expand(육상전원) = %+v", shore)
	}
	for _, want := range []Term{{"shore power", "en"}, {"onshore power supply", "en"}, {"điện bờ", "vi"}, {"cấp điện bờ", "vi"}} {
		if !slices.Contains(shore[0].Equivalents, want) {
			t.Errorf("Expand(육상전원) equivalents %v lack %v", shore[0].Equivalents, want)
		}
	}
	for _, text := range []string{"cold ironing", "điện bờ", "onshore power supply", "cap dien bo"} {
		x := g.Expand(text)
		if len(x) != 1 || x[0].Entry != shore[0].Entry || !slices.Contains(x[0].Equivalents, Term{"육상전원", "ko"}) {
			t.Errorf("Expand(%q) = %+v, want the shore-power concept with its Korean term", text, x)
		}
	}
	if x := g.Expand("cold ironing"); len(x) != 1 || !slices.Equal(x[0].Synonyms, []Term{{"shore power", "en"}, {"onshore power supply", "en"}}) {
		t.Errorf("Expand(cold ironing) synonyms = %+v, want the concept's other English terms", x)
	}
	if w := g.where(shore[0].Entry); w != "glossary.tsv:1, glossary/b_ports.tsv:1" {
		t.Errorf("where = %q", w)
	}
	// An error names the file and line.
	fsys["glossary/d_bad.tsv"] = &fstest.MapFile{Data: []byte("\nenergy\tsolar\n")}
	if _, err := loadGlossaryFS(fsys); err == nil || !strings.Contains(err.Error(), "glossary/d_bad.tsv line 2:") {
		t.Errorf("error = %v, want it to name glossary/d_bad.tsv line 2", err)
	}
}

// TestViWordsFile: every line of viwords.txt is one two-syllable word in
// NFC, listed once, and none is a glossary term (a term's own words must
// never veto it).
func TestViWordsFile(t *testing.T) {
	g := defaultGlossaryT(t)
	terms := map[string]bool{}
	for _, tm := range g.terms {
		if !tm.hangul {
			terms[strings.Join(tm.sigs, " ")] = true
		}
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(viWordsTxt))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !norm.NFC.IsNormalString(line) {
			t.Errorf("viwords.txt line %d is not NFC", n)
		}
		toks := wordsOf(line, nil)
		if len(toks) != 2 {
			t.Errorf("viwords.txt line %d: %q has %d syllables, want 2", n, line, len(toks))
			continue
		}
		sig := toks[0].sig + " " + toks[1].sig
		if seen[sig] {
			t.Errorf("viwords.txt line %d: %q repeated", n, line)
		}
		seen[sig] = true
		if terms[sig] {
			t.Errorf("viwords.txt line %d: %q is a glossary term", n, line)
		}
	}
}
