package ingest

// Normalization of the messy values that imports bring: free-text TRLs and
// development stages, cooperation (partnership) wordings in English,
// Vietnamese and Korean, language names, and raw text. Every function here
// is lenient: it returns what it can recognise and says what it could not,
// so that an importer keeps the row and reports the value instead of
// rejecting the record.

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// ---------------------------------------------------------------------------
// Text

// CleanText returns s fit for storing: NFC-normalized, invalid UTF-8 bytes
// dropped, control and zero-width characters removed except newline and tab,
// every run of spaces (including no-break and ideographic spaces) collapsed
// to one ASCII space, and leading and trailing white space trimmed. "\r\n"
// becomes "\n".
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			space = false
			b.WriteRune(r)
		case r == ' ' || unicode.Is(unicode.Zs, r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
		case unicode.IsControl(r), r == '\u200b', r == '\ufeff', r == '\u00ad', r == '\u2028', r == '\u2029':
			// C0/C1 controls, zero-width space, byte-order mark, soft hyphen
			// and the Unicode line/paragraph separators are dropped.
		default:
			space = false
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// isNullish reports whether a cleaned value is one of the placeholders
// spreadsheets and scrapers use for "no value".
func isNullish(s string) bool {
	switch data.Fold(strings.TrimSpace(s)) {
	case "", "null", "nil", "none", "n/a", "na", "n.a.", "-", "--", "—", "?", "unknown",
		"not specified", "unspecified", "tbd", "không", "khong", "không rõ", "khong ro", "없음":
		return true
	}
	return false
}

// ---------------------------------------------------------------------------
// Phrase matching shared by countries, cooperation types, stages and sectors

// camelBoundary finds a lower-case run of three or more letters (or a digit)
// glued to a capitalised word, as in "ConceptProof" or "BreastCancer", which
// scraped listings produce when they drop the space between two fields.
// Short runs ("iPhone", "McDonald", "LiDAR") are left alone.
var camelBoundary = regexp.MustCompile(`(\p{Ll}{3}|[0-9])(\p{Lu}\p{Ll})`)

// dottedInitials finds abbreviations written with dots ("U.S.", "U.K.",
// "e.g.") so their letters stay one token.
var dottedInitials = regexp.MustCompile(`\b(?:\pL\.){2,}`)

// splitGlued inserts a space at camelBoundary matches.
func splitGlued(s string) string {
	if !mayGlue(s) {
		return s
	}
	return glueSplit(s)
}

// foldTokens folds s (see Fold) and splits it into words: runs of letters
// and digits. Apostrophes inside a word are dropped ("people's" becomes
// "peoples") and dotted initials are joined ("U.S.A." becomes "usa").
func foldTokens(s string) []string { return splitWords(s, true) }

// rawTokens splits s into the same words as foldTokens, unfolded.
func rawTokens(s string) []string { return splitWords(s, false) }

func splitWords(s string, fold bool) []string { return scanWords(wordText(s, fold)) }

// wordText is s as splitWords reads it: dotted initials joined, then
// folded (fold) or in NFC with invalid UTF-8 dropped.
func wordText(s string, fold bool) string {
	if mayHaveInitials(s) {
		s = dottedInitials.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, ".", "") })
	}
	if fold {
		return data.Fold(s)
	}
	return norm.NFC.String(strings.ToValidUTF8(s, ""))
}

// scanWords splits s, as wordText gives it, into splitWords' words.
func scanWords(s string) []string {
	// A word is s[start:end], unless an apostrophe inside it was dropped:
	// then it is built in buf. Words are five or six bytes apart.
	toks := make([]string, 0, len(s)/6+1)
	var buf []byte
	start, end, built := -1, 0, false
	for i, r := range s {
		switch {
		case wordRune(r):
			switch {
			case built:
				buf = utf8.AppendRune(buf, r)
			case start < 0:
				start = i
			}
			end = i + utf8.RuneLen(r)
		case (r == '\'' || r == '’') && (start >= 0 || built):
			// keep the word going: "d'ivoire" -> "divoire"
			if !built {
				buf, built = append(buf[:0], s[start:end]...), true
			}
		default:
			if built {
				toks, built = append(toks, string(buf)), false
			} else if start >= 0 {
				toks = append(toks, s[start:end])
			}
			start = -1
		}
	}
	if built {
		toks = append(toks, string(buf))
	} else if start >= 0 {
		toks = append(toks, s[start:end])
	}
	return toks
}

// wordRune reports whether r is part of a word: a letter, a digit or a
// combining mark.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// termEntry is one phrase of a termMatcher: its folded words, whether the
// last word is a prefix (written "word*"), and the caller's ids it stands for.
type termEntry struct {
	toks   []string
	prefix bool
	ids    []int
}

// termHit is one match: the ids of the phrase and the token span [start,end).
type termHit struct {
	ids        []int
	start, end int
}

// termMatcher finds whole-word phrases in folded token streams, leftmost and
// longest first, each token used by at most one phrase: in "solar cell" the
// phrase "solar cell" wins over "cell", and "proof of concept" hides its
// "concept". A phrase may end in '*' to match any word starting with its
// last word ("recycl*" matches recycling and recycled); such a prefix must
// have at least three letters.
type termMatcher struct {
	exact  map[string][]*termEntry // by first word
	prefix map[string][]*termEntry // single-word prefixes, by their first three runes
	byKey  map[string]*termEntry
}

func newTermMatcher() *termMatcher {
	return &termMatcher{exact: map[string][]*termEntry{}, prefix: map[string][]*termEntry{}, byKey: map[string]*termEntry{}}
}

// add registers phrase for id. Phrases that fold to no words are ignored.
func (m *termMatcher) add(phrase string, id int) {
	isPrefix := strings.HasSuffix(phrase, "*")
	toks := foldTokens(strings.TrimSuffix(phrase, "*"))
	if len(toks) == 0 {
		return
	}
	key := strings.Join(toks, " ")
	if isPrefix {
		key += "*"
	}
	if e, ok := m.byKey[key]; ok {
		if !slices.Contains(e.ids, id) {
			e.ids = append(e.ids, id)
		}
		return
	}
	e := &termEntry{toks: toks, prefix: isPrefix, ids: []int{id}}
	m.byKey[key] = e
	if isPrefix && len(toks) == 1 {
		k := firstRunes(toks[0], 3)
		if utf8.RuneCountInString(toks[0]) < 3 {
			panic("termMatcher: prefix too short: " + phrase) // a rule-table bug
		}
		m.prefix[k] = insertByLen(m.prefix[k], e)
		return
	}
	m.exact[toks[0]] = insertByLen(m.exact[toks[0]], e)
}

func insertByLen(list []*termEntry, e *termEntry) []*termEntry {
	list = append(list, e)
	slices.SortStableFunc(list, func(a, b *termEntry) int { return len(b.toks) - len(a.toks) })
	return list
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// matchAt returns the longest entry matching toks at i, or nil.
func (m *termMatcher) matchAt(toks []string, i int) *termEntry {
	var best *termEntry
	try := func(e *termEntry) {
		n := len(e.toks)
		if i+n > len(toks) || (best != nil && n <= len(best.toks)) {
			return
		}
		for j := 0; j < n; j++ {
			want, got := e.toks[j], toks[i+j]
			if j == n-1 && e.prefix {
				if !strings.HasPrefix(got, want) {
					return
				}
			} else if got != want {
				return
			}
		}
		best = e
	}
	for _, e := range m.exact[toks[i]] {
		try(e)
	}
	for _, e := range m.prefix[firstRunes(toks[i], 3)] {
		try(e)
	}
	return best
}

// find returns the phrases found in toks, in order.
func (m *termMatcher) find(toks []string) []termHit {
	var hits []termHit
	for i := 0; i < len(toks); {
		if e := m.matchAt(toks, i); e != nil {
			hits = append(hits, termHit{ids: e.ids, start: i, end: i + len(e.toks)})
			i += len(e.toks)
			continue
		}
		i++
	}
	return hits
}

// whole returns the ids of the phrase that covers all of toks, or nil.
func (m *termMatcher) whole(toks []string) []int {
	if len(toks) == 0 {
		return nil
	}
	if e := m.matchAt(toks, 0); e != nil && len(e.toks) == len(toks) {
		return e.ids
	}
	return nil
}

// listSeparators splits free-text lists: bullets, semicolons, commas,
// slashes, pipes, plus signs, ampersands between words and the words "and",
// "or" (English), "và", "hoặc" (Vietnamese), "및" (Korean) between spaces.
var listSeparators = regexp.MustCompile(`[•·▪●◦‣∙;,|+\n/]+|\s&\s|\s+(?i:and|or|và|hoặc|및)\s+`)

// splitList splits a free-text list value into trimmed, non-empty parts.
func splitList(s string) []string {
	var out []string
	for _, p := range listSeparators.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// TRL

// trlText matches the TRL wordings seen on import: "7", "TRL 7", "trl7",
// "TRL-6", "TRL: 5", "TRL 4-5", "TRL 4 to 5", "level 6", "mức 6", "7+".
var trlText = regexp.MustCompile(`^(?:trl|level|muc|trl level|technology readiness level)?\s*[-:#=]?\s*(\d{1,2})(?:\.0)?\s*\+?\s*(?:(?:-|–|—|to|/|~|den)\s*(?:trl\s*)?(\d{1,2}))?$`)

// trlLead matches a TRL that opens a longer text: "TRL 7 - system
// prototype demonstrated".
var trlLead = regexp.MustCompile(`^trl\s*[-:#=]?\s*(\d{1,2})(?:\s*(?:-|–|—|to)\s*(\d{1,2}))?(?:[^0-9]|$)`)

// NormalizeTRL reads a technology readiness level from a value decoded by
// encoding/json (or typed by a person). It returns (0, true) for a missing
// value (nil, "", "null", "n/a", ...), meaning "unknown"; (n, true) for a
// level 1-9 written as a number or as text such as "TRL 7", "trl7", "TRL-6",
// or a range "TRL 4-5" (the lower bound); and (0, false) when the value is
// out of range or unreadable, so the importer can report it.
func NormalizeTRL(v any) (trl int, ok bool) {
	inRange := func(n int) (int, bool) {
		if n >= 1 && n <= 9 {
			return n, true
		}
		return 0, false
	}
	fromFloat := func(f float64) (int, bool) {
		if math.IsNaN(f) || f != math.Trunc(f) {
			return 0, false
		}
		return inRange(int(f))
	}
	switch x := v.(type) {
	case nil:
		return 0, true
	case float64:
		return fromFloat(x)
	case float32:
		return fromFloat(float64(x))
	case int:
		return inRange(x)
	case int64:
		if x < 1 || x > 9 {
			return 0, false
		}
		return int(x), true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return 0, false
		}
		return fromFloat(f)
	case string:
		s := CleanText(x)
		if isNullish(s) {
			return 0, true
		}
		f := strings.TrimSpace(data.Fold(stripBrackets(s)))
		m := trlText.FindStringSubmatch(f)
		if m == nil {
			m = trlLead.FindStringSubmatch(f)
		}
		if m == nil {
			return 0, false
		}
		lo, _ := strconv.Atoi(m[1])
		if m[2] != "" {
			hi, _ := strconv.Atoi(m[2])
			if hi < lo || hi > 9 {
				return 0, false
			}
		}
		return inRange(lo)
	}
	return 0, false
}

// stageRule maps a development-stage phrase to an estimated TRL.
type stageRule struct {
	trl   int
	terms []string
}

// stageRules estimate a TRL from the free-text "stage" of a listing. The
// levels follow the usual TRL scale, with the biomedical reading of it for
// drug and device work (preclinical = validated in the lab, clinical phase
// I/II/III = 6/7/8, approval = 9). Longer phrases win over the words inside
// them ("bench prototype" is 4 although "prototype" alone is 5).
var stageRules = []stageRule{
	{1, []string{"basic research", "fundamental research", "basic principles", "idea", "ý tưởng"}},
	{2, []string{"concept", "concept stage", "target identified", "targets identified", "target identification", "research", "theoretical", "theory", "proposed design", "design concept", "early stage", "early research", "nghiên cứu", "giai đoạn nghiên cứu"}},
	{3, []string{"proof of concept", "proof of principle", "poc", "in vitro", "in vitro data", "ex vivo", "reduction to practice", "feasibility", "feasibility study", "simulation", "simulations", "computer model", "computer models", "discovery", "lead compound", "lead optimization", "chứng minh khái niệm", "thử nghiệm khái niệm"}},
	{4, []string{"bench prototype", "benchtop prototype", "bench top prototype", "lab prototype", "laboratory prototype", "lab scale", "laboratory scale", "bench scale", "laboratory environment", "tested in the lab", "tested in a laboratory", "demonstrated in laboratory", "preclinical", "pre clinical", "preclinical discovery", "in vivo", "in vivo data", "animal model", "animal models", "animal data", "animal studies", "mouse model", "mouse models", "ind enabling", "ind enabling studies", "validated in lab", "phòng thí nghiệm", "quy mô phòng thí nghiệm"}},
	{5, []string{"prototype", "prototypes", "prototype developed", "working prototype", "functional prototype", "prototype design", "software prototype", "prototype system", "large animal", "large animal studies", "alpha version", "nguyên mẫu", "mẫu thử"}},
	{6, []string{"prototype tested", "prototype built and tested", "field tested", "field test", "field tests", "field trial", "field trials", "demonstrator", "demonstration", "beta", "beta version", "minimum viable product", "mvp", "clinical", "clinical testing", "ind received", "ind filed", "ind approved", "clinical data", "clinical trial", "clinical trials", "clinical study", "clinical studies", "clinical validation", "clinical development", "clinically validated", "human trial", "human trials", "human study", "human data", "first in human", "phase i", "phase 1", "thử nghiệm thực tế"}},
	{7, []string{"pilot", "pilot plant", "pilot scale", "pilot production", "pilot project", "pilot study", "phase ii", "phase 2", "operational environment", "thí điểm", "sản xuất thử", "sản xuất thử nghiệm"}},
	{8, []string{"phase iii", "phase 3", "clinical use", "ready for clinical use", "ready to use", "ready for use", "qualified", "certified", "pre series", "pre production", "preproduction", "hoàn thiện"}},
	{9, []string{"commercial", "commercial product", "commercialized", "commercialised", "commercially available", "on the market", "in production", "mass production", "deployed", "fda cleared", "fda clearance", "510 k", "ce marked", "thương mại", "thương mại hóa", "thương mại hoá", "sản xuất hàng loạt", "đã triển khai", "ứng dụng thực tế"}},
}

var stageMatcher = func() *termMatcher {
	m := newTermMatcher()
	for _, r := range stageRules {
		for _, t := range r.terms {
			m.add(t, r.trl)
		}
	}
	return m
}()

// stageTRL finds "TRL 6" written inside a stage text.
var stageTRL = regexp.MustCompile(`\btrl\s*[-:]?\s*([1-9])\b`)

// TRLFromStage estimates a TRL from a free-text development stage such as
// "Proof of Concept", "Bench Prototype" or "Preclinical Discovery". Values
// that scrapers glued together ("ConceptProof of Concept") are split, and
// the highest stage named wins. It returns 0 when no stage is recognised.
func TRLFromStage(stage string) int {
	stage = CleanText(stage)
	if stage == "" {
		return 0
	}
	best := 0
	if m := stageTRL.FindStringSubmatch(data.Fold(stage)); m != nil {
		best, _ = strconv.Atoi(m[1])
	}
	for _, h := range stageMatcher.find(foldTokens(splitGlued(stage))) {
		for _, trl := range h.ids {
			best = max(best, trl)
		}
	}
	return best
}

// ---------------------------------------------------------------------------
// Cooperation types

// cooperationTerms says which wordings mean which cooperation code. Phrases
// are compared on Fold, as whole words, longest first; "word*" matches any
// word starting with "word". A wording may stand for several codes.
//
// Choices made for ambiguous wordings:
//   - Technology transfer ("chuyển giao công nghệ", 기술이전) is a licence of
//     the technology plus the technical help to use it (that is what the
//     Vietnamese Law on Technology Transfer covers): license and
//     technical_cooperation.
//   - Start-up, spin-off and "Newco" wordings mean setting up a new company
//     with a partner around the technology: joint_venture. Investors are
//     named separately in the corpus ("Investment funds") when wanted.
//   - Buying a finished solution (software, equipment, a service) with its
//     installation and training is a commercial agreement with technical
//     assistance: commercial_agreement.
//   - Consulting, pilots and innovation challenges are work done together on
//     the partner's problem: technical_cooperation.
//   - Internationalization (a start-up looking for partners abroad to reach
//     new markets) is supply_distribution.
//   - Grants, sponsored research and SBIR/STTR contracts fund research
//     projects: research_cooperation.
var cooperationTerms = map[string][]string{
	data.CoopLicense: {
		"licens*", "licenc*", "non exclusive", "exclusive rights", "research use", "patent", "patents",
		"technology transfer", "tech transfer", "transfer of technology", "know how",
		"cấp phép", "cấp quyền", "chuyển giao công nghệ", "chuyển giao", "chuyển nhượng", "nhượng quyền", "bản quyền", "sáng chế", "mua bản quyền", "li xăng",
		"라이선스", "라이센스", "기술이전", "특허",
	},
	data.CoopJointVent: {
		"joint venture", "joint ventures", "jv", "newco", "new company", "start up", "startup", "startups", "spin off", "spinoff", "spin out", "spinout",
		"liên doanh", "thành lập công ty", "công ty liên doanh",
		"합작", "합작투자", "합작법인",
	},
	data.CoopTechnical: {
		"co development", "codevelopment", "joint development", "co develop", "co innovation", "industrial partner", "industrial partners", "industrial partnership",
		"technical cooperation", "technical collaboration", "technological cooperation", "collaborat*", "cooperat*", "co operation",
		"technology transfer", "tech transfer", "chuyển giao công nghệ", "technical assistance", "technical support",
		"consult*", "advisory", "advice", "pilot", "pilots", "pilot project", "pilot deployment", "challenge", "challenges", "challenge prize", "prize", "open innovation",
		"hợp tác", "hợp tác kỹ thuật", "hợp tác phát triển", "cùng phát triển", "đồng phát triển", "hỗ trợ kỹ thuật", "tư vấn", "thí điểm", "triển khai thí điểm", "thử nghiệm",
		"기술협력", "공동개발", "기술지원", "컨설팅", "자문", "시범사업", "기술이전",
	},
	data.CoopCommercial: {
		"commercial agreement", "commercial agreements", "commercial partner", "purchase", "purchasing", "procurement", "buy", "buyer", "customer", "customers", "client",
		"services agreement", "service agreement", "service contract", "outsourcing", "subcontracting", "subcontractor", "manufacturing agreement", "contract manufacturing", "turnkey", "saas", "subscription",
		"mua", "mua phần mềm", "mua thiết bị", "mua giải pháp", "mua công nghệ", "mua dây chuyền", "thuê dịch vụ", "thuê giải pháp", "đặt hàng", "gia công", "hợp đồng thương mại", "chìa khoá trao tay",
		"구매", "도입", "위탁생산", "수주",
	},
	data.CoopResearch: {
		"sponsored research", "sponsored research agreement", "sponsored research agreements", "research cooperation", "research collaboration", "research collaborations", "research partner", "research partnership",
		"research agreement", "joint research", "research project", "r d project", "r d", "grant", "grants", "grant partner", "grant funded", "grant funding", "sbir", "sttr", "sbir sttr", "horizon europe", "consortium",
		"hợp tác nghiên cứu", "nghiên cứu chung", "cùng nghiên cứu", "đề tài", "đề tài nghiên cứu", "nghiên cứu phát triển",
		"공동연구", "연구협력", "산학협력", "연구개발",
	},
	data.CoopInvestment: {
		"invest*", "funding", "funds", "fund", "financing", "finance", "venture capital", "vc", "equity", "capital", "seed", "fundraising", "business angels",
		"đầu tư", "nhà đầu tư", "gọi vốn", "góp vốn", "rót vốn", "vốn đầu tư",
		"투자", "투자유치", "지분투자",
	},
	data.CoopSupply: {
		"supplier", "suppliers", "supplier agreement", "supply", "supply agreement", "distribut*", "reseller", "resellers", "dealer", "dealers", "agent", "agency agreement", "sales partner", "sales partners", "commercial distribution",
		"internationali*", "market access", "market entry", "export", "exports",
		"phân phối", "nhà phân phối", "đại lý", "nhà cung cấp", "cung cấp", "cung ứng", "xuất khẩu",
		"공급", "유통", "판매", "수출", "대리점",
	},
}

var cooperationMatcher = func() *termMatcher {
	m := newTermMatcher()
	for i, code := range data.CooperationTypes {
		for _, t := range cooperationTerms[code] {
			m.add(t, i)
		}
	}
	return m
}()

// coopNoise are words that carry no cooperation meaning by themselves; a
// part made only of them is neither mapped nor reported.
var coopNoise = map[string]bool{"etc": true, "e": true, "g": true, "eg": true, "ie": true, "other": true, "others": true, "khac": true}

// NormalizeCooperation maps messy partnership values ("License (university
// technology licensing office listing)", "•  License•  Co-development",
// "chuyển giao công nghệ", "기술협력") to codes of CooperationTypes,
// deduplicated and in the order of CooperationTypes. Each value is split on
// bullets, ';', ',', '/', '|' and on "and"/"or"/"và"/"hoặc"; the parts that
// name no cooperation type are returned in unknown (cleaned, deduplicated,
// in input order) so the importer can report them.
func NormalizeCooperation(values []string) (codes []string, unknown []string) {
	found := make([]bool, len(data.CooperationTypes))
	seenUnknown := map[string]bool{}
	for _, v := range values {
		v = CleanText(v)
		if isNullish(v) {
			continue
		}
		for _, part := range splitList(v) {
			toks := foldTokens(splitGlued(part))
			hits := cooperationMatcher.find(toks)
			for _, h := range hits {
				for _, i := range h.ids {
					found[i] = true
				}
			}
			if len(hits) > 0 || onlyNoise(toks) {
				continue
			}
			u := strings.Trim(part, " \t()[]{}.:-–—\"'")
			if u != "" && !seenUnknown[u] {
				seenUnknown[u] = true
				unknown = append(unknown, u)
			}
		}
	}
	for i, ok := range found {
		if ok {
			codes = append(codes, data.CooperationTypes[i])
		}
	}
	return codes, unknown
}

func onlyNoise(toks []string) bool {
	for _, t := range toks {
		if !coopNoise[t] {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Languages

// languageNames maps folded language names and codes to codes of Languages.
var languageNames = map[string]string{
	"en": "en", "eng": "en", "english": "en", "anh": "en", "tieng anh": "en", "영어": "en", "anglais": "en", "englisch": "en",
	"vi": "vi", "vie": "vi", "vn": "vi", "vietnamese": "vi", "viet": "vi", "tieng viet": "vi", "viet nam": "vi", "vietnam": "vi", "베트남어": "vi", "vietnamien": "vi", "vietnamesisch": "vi",
	"ko": "ko", "kor": "ko", "kr": "ko", "korean": "ko", "tieng han": "ko", "han quoc": "ko", "tieng han quoc": "ko", "한국어": "ko", "한국말": "ko", "한글": "ko", "coreen": "ko", "koreanisch": "ko",
	"fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr", "phap": "fr", "tieng phap": "fr", "프랑스어": "fr", "franzosisch": "fr",
	"de": "de", "deu": "de", "ger": "de", "german": "de", "deutsch": "de", "duc": "de", "tieng duc": "de", "독일어": "de", "allemand": "de",
	"ja": "ja", "jpn": "ja", "jp": "ja", "japanese": "ja", "nhat": "ja", "tieng nhat": "ja", "nhat ban": "ja", "tieng nhat ban": "ja", "日本語": "ja", "일본어": "ja", "japonais": "ja", "japanisch": "ja",
}

// localeTag matches language tags such as "en-US", "vi_VN", "ko-Kore-KR".
var localeTag = regexp.MustCompile(`^([a-z]{2,3})(?:[-_][a-z0-9]+)+$`)

// NormalizeLanguage maps a language name or tag ("en", "English", "en-US",
// "Vietnamese", "tiếng Việt", "한국어", ...) to a code of Languages, or ""
// when it is not one techmatch analyses.
func NormalizeLanguage(s string) string {
	f := strings.Join(foldTokens(stripBrackets(CleanText(s))), " ")
	if code, ok := languageNames[f]; ok {
		return code
	}
	if m := localeTag.FindStringSubmatch(data.Fold(strings.TrimSpace(s))); m != nil {
		if code, ok := languageNames[m[1]]; ok {
			return code
		}
	}
	return ""
}

// stripBrackets removes bracketed parts: "English (US)" -> "English ".
func stripBrackets(s string) string {
	outside, _ := splitBrackets(s)
	return outside
}

// splitBrackets separates the text outside round or square brackets from
// the text of each bracketed group (nested brackets stay in their group; an
// unclosed bracket runs to the end).
func splitBrackets(s string) (outside string, groups []string) {
	var out, grp strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[' || r == '（':
			if depth > 0 {
				grp.WriteRune(r)
			} else {
				out.WriteByte(' ')
			}
			depth++
		case (r == ')' || r == ']' || r == '）') && depth > 0:
			depth--
			if depth > 0 {
				grp.WriteRune(r)
			} else {
				groups = append(groups, grp.String())
				grp.Reset()
			}
		case depth > 0:
			grp.WriteRune(r)
		default:
			out.WriteRune(r)
		}
	}
	if depth > 0 {
		groups = append(groups, grp.String())
	}
	return out.String(), groups
}
