package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

// SeedVocabulary is the word stock of SyntheticRealistic: per language code
// ("en", "vi", "ko"), technology terms in a fixed order (the bilingual
// glossary's terms, say: match.DefaultGlossary().Entries()).
type SeedVocabulary map[string][]string

// seedGlue are the short words between terms, per language, so sentences
// read as sentences and carry the very common words real text has.
var seedGlue = map[string][]string{
	"en": {"and", "for", "with", "the", "of", "in", "to", "a", "our", "we offer", "used in", "based on"},
	"vi": {"và", "cho", "với", "của", "trong", "các", "một", "chúng tôi cung cấp", "dùng trong", "dựa trên"},
	"ko": {"및", "위한", "기반", "의", "에서", "으로", "우리는", "제공합니다", "적용", "기술"},
}

// SyntheticRealistic returns deterministic synthetic data whose words have
// the frequency profile of real listings: terms are drawn from vocab by a
// Zipf law (a few terms in many records, most in a handful), titles of 2-4
// terms, descriptions of 2-6 sentences of 3-7 terms with short words
// between them, in English, Vietnamese (mostly Vietnamese organizations) or
// Korean (half the Korean ones). Each language's terms are ranked by a
// shuffle of the seed. The same arguments always give the same items.
func SyntheticRealistic(orgs, perOrg int, seed uint64, vocab SeedVocabulary) []data.ImportItem {
	r := rand.New(rand.NewPCG(seed, 0x21bf))
	codes := seedCodes()
	type stock struct {
		terms []string
		zipf  *rand.Zipf
	}
	stocks := map[string]*stock{}
	for _, lang := range []string{"en", "vi", "ko"} {
		terms := append([]string(nil), vocab[lang]...)
		if len(terms) < 2 {
			continue
		}
		r.Shuffle(len(terms), func(i, j int) { terms[i], terms[j] = terms[j], terms[i] })
		stocks[lang] = &stock{terms: terms, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(terms)-1))}
	}
	if stocks["en"] == nil {
		return nil // nothing to write with
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	items := make([]data.ImportItem, 0, orgs*perOrg)
	for o := 0; o < orgs; o++ {
		org := seedOrg(pick, o, codes)
		for i := 0; i < perOrg; i++ {
			sector := org.Sectors[0]
			if r.IntN(3) == 0 {
				sector = pick(codes)
			}
			lang := "en"
			switch {
			case org.Country == "VN" && r.IntN(3) > 0 && stocks["vi"] != nil:
				lang = "vi"
			case org.Country == "KR" && r.IntN(2) == 0 && stocks["ko"] != nil:
				lang = "ko"
			}
			st := stocks[lang]
			term := func() string { return st.terms[st.zipf.Uint64()] }
			glue := seedGlue[lang]
			phrase := func(n int) string {
				parts := make([]string, 0, 2*n)
				for k := 0; k < n; k++ {
					if k > 0 {
						parts = append(parts, pick(glue))
					}
					parts = append(parts, term())
				}
				return strings.Join(parts, " ")
			}
			title := phrase(2 + r.IntN(3))
			var desc strings.Builder
			for s, n := 0, 2+r.IntN(5); s < n; s++ {
				if s > 0 {
					desc.WriteString(" ")
				}
				sent := phrase(3 + r.IntN(5))
				desc.WriteString(capitalize(sent) + ".")
			}
			l := data.Listing{
				Title:       capitalize(title),
				Description: desc.String(),
				Sectors:     []string{sector},
				Language:    lang,
				Status:      data.StatusPublished,
				Keywords:    []string{term(), term()},
				Cooperation: []string{pick(data.CooperationTypes)},
				Markets:     []string{"VN", pick(seedCountries)},
				ExternalID:  fmt.Sprintf("syr-%d-%d-%d", seed, o+1, i+1),
			}
			items = append(items, seedItem(r, org, l))
		}
	}
	return items
}

// capitalize upper-cases the first letter of s (UTF-8 safe).
func capitalize(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}
