package ingest

// Countries in imported data. Every country's name in English, Vietnamese
// and Korean comes from golang.org/x/text (data.CountryNameIn); kept by hand
// here is only what messy values need beyond those: the other ways people
// write a country (short forms, old and official names, codes, places), and
// the reading of free-text country values.

import (
	"slices"
	"strings"
	"unicode"

	"github.com/techmatch/techmatch/data"
)

// countryNamesVI are Vietnamese names people write for the countries
// techmatch's users meet most, besides CLDR's. A name written "=Name" is a
// short word that is recognised only when it is a whole value or list item
// (so "Anh", "Bỉ" or "Mỹ" are countries on their own but not inside other
// text).
var countryNamesVI = map[string][]string{
	"VN": {"Việt Nam", "Cộng hòa Xã hội Chủ nghĩa Việt Nam"},
	"KR": {"Hàn Quốc", "Đại Hàn", "Nam Hàn", "Đại Hàn Dân Quốc", "=Hàn"},
	"KP": {"Triều Tiên", "Bắc Triều Tiên", "Bắc Hàn"},
	"JP": {"Nhật Bản", "=Nhật"},
	"CN": {"Trung Quốc", "Trung Hoa"},
	"TW": {"Đài Loan"},
	"HK": {"Hồng Kông"},
	"FR": {"=Pháp", "Cộng hòa Pháp", "nước Pháp"},
	"DE": {"=Đức", "Cộng hòa Liên bang Đức", "CHLB Đức", "nước Đức"},
	"BE": {"=Bỉ", "Vương quốc Bỉ", "nước Bỉ"},
	"US": {"Hoa Kỳ", "=Mỹ", "Hợp chúng quốc Hoa Kỳ", "nước Mỹ"},
	"GB": {"=Anh", "Vương quốc Anh", "Vương quốc Liên hiệp Anh", "Liên hiệp Anh", "Anh Quốc", "nước Anh"},
	"IT": {"=Ý", "Italia", "nước Ý"},
	"NL": {"Hà Lan"},
	"SG": {"Singapore", "Xin-ga-po", "Xinh-ga-po"},
	"IL": {"Israel", "I-xra-en", "Ixraen"},
	"IN": {"Ấn Độ"},
	"TH": {"Thái Lan"},
	"AU": {"=Úc", "Ốt-xtrây-li-a", "nước Úc"},
	"NZ": {"New Zealand", "Niu Di-lân"},
	"ES": {"Tây Ban Nha"},
	"PT": {"Bồ Đào Nha"},
	"RU": {"=Nga", "Liên bang Nga", "nước Nga"},
	"CA": {"Canada", "Ca-na-đa"},
	"CH": {"Thụy Sĩ"},
	"SE": {"Thụy Điển"},
	"NO": {"Na Uy"},
	"DK": {"Đan Mạch"},
	"FI": {"Phần Lan"},
	"AT": {"=Áo", "nước Áo"},
	"PL": {"Ba Lan"},
	"CZ": {"=Séc", "Cộng hòa Séc", "CH Séc"},
	"HU": {"Hungary", "Hung-ga-ri"},
	"GR": {"Hy Lạp"},
	"IE": {"Ai-len", "Ireland"},
	"UA": {"Ukraina", "U-crai-na"},
	"TR": {"Thổ Nhĩ Kỳ"},
	"LA": {"=Lào", "nước Lào"},
	"KH": {"Campuchia", "Cam-pu-chia"},
	"MY": {"Malaysia", "Ma-lai-xi-a", "Mã Lai"},
	"ID": {"Indonesia", "In-đô-nê-xi-a"},
	"PH": {"Philippines", "Phi-líp-pin", "Phi Luật Tân"},
	"MM": {"Myanmar", "Mi-an-ma", "Miến Điện"},
	"BN": {"Brunei", "Bru-nây"},
	"TL": {"Đông Timor"},
	"MN": {"Mông Cổ"},
	"BD": {"Bangladesh", "Băng-la-đét"},
	"AE": {"Các Tiểu vương quốc Ả Rập Thống nhất", "UAE"},
	"SA": {"Ả Rập Xê Út", "Ả Rập Saudi"},
	"EG": {"Ai Cập"},
	"ZA": {"Nam Phi"},
	"BR": {"Brazil", "Bra-xin", "Braxin"},
	"MX": {"Mexico", "Mê-hi-cô"},
	"CU": {"Cuba", "Cu Ba"},
}

// countryNamesKO are Korean names Korean delegations write for the
// countries they name most often, besides CLDR's.
var countryNamesKO = map[string][]string{
	"KR": {"한국", "대한민국", "남한"},
	"KP": {"북한", "조선민주주의인민공화국"},
	"VN": {"베트남", "월남"},
	"JP": {"일본"},
	"CN": {"중국"},
	"TW": {"대만"},
	"US": {"미국"},
	"GB": {"영국"},
	"FR": {"프랑스"},
	"DE": {"독일"},
	"BE": {"벨기에"},
	"IT": {"이탈리아"},
	"NL": {"네덜란드"},
	"SG": {"싱가포르"},
	"IN": {"인도"},
	"TH": {"태국"},
	"AU": {"호주"},
	"ES": {"스페인"},
	"CA": {"캐나다"},
	"RU": {"러시아"},
	"IL": {"이스라엘"},
}

// countryNamesEN are English short names people write where CLDR's name is
// another ("Hong Kong", not "Hong Kong SAR China").
var countryNamesEN = map[string][]string{
	"CD": {"DR Congo"},
	"CG": {"Republic of the Congo"},
	"CI": {"Côte d'Ivoire"},
	"CV": {"Cabo Verde"},
	"GS": {"South Georgia and the South Sandwich Islands"},
	"HK": {"Hong Kong"},
	"HM": {"Heard Island and McDonald Islands"},
	"MM": {"Myanmar"},
	"MO": {"Macao"},
	"PS": {"Palestine"},
	"SH": {"Saint Helena, Ascension and Tristan da Cunha"},
	"UM": {"United States Minor Outlying Islands"},
	"VC": {"Saint Vincent and the Grenadines"},
}

// countryAliases are other names that mean a country in imported data:
// official and ISO long forms, former names, alpha-3 codes, Chinese and
// Japanese names, and places (US states, the UK's nations, the main cities
// of Vietnam and Korea) that stand for their country in a "country" column.
// "=" marks words recognised only as a whole value or list item.
var countryAliases = map[string][]string{
	"US": {"United States of America", "USA", "U.S.A.", "America", "US of America", "=U.S.",
		"美国", "米国", "アメリカ",
		"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
		"Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
		"Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
		"New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
		"Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
		"Vermont", "Virginia", "West Virginia", "Washington", "Washington DC", "Wisconsin", "Wyoming",
		"Silicon Valley", "Boston", "San Francisco", "Stanford", "Palo Alto"},
	"GB": {"=UK", "=U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland",
		"United Kingdom of Great Britain and Northern Ireland", "=GBR", "英国", "イギリス", "London"},
	"KR": {"Korea", "Republic of Korea", "Korea, Republic of", "Korea Republic", "Korea (South)", "=ROK", "=KOR",
		"韩国", "韓国", "Seoul", "Busan", "Incheon", "Daejeon", "Daegu", "Gwangju", "Ulsan", "Changwon", "서울", "부산"},
	"KP": {"Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "Korea (North)", "=DPRK", "=PRK"},
	"VN": {"Viet Nam", "Socialist Republic of Vietnam", "=VNM", "越南", "ベトナム",
		"Hải Phòng", "Haiphong", "Hà Nội", "Hanoi", "Hồ Chí Minh", "TP Hồ Chí Minh", "Ho Chi Minh City", "HCMC", "TP HCM", "Sài Gòn", "Saigon",
		"Đà Nẵng", "Danang", "Cần Thơ", "Quảng Ninh", "Bắc Ninh", "Hải Dương", "Bình Dương", "Đồng Nai"},
	"CN": {"People's Republic of China", "PR China", "Mainland China", "=PRC", "=CHN", "中国", "中國", "Beijing", "Shanghai", "Shenzhen", "Guangzhou"},
	"TW": {"Taiwan, Province of China", "Chinese Taipei", "Taiwan ROC", "=TWN", "台湾", "臺灣", "Taipei"},
	"HK": {"Hong Kong SAR", "Hong Kong SAR China", "Hongkong", "=HKG", "香港"},
	"MO": {"Macau", "Macao SAR", "Macau SAR", "澳门"},
	"JP": {"=JPN", "日本", "Tokyo", "Osaka"},
	"FR": {"French Republic", "=FRA", "法国", "フランス", "Paris"},
	"DE": {"Federal Republic of Germany", "Deutschland", "=DEU", "=GER", "德国", "ドイツ", "Berlin", "Munich", "München"},
	"BE": {"Belgique", "België", "Kingdom of Belgium", "=BEL", "Brussels", "Bruxelles", "Wallonia", "Flanders"},
	"IT": {"Italia", "=ITA", "Milan", "Milano", "Rome", "Roma", "Turin", "Torino"},
	"NL": {"The Netherlands", "Holland", "Kingdom of the Netherlands", "Nederland", "=NLD", "Amsterdam", "Eindhoven"},
	"CH": {"Swiss Confederation", "Schweiz", "Suisse", "=CHE"},
	"ES": {"España", "Kingdom of Spain", "=ESP"},
	"AT": {"Österreich", "=AUT"},
	"SG": {"Republic of Singapore", "=SGP"},
	"IL": {"State of Israel", "=ISR"},
	"IN": {"Republic of India", "Bharat", "=IND"},
	"TH": {"Kingdom of Thailand", "=THA"},
	"AU": {"Commonwealth of Australia", "=AUS"},
	"CA": {"=CAN"},
	"RU": {"Russian Federation", "=RUS"},
	"SE": {"Sverige", "=SWE"},
	"NO": {"Norge", "=NOR"},
	"DK": {"Danmark", "=DNK"},
	"FI": {"Suomi", "=FIN"},
	"PL": {"Polska", "=POL"},
	"PT": {"=PRT"},
	"CZ": {"Czech Republic", "=CZE"},
	"IE": {"Republic of Ireland", "Éire", "=IRL"},
	"TR": {"Turkey", "Republic of Türkiye", "=TUR"},
	"GR": {"Hellas", "Hellenic Republic", "=GRC"},
	"UA": {"=UKR"},
	"HU": {"=HUN"},
	"LA": {"Lao PDR", "Lao People's Democratic Republic", "Lao", "=LAO"},
	"KH": {"Kingdom of Cambodia", "Kampuchea", "=KHM"},
	"MY": {"=MYS"},
	"ID": {"Republic of Indonesia", "=IDN"},
	"PH": {"Republic of the Philippines", "Philippine", "=PHL"},
	"MM": {"Burma", "=MMR"},
	"BR": {"Brasil", "=BRA"},
	"MX": {"México", "=MEX"},
	"NZ": {"Aotearoa", "=NZL"},
	"ZA": {"Republic of South Africa", "=RSA", "=ZAF"},
	"KE": {"Republic of Kenya", "=KEN"},
	"EG": {"Arab Republic of Egypt", "=EGY"},
	"AE": {"UAE", "U.A.E.", "Emirates", "=ARE", "Dubai", "Abu Dhabi"},
	"SA": {"Kingdom of Saudi Arabia", "Saudi", "=KSA", "=SAU"},
	"IR": {"Islamic Republic of Iran", "Iran, Islamic Republic of", "Persia"},
	"SY": {"Syrian Arab Republic"},
	"BN": {"Brunei Darussalam"},
	"BO": {"Bolivia, Plurinational State of", "Plurinational State of Bolivia"},
	"VE": {"Venezuela, Bolivarian Republic of", "Bolivarian Republic of Venezuela"},
	"TZ": {"Tanzania, United Republic of", "United Republic of Tanzania"},
	"MD": {"Moldova, Republic of", "Republic of Moldova"},
	"FM": {"Micronesia, Federated States of", "Federated States of Micronesia"},
	"PS": {"Palestine, State of", "State of Palestine", "Palestinian Territories"},
	"CD": {"Democratic Republic of the Congo", "Democratic Republic of Congo", "Congo, Democratic Republic of the", "Congo-Kinshasa", "Zaire", "=DRC"},
	"CG": {"Congo", "Congo-Brazzaville", "Congo Republic", "Congo, Republic of the"},
	"CI": {"Ivory Coast"},
	"CV": {"Cape Verde"},
	"SZ": {"Swaziland"},
	"MK": {"Macedonia", "Republic of North Macedonia"},
	"TL": {"East Timor", "Timor Leste"},
	"VA": {"Holy See", "Vatican", "Holy See (Vatican City State)"},
	"BA": {"Bosnia", "Bosnia-Herzegovina"},
	"BQ": {"Bonaire, Sint Eustatius and Saba", "Bonaire"},
	"SH": {"Saint Helena"},
	"FK": {"Falkland Islands (Malvinas)", "Falklands", "Malvinas"},
	"CC": {"Cocos Islands", "Keeling Islands"},
	"PN": {"Pitcairn"},
	"VG": {"Virgin Islands, British", "Virgin Islands (British)"},
	"VI": {"Virgin Islands, U.S.", "Virgin Islands (U.S.)", "US Virgin Islands", "United States Virgin Islands"},
	"UM": {"U.S. Minor Outlying Islands", "US Outlying Islands"},
	"MF": {"Saint Martin (French part)"},
	"SX": {"Sint Maarten (Dutch part)"},
	"PG": {"=PNG"},
	"GW": {"Guinea Bissau"},
	"GM": {"The Gambia"},
	"BS": {"The Bahamas"},
}

// countryCodes are the ISO 3166-1 codes, sorted; the country matchers'
// ids are positions in it.
var countryCodes = data.CountryCodes()

// countryIndex maps a code to its position in countryCodes.
var countryIndex = func() map[string]int {
	m := make(map[string]int, len(countryCodes))
	for i, c := range countryCodes {
		m[c] = i
	}
	return m
}()

// countryAnywhere finds country names inside a value; countryExact knows
// the "=" words, recognised only as a whole list item; countryWhole knows
// every name, for a value that is exactly one country.
var countryAnywhere, countryExact, countryWhole = func() (*termMatcher, *termMatcher, *termMatcher) {
	anyw, exact, whole := newTermMatcher(), newTermMatcher(), newTermMatcher()
	add := func(code, name string) {
		i, ok := countryIndex[code]
		if !ok {
			panic("countries: unknown code " + code) // a table bug, caught by any test
		}
		if n, ok := strings.CutPrefix(name, "="); ok {
			exact.add(n, i)
			whole.add(n, i)
			return
		}
		// Bare Latin words of three letters or fewer ("Lao", "Ý" without
		// its accent, "uk") count only as a whole item; upper-case
		// abbreviations such as "USA" or "UAE" count anywhere.
		if isShortWord(name) {
			exact.add(name, i)
			whole.add(name, i)
			return
		}
		anyw.add(name, i)
		whole.add(name, i)
	}
	// A CLDR name that the lists below mark as a whole-item word ("=Pháp":
	// "giải pháp" is a solution, not France) is one here too, and so is a
	// Korean name of one or two syllables they do not list ("수단", Sudan,
	// is also "means").
	hand := map[string]bool{} // folded hand-listed name -> whole item only
	for _, names := range []map[string][]string{countryNamesVI, countryNamesKO, countryAliases} {
		for _, list := range names {
			for _, n := range list {
				n, exactOnly := strings.CutPrefix(n, "=")
				hand[strings.Join(foldTokens(n), " ")] = exactOnly
			}
		}
	}
	for _, code := range countryCodes {
		for _, lang := range []string{"en", "vi", "ko"} {
			for _, name := range nameForms(data.CountryNameIn(lang, code)) {
				exactOnly, listed := hand[strings.Join(foldTokens(name), " ")]
				if exactOnly || (!listed && isShortHangul(name)) {
					name = "=" + name
				}
				add(code, name)
			}
		}
	}
	for code, list := range countryNamesEN {
		for _, name := range list {
			for _, n := range nameForms(name) {
				add(code, n)
			}
		}
	}
	for _, names := range []map[string][]string{countryNamesVI, countryNamesKO, countryAliases} {
		for code, list := range names {
			for _, n := range list {
				add(code, n)
			}
		}
	}
	return anyw, exact, whole
}()

// nameForms returns name and the ways of writing it with "and" for "&" and
// "Saint", "St." or "St" for one another: "St. Kitts & Nevis" is also
// "Saint Kitts and Nevis".
func nameForms(name string) []string {
	forms := []string{name}
	if strings.Contains(name, " & ") {
		forms = append(forms, strings.ReplaceAll(name, " & ", " and "))
	}
	for _, f := range forms {
		for _, p := range []string{"Saint ", "St. ", "St "} {
			if rest, ok := strings.CutPrefix(f, p); ok {
				for _, q := range []string{"Saint ", "St. ", "St "} {
					if q != p {
						forms = append(forms, q+rest)
					}
				}
			}
		}
	}
	return forms
}

// isShortHangul reports whether name is one Korean word of at most two
// syllables.
func isShortHangul(name string) bool {
	r := []rune(name)
	if len(r) > 2 {
		return false
	}
	for _, c := range r {
		if !unicode.Is(unicode.Hangul, c) {
			return false
		}
	}
	return true
}

// isShortWord reports whether name is one Latin-script word of at most
// three letters that is not written in capitals.
func isShortWord(name string) bool {
	r := []rune(name)
	if len(r) > 3 || name == strings.ToUpper(name) {
		return false
	}
	for _, c := range r {
		if !unicode.Is(unicode.Latin, c) {
			return false
		}
	}
	return true
}

// countryConnectors are the words that join list items inside a clause.
var countryConnectors = map[string]bool{"and": true, "or": true, "va": true, "hoac": true, "및": true, "와": true, "과": true}

// isCountryConnector reports whether word i joins items: "and", "và", but
// not "VA" (the Vatican's code) written in capitals.
func isCountryConnector(toks, raw []string, i int) bool {
	if !countryConnectors[toks[i]] {
		return false
	}
	return raw == nil || raw[i] != strings.ToUpper(raw[i])
}

// countryClauses splits on the list punctuation, not on connector words:
// "Bosnia and Herzegovina" must stay one clause for the phrase matcher.
func countryClauses(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("•·▪●;,|/+\n\t", r)
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// NormalizeCountry reads ISO 3166-1 alpha-2 codes from a free-text country
// value, ignoring case and diacritics: "USA", "U.S.", "United Kingdom",
// "England", "Viet Nam", "Việt Nam", "vn", "Republic of Korea", "Hàn Quốc",
// "한국", "Switzerland/China" (two codes). Codes are deduplicated and kept
// in the order they are written.
//
// Bracketed text is context, not the country: "USA (offices in Poland and
// South Korea)" is US. Brackets are read only when the text outside them
// names no country, and then only up to the first ';' of each bracket:
// "Africa (South Africa/Kenya; challenge via UK ...)" is ZA and KE.
//
// Empty and placeholder values ("null", "N/A", "NA", "-") and text that
// names no country return nil. Regions ("Europe", "Africa") are not
// countries.
func NormalizeCountry(s string) []string {
	s = CleanText(s)
	if isNullish(s) {
		return nil
	}
	if raw := rawTokens(s); len(raw) == 1 && len(raw[0]) == 2 {
		// A two-letter value is a code before it is a name: "BI" is
		// Burundi although "Bỉ" is Belgium.
		if cs := exactCountries(foldTokens(s), raw); len(cs) > 0 {
			return cs
		}
	}
	if ids := countryWhole.whole(foldTokens(s)); len(ids) > 0 {
		return []string{countryCodes[ids[0]]}
	}
	outside, groups := splitBrackets(s)
	codes := countriesIn(outside)
	if len(codes) == 0 {
		for _, g := range groups {
			first, _, _ := strings.Cut(g, ";")
			codes = append(codes, countriesIn(first)...)
		}
	}
	var out []string
	for _, c := range codes {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// countriesIn returns the countries named in s, in order, duplicates kept.
func countriesIn(s string) []string {
	type found struct {
		pos  int
		code string
	}
	var codes []string
	for _, clause := range countryClauses(s) {
		clause = strings.ReplaceAll(clause, "&", " and ")
		toks := foldTokens(clause)
		raw := rawTokens(clause)
		if len(raw) != len(toks) {
			raw = nil
		}
		var res []found
		covered := make([]bool, len(toks))
		for _, h := range countryAnywhere.find(toks) {
			res = append(res, found{h.start, countryCodes[h.ids[0]]})
			for i := h.start; i < h.end; i++ {
				covered[i] = true
			}
		}
		// Items between connector words that no name covered may be codes
		// ("VN", "uk") or short names written alone ("Mỹ", "Pháp").
		for a := 0; a < len(toks); {
			b := a
			for b < len(toks) && !isCountryConnector(toks, raw, b) {
				b++
			}
			if b > a && !slices.Contains(covered[a:b], true) {
				var r []string
				if raw != nil {
					r = raw[a:b]
				}
				for k, code := range exactCountries(toks[a:b], r) {
					res = append(res, found{a + k, code})
				}
			}
			a = b + 1
		}
		slices.SortStableFunc(res, func(x, y found) int { return x.pos - y.pos })
		for _, f := range res {
			codes = append(codes, f.code)
		}
	}
	return codes
}

// exactCountries reads one list item that is a code ("VN", "vn", "UK"), a
// run of upper-case codes ("US UK"), or a whole-item name ("Mỹ", "GBR").
// raw holds the item's words before folding, or nil when unknown.
func exactCountries(toks, raw []string) []string {
	code := func(w string) string {
		if len(w) != 2 || !isASCIILetters(w) {
			return ""
		}
		up := strings.ToUpper(w)
		if up == "UK" {
			up = "GB"
		}
		if data.IsCountry(up) {
			return up
		}
		return ""
	}
	if raw != nil && len(raw) == 1 {
		if c := code(raw[0]); c != "" {
			return []string{c}
		}
	}
	if ids := countryExact.whole(toks); len(ids) > 0 {
		return []string{countryCodes[ids[0]]}
	}
	if raw != nil && len(raw) > 1 {
		var out []string
		for _, w := range raw {
			c := code(w)
			if c == "" || w != strings.ToUpper(w) {
				return nil
			}
			out = append(out, c)
		}
		return out
	}
	return nil
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
