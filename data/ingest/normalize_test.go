package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

func TestNormalizeTRL(t *testing.T) {
	tests := []struct {
		in     any
		want   int
		wantOK bool
	}{
		{nil, 0, true},
		{float64(1), 1, true},
		{float64(7), 7, true},
		{float64(9), 9, true},
		{7, 7, true},
		{int64(4), 4, true},
		{json.Number("6"), 6, true},
		{"TRL 7", 7, true},
		{"trl7", 7, true},
		{"TRL7", 7, true},
		{"7", 7, true},
		{" 7 ", 7, true},
		{"TRL 4-5", 4, true},
		{"TRL 4–5", 4, true},
		{"TRL 4 to 5", 4, true},
		{"TRL-6", 6, true},
		{"TRL: 3", 3, true},
		{"trl 9", 9, true},
		{"Level 6", 6, true},
		{"mức 6", 6, true},
		{"7.0", 7, true},
		{"TRL 7 (system prototype demonstrated)", 7, true},
		{"TRL 5 - validated in relevant environment", 5, true},
		{"", 0, true},
		{"null", 0, true},
		{"N/A", 0, true},
		// reported
		{float64(0), 0, false},
		{float64(10), 0, false},
		{float64(-1), 0, false},
		{float64(6.5), 0, false},
		{"TRL 0", 0, false},
		{"TRL 10", 0, false},
		{"TRL 5-3", 0, false},
		{"TRL 8-12", 0, false},
		{"high", 0, false},
		{"prototype", 0, false},
		{true, 0, false},
		{[]any{float64(7)}, 0, false},
	}
	for _, tt := range tests {
		got, ok := NormalizeTRL(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("NormalizeTRL(%#v) = (%d, %v), want (%d, %v)", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestNormalizeTRLCorpus(t *testing.T) {
	counts := map[string]int{}
	for _, r := range normCorpusRecords(t) {
		v := r["trl"]
		trl, ok := NormalizeTRL(v)
		if !ok {
			t.Errorf("corpus trl %#v (record %v) rejected", v, r["id"])
			continue
		}
		counts[fmt.Sprintf("%#v -> %d", v, trl)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s (%d records)", k, counts[k])
	}
}

func TestNormalizeTRLFromStage(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"Concept", 2},
		{"Idea", 1},
		{"Target Identified", 2},
		{"Research –", 2},
		{"Proof of Concept", 3},
		{"Proof-of-concept", 3},
		{"proof of principle", 3},
		{"In vitro", 3},
		{"Research – in vitro", 3},
		{"ConceptProof of Concept", 3},
		{"Bench Prototype", 4},
		{"Laboratory prototype", 4},
		{"Proof of ConceptBench Prototype", 4},
		{"ConceptProof of ConceptBench Prototype", 4},
		{"Preclinical Discovery", 4},
		{"Target IdentifiedPreclinical Discovery", 4},
		{"Pre-clinical", 4},
		{"In vivo data", 4},
		{"Prototype", 5},
		{"Prototype Design", 5},
		{"Working prototypeHuman trial", 6},
		{"Minimum Viable Product", 6},
		{"Phase I clinical trial", 6},
		{"Prototype tested", 6},
		{"Pilot: treatment of effluent at a treatment plant", 7},
		{"Phase II", 7},
		{"Ready to use", 8},
		{"Commercially available", 9},
		{"Sản phẩm đã thương mại hóa", 9},
		{"giai đoạn thí điểm", 7},
		{"nguyên mẫu", 5},
		{"TRL 6 reached", 6},
		{"Clinical testing", 6},
		{"FDA 510(k) clearance", 9},
		{"Ready for licensing", 0},
		{"The inventors have filed a patent", 0},
	}
	for _, tt := range tests {
		if got := TRLFromStage(tt.in); got != tt.want {
			t.Errorf("TRLFromStage(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeCooperation(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		unknown []string
	}{
		{nil, nil, nil},
		{[]string{"", "null"}, nil, nil},
		{[]string{"License (university technology licensing office listing)"}, []string{data.CoopLicense}, nil},
		{[]string{"License"}, []string{data.CoopLicense}, nil},
		{[]string{"Licensing"}, []string{data.CoopLicense}, nil},
		{[]string{"licence agreement"}, []string{data.CoopLicense}, nil},
		{[]string{"Non-Esclusive License"}, []string{data.CoopLicense}, nil},
		{[]string{"One click license"}, []string{data.CoopLicense}, nil},
		{[]string{"Research use"}, []string{data.CoopLicense}, nil},
		{[]string{"Co-development"}, []string{data.CoopTechnical}, nil},
		{[]string{"Co-Development"}, []string{data.CoopTechnical}, nil},
		{[]string{"Industrial partner"}, []string{data.CoopTechnical}, nil},
		{[]string{"Investment funds"}, []string{data.CoopInvestment}, nil},
		{[]string{"Grant partner"}, []string{data.CoopResearch}, nil},
		{[]string{"Internationalization"}, []string{data.CoopSupply}, nil},
		{[]string{"Consulting"}, []string{data.CoopTechnical}, nil},
		{[]string{"consulting engagement"}, []string{data.CoopTechnical}, nil},
		{[]string{"Sponsored Research"}, []string{data.CoopResearch}, nil},
		{[]string{"sponsored research"}, []string{data.CoopResearch}, nil},
		{[]string{"Sponsored Research Agreements"}, []string{data.CoopResearch}, nil},
		{[]string{"Collaboration"}, []string{data.CoopTechnical}, nil},
		{[]string{"Newco"}, []string{data.CoopJointVent}, nil},
		{[]string{"Start-up"}, []string{data.CoopJointVent}, nil},
		{[]string{"Potential start-up"}, []string{data.CoopJointVent}, nil},
		{[]string{"joint venture"}, []string{data.CoopJointVent}, nil},
		{[]string{"SBIR/STTR contract (Phase I)"}, []string{data.CoopResearch}, nil},
		{[]string{"technology transfer partner"}, []string{data.CoopLicense, data.CoopTechnical}, nil},
		{[]string{"supplier agreement"}, []string{data.CoopSupply}, nil},
		{[]string{"challenge prize"}, []string{data.CoopTechnical}, nil},
		{[]string{"grant-funded R&D project"}, []string{data.CoopResearch}, nil},
		{[]string{"pilot"}, []string{data.CoopTechnical}, nil},
		{[]string{"Sponsored research and licensing"}, []string{data.CoopLicense, data.CoopResearch}, nil},
		{[]string{"•\u00a0\u00a0 \u00a0License•\u00a0\u00a0 \u00a0Co-development"}, []string{data.CoopLicense, data.CoopTechnical}, nil},
		{[]string{"License; co-development, investment"}, []string{data.CoopLicense, data.CoopTechnical, data.CoopInvestment}, nil},
		{[]string{"distribution and supply"}, []string{data.CoopSupply}, nil},
		// order of CooperationTypes, duplicates dropped
		{[]string{"Investment funds", "License", "licensing", "Co-development"}, []string{data.CoopLicense, data.CoopTechnical, data.CoopInvestment}, nil},
		// fragments are reported, "etc." is not
		{[]string{"License", "Co-development: with cell phone manufactures", "specialized optics manufacturers (Thorlabs", "Edmund", "Nikon", "etc.)"},
			[]string{data.CoopLicense, data.CoopTechnical}, []string{"specialized optics manufacturers (Thorlabs", "Edmund", "Nikon"}},
		{[]string{"something else entirely"}, nil, []string{"something else entirely"}},
		// Vietnamese, with and without diacritics
		{[]string{"chuyển giao công nghệ"}, []string{data.CoopLicense, data.CoopTechnical}, nil},
		{[]string{"chuyen giao cong nghe"}, []string{data.CoopLicense, data.CoopTechnical}, nil},
		{[]string{"mua phần mềm"}, []string{data.CoopCommercial}, nil},
		{[]string{"mua thiet bi"}, []string{data.CoopCommercial}, nil},
		{[]string{"thuê dịch vụ"}, []string{data.CoopCommercial}, nil},
		{[]string{"tư vấn"}, []string{data.CoopTechnical}, nil},
		{[]string{"thí điểm"}, []string{data.CoopTechnical}, nil},
		{[]string{"liên doanh"}, []string{data.CoopJointVent}, nil},
		{[]string{"lien doanh"}, []string{data.CoopJointVent}, nil},
		{[]string{"đầu tư"}, []string{data.CoopInvestment}, nil},
		{[]string{"hợp tác nghiên cứu"}, []string{data.CoopResearch}, nil},
		{[]string{"hop tac nghien cuu"}, []string{data.CoopResearch}, nil},
		{[]string{"hợp tác kỹ thuật"}, []string{data.CoopTechnical}, nil},
		{[]string{"phân phối"}, []string{data.CoopSupply}, nil},
		{[]string{"cấp phép"}, []string{data.CoopLicense}, nil},
		{[]string{"license sáng chế"}, []string{data.CoopLicense}, nil},
		{[]string{"liên doanh và đầu tư"}, []string{data.CoopJointVent, data.CoopInvestment}, nil},
		// Korean
		{[]string{"라이선스"}, []string{data.CoopLicense}, nil},
		{[]string{"기술이전"}, []string{data.CoopLicense, data.CoopTechnical}, nil},
		{[]string{"기술협력"}, []string{data.CoopTechnical}, nil},
		{[]string{"합작투자"}, []string{data.CoopJointVent}, nil},
		{[]string{"공동연구"}, []string{data.CoopResearch}, nil},
		{[]string{"투자"}, []string{data.CoopInvestment}, nil},
		{[]string{"공급", "유통"}, []string{data.CoopSupply}, nil},
	}
	for _, tt := range tests {
		got, unknown := NormalizeCooperation(tt.in)
		if !slices.Equal(got, tt.want) || !slices.Equal(unknown, tt.unknown) {
			t.Errorf("NormalizeCooperation(%q) = %q, unknown %q; want %q, unknown %q", tt.in, got, unknown, tt.want, tt.unknown)
		}
		for _, c := range got {
			if !slices.Contains(data.CooperationTypes, c) {
				t.Errorf("NormalizeCooperation(%q) returned %q, not a cooperation code", tt.in, c)
			}
		}
	}
}

func TestNormalizeCooperationCorpus(t *testing.T) {
	unknownCount := map[string]int{}
	codeCount := map[string]int{}
	lists := 0
	for _, r := range normCorpusRecords(t) {
		raw, ok := r["partnership"].([]any)
		if !ok || len(raw) == 0 {
			continue
		}
		lists++
		var values []string
		for _, v := range raw {
			if s, ok := v.(string); ok {
				values = append(values, s)
			}
		}
		codes, unknown := NormalizeCooperation(values)
		for _, u := range unknown {
			unknownCount[u]++
		}
		for _, c := range codes {
			codeCount[c]++
		}
		if len(codes) == 0 && len(unknown) < len(values) {
			// some value was neither mapped nor a fragment: impossible
			t.Errorf("record %v: %q maps to nothing", r["id"], values)
		}
		if len(codes) == 0 && !onlyFragments(values) {
			t.Errorf("record %v: partnership %q maps to no cooperation type (unknown %q)", r["id"], values, unknown)
		}
	}
	t.Logf("%d partnership lists; codes: %v", lists, codeCount)
	for u, n := range unknownCount {
		t.Logf("unknown partnership value %q (%d records)", u, n)
	}
}

// onlyFragments reports whether every value looks like a piece of a list
// that a scraper split on commas: an unbalanced bracket or a single word
// that is a proper name.
func onlyFragments(values []string) bool {
	for _, v := range values {
		v = strings.TrimSpace(v)
		frag := strings.Count(v, "(") != strings.Count(v, ")") || (len(strings.Fields(v)) == 1 && v != strings.ToLower(v))
		if !frag {
			return false
		}
	}
	return true
}

func TestNormalizeLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"EN", "en"}, {"English", "en"}, {"english", "en"}, {"en-US", "en"}, {"en_GB", "en"}, {"English (US)", "en"},
		{"vi", "vi"}, {"Vietnamese", "vi"}, {"tiếng Việt", "vi"}, {"Tiếng Việt", "vi"}, {"tieng viet", "vi"}, {"vi-VN", "vi"},
		{"ko", "ko"}, {"Korean", "ko"}, {"한국어", "ko"}, {"tiếng Hàn", "ko"}, {"ko-KR", "ko"},
		{"fr", "fr"}, {"French", "fr"}, {"Français", "fr"},
		{"de", "de"}, {"German", "de"}, {"Deutsch", "de"},
		{"ja", "ja"}, {"Japanese", "ja"}, {"日本語", "ja"}, {"tiếng Nhật", "ja"},
		{"", ""}, {"zh", ""}, {"Chinese", ""}, {"Klingon", ""}, {"es-ES", ""},
	}
	for _, tt := range tests {
		got := NormalizeLanguage(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeLanguage(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !slices.Contains(data.Languages, got) {
			t.Errorf("NormalizeLanguage(%q) = %q, not in Languages", tt.in, got)
		}
	}
}

func TestNormalizeCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  hello   world  ", "hello world"},
		{"a\u00a0\u00a0b", "a b"},
		{"line one\r\nline two", "line one\nline two"},
		{"tab\tkept", "tab\tkept"},
		{"bell\x07 gone\x00", "bell gone"},
		{"\ufeffBOM first", "BOM first"},
		{"zero\u200bwidth", "zerowidth"},
		{"bad \xff\xfe bytes", "bad bytes"},
		{"Vie\u0302\u0323t Nam", "Việt Nam"}, // NFD -> NFC
		{"Ha\u0300n Quo\u0302\u0301c", "Hàn Quốc"},
		{"\n\n  padded  \n", "padded"},
		{"keep\n\nparagraphs", "keep\n\nparagraphs"},
		{"한국  기술", "한국 기술"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeTermMatcher(t *testing.T) {
	m := newTermMatcher()
	m.add("cell", 1)
	m.add("solar cell", 2)
	m.add("recycl*", 3)
	m.add("proof of concept", 4)
	m.add("concept", 5)
	var got []int
	for _, h := range m.find(foldTokens("Solar cells? No: solar cell, a cell; recycling, concept, proof-of-concept")) {
		got = append(got, h.ids...)
	}
	want := []int{2, 1, 3, 5, 4} // "cells" is not "cell"; leftmost-longest
	if !slices.Equal(got, want) {
		t.Errorf("find = %v, want %v", got, want)
	}
	if toks := foldTokens("U.S.A. people's Côte d’Ivoire Đình Vũ"); !slices.Equal(toks, []string{"usa", "peoples", "cote", "divoire", "dinh", "vu"}) {
		t.Errorf("foldTokens = %q", toks)
	}
}

// Most corpus stages are short labels; nearly all of those should give a
// TRL. Long free-text stages are reported only.
func TestNormalizeTRLFromStageCorpus(t *testing.T) {
	short, shortOK, long, longOK := 0, 0, 0, 0
	levels := map[int]int{}
	var missed []string
	for _, r := range normCorpusRecords(t) {
		s, _ := r["stage"].(string)
		if strings.TrimSpace(s) == "" {
			continue
		}
		trl := TRLFromStage(s)
		levels[trl]++
		if len(s) <= 40 {
			short++
			if trl > 0 {
				shortOK++
			} else if len(missed) < 30 {
				missed = append(missed, s)
			}
		} else {
			long++
			if trl > 0 {
				longOK++
			}
		}
	}
	if short == 0 {
		t.Skip("no stage values in the corpus")
	}
	t.Logf("short stages: %d of %d get a TRL; long stages: %d of %d; by level: %v", shortOK, short, longOK, long, levels)
	t.Logf("short stages without a TRL: %q", missed)
	if shortOK < short*9/10 {
		t.Errorf("only %d of %d short stage labels give a TRL, want 90%%", shortOK, short)
	}
}
