package data

// Countries as values: ISO 3166-1 alpha-2 codes and their names, both from
// golang.org/x/text (the CLDR data). Reading countries out of messy
// imported text is data/ingest's job.

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryCodes are the ISO 3166-1 alpha-2 codes, sorted: the two-letter
// regions that are countries, in their current (not deprecated) form, with
// a UN M49 number, which ISO 3166-1 countries have and CLDR's extra
// territories (Ascension Island, Canary Islands, the Eurozone) do not, and
// a name (codes withdrawn without a successor, such as SU, have none).
var countryCodes, countryRegions = func() ([]string, map[string]language.Region) {
	var codes []string
	regions := map[string]language.Region{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.IsPrivateUse() || r.String() != code ||
				r.Canonicalize() != r || r.M49() == 0 || display.English.Regions().Name(r) == "" {
				continue
			}
			codes = append(codes, code)
			regions[code] = r
		}
	}
	return codes, regions
}()

// countryRenamed holds the names of countries renamed after the CLDR
// version golang.org/x/text carries (which still says Swaziland, Macedonia
// and Turkey), in the languages techmatch shows.
var countryRenamed = map[string]map[string]string{
	"MK": {"en": "North Macedonia", "vi": "Bắc Macedonia", "ko": "북마케도니아"},
	"SZ": {"en": "Eswatini", "vi": "Eswatini", "ko": "에스와티니"},
	"TR": {"en": "Türkiye", "vi": "Thổ Nhĩ Kỳ", "ko": "튀르키예"},
}

// IsCountry reports whether code is an ISO 3166-1 alpha-2 code. Only the
// upper-case form counts: "VN" is a country, "vn" is not
// (ingest.NormalizeCountry reads "vn").
func IsCountry(code string) bool { _, ok := countryRegions[code]; return ok }

// CountryName returns the English name of code, or "" for an unknown code.
func CountryName(code string) string { return CountryNameIn("en", code) }

// CountryNameIn returns the name of country code in language lang ("en",
// "vi", "ko", or any BCP 47 tag CLDR knows), falling back to English; ""
// for an unknown code.
func CountryNameIn(lang, code string) string {
	r, ok := countryRegions[code]
	if !ok {
		return ""
	}
	if n := countryRenamed[code][lang]; n != "" {
		return n
	}
	if t, err := language.Parse(lang); err == nil {
		if namer := display.Regions(t); namer != nil {
			if n := namer.Name(r); n != "" {
				return n
			}
		}
	}
	if n := countryRenamed[code]["en"]; n != "" {
		return n
	}
	return display.English.Regions().Name(r)
}

// CountryCodes returns every ISO 3166-1 alpha-2 code, sorted.
func CountryCodes() []string { return append([]string(nil), countryCodes...) }
