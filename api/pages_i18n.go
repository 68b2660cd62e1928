package api

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// webLangs are the languages of the pages; the first is the fallback of a
// message missing in another.
var webLangs = []string{"en", "vi"}

func isWebLang(l string) bool { return l == "en" || l == "vi" }

// tr returns the message key in lang, formatted with args. A key missing
// from the catalogues shows as [key], which the tests look for.
func tr(lang, key string, args ...any) string {
	m, ok := messages[lang][key]
	if !ok {
		if m, ok = messages["en"][key]; !ok {
			return "[" + key + "]"
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

func hasMessage(key string) bool { _, ok := messages["en"][key]; return ok }

func templateFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":          func(key string, args ...any) string { return tr(lang, key, args...) },
		"sector":     func(code string) string { return sectorName(lang, code) },
		"country":    func(code string) string { return countryName(lang, code) },
		"coop":       func(code string) string { return coopName(lang, code) },
		"language":   func(code string) string { return languageName(lang, code) },
		"status":     func(st string) string { return tr(lang, "status."+st) },
		"strength":   func(st string) string { return tr(lang, "strength."+st) },
		"fld":        fld(lang),
		"paragraphs": paragraphs,
		"date":       func(t *time.Time) string { return formatDate(lang, t) },
		"money":      func(b *data.Budget) string { return formatBudget(lang, b) },
		"list":       func(xs ...string) []string { return xs },
	}
}

func sectorName(lang, code string) string {
	s, ok := data.LookupSector(code)
	if !ok {
		return code
	}
	if lang == "vi" {
		return s.VI
	}
	return s.EN
}

func countryName(lang, code string) string {
	n := data.CountryNameIn(lang, code)
	if n == "" {
		return code
	}
	return n
}

func coopName(lang, code string) string {
	if hasMessage("coop." + code) {
		return tr(lang, "coop."+code)
	}
	return strings.ReplaceAll(code, "_", " ")
}

func languageName(lang, code string) string {
	if hasMessage("lang." + code) {
		return tr(lang, "lang."+code)
	}
	return code
}

// fieldLabel names a field of a record or a search as the page shows it.
func fieldLabel(lang, field string) string {
	field = itemIndex.ReplaceAllString(field, "")
	if hasMessage("field." + field) {
		return tr(lang, "field."+field)
	}
	return field
}

// paragraphs shows a text's paragraphs and line breaks, escaped.
func paragraphs(s string) template.HTML {
	var b strings.Builder
	for _, p := range regexp.MustCompile(`\n\s*\n`).Split(strings.ReplaceAll(s, "\r\n", "\n"), -1) {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(p), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return template.HTML(b.String())
}

func formatDate(lang string, t *time.Time) string {
	if t == nil {
		return ""
	}
	d := t.In(vietnamTime)
	if lang == "vi" {
		return d.Format("02/01/2006")
	}
	return d.Format("2 Jan 2006")
}

func formatBudget(lang string, b *data.Budget) string {
	if b == nil {
		return ""
	}
	n := func(x float64) string { return groupDigits(lang, int64(x+0.5)) }
	switch {
	case b.Min > 0 && b.Max > 0:
		return n(b.Min) + "–" + n(b.Max) + " " + b.Currency
	case b.Max > 0:
		return tr(lang, "budget.upto", n(b.Max)+" "+b.Currency)
	case b.Min > 0:
		return tr(lang, "budget.from", n(b.Min)+" "+b.Currency)
	}
	return b.Currency
}

// groupDigits writes 1500000 as 1,500,000 (English) or 1.500.000
// (Vietnamese).
func groupDigits(lang string, v int64) string {
	s := strconv.FormatInt(v, 10)
	sep := ","
	if lang == "vi" {
		sep = "."
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// viRules translate the validation messages of data/ and search/ (the API's
// words) into Vietnamese. A test checks every message the validator makes.
var viRules = []struct {
	re *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`^is required$`), "không được để trống"},
	{regexp.MustCompile(`^must be at least (\d+) characters long$`), "phải dài ít nhất $1 ký tự"},
	{regexp.MustCompile(`^must be at most (\d+) characters long$`), "chỉ được dài tối đa $1 ký tự"},
	{regexp.MustCompile(`^must have at least (\d+) items$`), "phải có ít nhất $1 mục"},
	{regexp.MustCompile(`^must have at most (\d+) items$`), "chỉ được có tối đa $1 mục"},
	{regexp.MustCompile(`^must be at least budget\.min$`), "phải lớn hơn hoặc bằng ngân sách tối thiểu"},
	{regexp.MustCompile(`^must be at least (\d+)$`), "phải từ $1 trở lên"},
	{regexp.MustCompile(`^must be at most (\d+)$`), "chỉ được tối đa $1"},
	{regexp.MustCompile(`^must be exactly (\d+) characters$`), "phải có đúng $1 ký tự"},
	{regexp.MustCompile(`^must be one of: (.*)$`), "phải là một trong: $1"},
	{regexp.MustCompile(`^must be an e-mail address$`), "phải là địa chỉ e-mail"},
	{regexp.MustCompile(`^must be an http or https URL$`), "phải là địa chỉ web bắt đầu bằng http hoặc https"},
	{regexp.MustCompile(`^must be upper case$`), "phải viết hoa"},
	{regexp.MustCompile(`^is not a sector code.*$`), "không phải là mã lĩnh vực"},
	{regexp.MustCompile(`^must be an ISO 3166-1 alpha-2 country code such as VN or KR$`), "phải là mã quốc gia hai chữ cái (ISO 3166-1), ví dụ VN hoặc KR"},
	{regexp.MustCompile(`^must be a whole number$`), "phải là số nguyên"},
	{regexp.MustCompile(`^must be a whole number from (\d+) to (\d+)$`), "phải là số nguyên từ $1 đến $2"},
	{regexp.MustCompile(`^must be a number$`), "phải là một số"},
	{regexp.MustCompile(`^must be a date \(YYYY-MM-DD\)$`), "phải là ngày (năm-tháng-ngày)"},
	{regexp.MustCompile(`^must be one country$`), "chỉ được chọn một quốc gia"},
	{regexp.MustCompile(`^must be at most (\d+) bytes$`), "chỉ được dài tối đa $1 byte"},
	{regexp.MustCompile(`^must be from (\d+) to (\d+)$`), "phải từ $1 đến $2"},
	{regexp.MustCompile(`^must not be below trl_min$`), "không được nhỏ hơn TRL tối thiểu"},
	{regexp.MustCompile(`^must be relevance or newest$`), "phải là relevance hoặc newest"},
	{regexp.MustCompile(`^is not a cursor this API returned$`), "không phải là trang kết quả hợp lệ"},
	{regexp.MustCompile(`^is not valid UTF-8$`), "không phải là văn bản UTF-8 hợp lệ"},
	{regexp.MustCompile(`^"(.*)" is not a sector code$`), "\"$1\" không phải là mã lĩnh vực"},
	{regexp.MustCompile(`^"(.*)" is not an ISO 3166-1 alpha-2 code$`), "\"$1\" không phải là mã quốc gia ISO 3166-1"},
	{regexp.MustCompile(`^"(.*)" is not one of (.*)$`), "\"$1\" không thuộc: $2"},
	{regexp.MustCompile(`^name .* is taken.*$|^an organization named .*$`), "tên này đã được một tổ chức khác dùng"},
	{regexp.MustCompile(`^no organization is named "(.*)": register it first, or give its org_id$`), "không có tổ chức nào tên \"$1\": hãy đăng ký tổ chức trước, hoặc ghi mã tổ chức"},
	{regexp.MustCompile(`^organization (\d+) does not exist$`), "không có tổ chức mã $1"},
	{regexp.MustCompile(`^"(.*)" is not a side: write host or guest.*$`), "\"$1\" không phải là bên: ghi chủ nhà hoặc khách"},
}

// localizeMessage returns an API validation message in lang.
func localizeMessage(lang, msg string) string {
	if lang != "vi" {
		return msg
	}
	if v, ok := viMessage(msg); ok {
		return v
	}
	return msg
}

func viMessage(msg string) (string, bool) {
	for _, r := range viRules {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.vi), true
		}
	}
	return "", false
}

// matchReasons says in lang why a need and an offer fit, from the same
// components as the engine's English explanation.
func matchReasons(lang string, m *match.Match, need, offer *data.Profile) []string {
	var out []string
	known := func(name string) bool {
		for _, u := range m.Components.Unknown {
			if u == name {
				return false
			}
		}
		return true
	}
	if len(m.MatchedTerms) > 0 {
		terms := m.MatchedTerms
		if len(terms) > 6 {
			terms = terms[:6]
		}
		out = append(out, tr(lang, "reason.terms", "“"+strings.Join(terms, "”, “")+"”"))
	} else {
		out = append(out, tr(lang, "reason.no_terms"))
	}
	if len(m.Translations) > 0 {
		t := m.Translations
		if len(t) > 3 {
			t = t[:3]
		}
		out = append(out, tr(lang, "reason.glossary", strings.Join(t, ", ")))
	}
	c := m.Components
	if known("sector") {
		switch {
		case c.Sector >= 1:
			out = append(out, tr(lang, "reason.sector_same"))
		case c.Sector >= 0.5:
			out = append(out, tr(lang, "reason.sector_related"))
		default:
			out = append(out, tr(lang, "reason.sector_different"))
		}
	}
	if known("trl") {
		if c.TRL >= 1 {
			out = append(out, tr(lang, "reason.trl_ok", offer.TRL, need.MinTRL))
		} else {
			out = append(out, tr(lang, "reason.trl_low", offer.TRL, need.MinTRL))
		}
	}
	if known("cooperation") {
		if c.Cooperation >= 1 {
			shared := ""
			for _, x := range need.Cooperation {
				for _, y := range offer.Cooperation {
					if x == y && shared == "" {
						shared = x
					}
				}
			}
			out = append(out, tr(lang, "reason.coop_shared", coopName(lang, shared)))
		} else {
			out = append(out, tr(lang, "reason.coop_none"))
		}
	}
	if known("geography_offer_side") {
		if c.GeoOffer >= 1 {
			out = append(out, tr(lang, "reason.market_yes", countryName(lang, need.Country)))
		} else {
			out = append(out, tr(lang, "reason.market_no", countryName(lang, need.Country)))
		}
	}
	if known("geography_need_side") && c.GeoNeed < 1 {
		out = append(out, tr(lang, "reason.not_preferred"))
	}
	if c.NeedSide-c.OfferSide > 0.15 {
		out = append(out, tr(lang, "reason.better_need"))
	} else if c.OfferSide-c.NeedSide > 0.15 {
		out = append(out, tr(lang, "reason.better_offer"))
	}
	return out
}

// interpreterNote says which languages an interpreter must bridge.
func interpreterNote(lang string, need, offer *data.Profile) string {
	names := func(p *data.Profile) string {
		ls := append([]string(nil), p.OrgLanguages...)
		if p.Language != "" && !contains(ls, p.Language) {
			ls = append(ls, p.Language)
		}
		var out []string
		for _, l := range ls {
			out = append(out, languageName(lang, l))
		}
		return strings.Join(out, "/")
	}
	return tr(lang, "match.interpreter", names(need), names(offer))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
