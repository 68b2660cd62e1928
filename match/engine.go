// Package match pairs needs with the offers that fit them, and offers with
// the needs they can serve: candidates from a text index, scored on text,
// keywords, sector, readiness, kinds of deal, geography and language, from
// both sides (reciprocal), explained in words. It also measures ranking
// quality against relevance labels. It knows no HTTP, storage or index type:
// candidates come through the small Candidates interface.
package match

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/techmatch/techmatch/data"
)

// Candidates finds records of kind whose text fits the weighted query
// parts, live only, and not of organization excludeOrg; search.Index and
// search.Memory provide it.
type Candidates interface {
	Candidates(kind string, parts []data.WeightedText, excludeOrg string, limit int) ([]data.ScoredRef, error)
}

// Profiles returns the profiles of refs (skipping refs that no longer exist).
type Profiles func(refs []string) ([]data.Profile, error)

// Engine ranks counterparts. Vocab and Glossary are optional: without a
// vocabulary every word weighs the same; without a glossary nothing is
// translated.
type Engine struct {
	Candidates Candidates
	Profiles   Profiles
	Vocab      *Vocabulary
	Glossary   *Glossary
	Weights    Weights
	Now        func() time.Time
	// Pool is how many text candidates are scored per query.
	Pool int
}

// Match is one ranked counterpart with its reasons.
type Match struct {
	Ref          string       `json:"ref"`
	Profile      data.Profile `json:"-"`
	Score        float64      `json:"score"`
	Strength     string       `json:"strength"`
	Components   Components   `json:"components"`
	MatchedTerms []string     `json:"matched_terms"`
	Translations []string     `json:"translations,omitempty"`
	Interpreter  bool         `json:"interpreter_needed"`
	Explanation  string       `json:"explanation"`
}

// side is a profile prepared for scoring: its words weighted by field, and
// the glossary's translations of its text.
type side struct {
	p            *data.Profile
	words        map[string]float64 // folded content words, title and keywords counted more
	keywords     [][]string         // each keyword's words
	vec          vector
	translations []string // "điện bờ → shore power"
	transWords   map[string]float64
}

func (e *Engine) prepare(p *data.Profile) *side {
	stem := stemFor(p.Language)
	s := &side{p: p, words: map[string]float64{}, transWords: map[string]float64{}}
	add := func(text string, weight float64) {
		for _, w := range tokens(text, stem) {
			s.words[w] += weight
		}
	}
	add(p.Title, 2)
	add(p.Description, 1)
	for _, k := range p.Keywords {
		add(k, 1.5)
		if ws := tokens(k, stem); len(ws) > 0 {
			s.keywords = append(s.keywords, ws)
		}
	}
	if e.Glossary != nil {
		seen := map[string]bool{}
		text := p.Title + "\n" + strings.Join(p.Keywords, "\n") + "\n" + p.Description
		for _, ex := range e.Glossary.Expand(text) {
			for _, eq := range ex.Equivalents {
				// Translations carry the words of the other languages, so an
				// English offer meets a Vietnamese need on shared terms.
				for _, w := range tokens(eq.Text, eq.Lang == "en") {
					if !seen[w] {
						seen[w] = true
						s.transWords[w] += 1
					}
				}
			}
			if len(ex.Equivalents) > 0 {
				s.translations = append(s.translations, ex.Found.Text+" → "+ex.Equivalents[0].Text)
			}
		}
	}
	all := make(map[string]float64, len(s.words)+len(s.transWords))
	for w, x := range s.words {
		all[w] += x
	}
	for w, x := range s.transWords {
		all[w] += 0.7 * x
	}
	s.vec = e.vocab().vector(all)
	return s
}

var emptyVocab = NewVocabulary()

func (e *Engine) vocab() *Vocabulary {
	if e.Vocab == nil {
		return emptyVocab
	}
	return e.Vocab
}

// query builds the candidate query of a prepared side: title and keywords
// above the description's most distinctive words, and the glossary's
// translations.
func (e *Engine) query(s *side) []data.WeightedText {
	desc := map[string]float64{}
	for _, w := range tokens(s.p.Description, stemFor(s.p.Language)) {
		desc[w]++
	}
	parts := []data.WeightedText{
		{Text: s.p.Title, Boost: 3},
		{Text: strings.Join(s.p.Keywords, " ; "), Boost: 2},
		// Stemmed words are analysed again by the index: close enough, and
		// the index's own analysis decides what matches.
		{Text: strings.Join(e.vocab().distinctive(desc, 25), " "), Boost: 1},
	}
	if len(s.transWords) > 0 {
		var tw []string
		for w := range s.transWords {
			tw = append(tw, w)
		}
		sort.Strings(tw)
		parts = append(parts, data.WeightedText{Text: strings.Join(tw, " "), Boost: 1.5})
	}
	return parts
}

// MatchNeed ranks live offers for need, best first, at most limit.
func (e *Engine) MatchNeed(need data.Profile, limit int) ([]Match, error) {
	return e.rank(&need, data.KindOffer, limit)
}

// MatchOffer ranks live needs for offer, best first, at most limit.
func (e *Engine) MatchOffer(offer data.Profile, limit int) ([]Match, error) {
	return e.rank(&offer, data.KindNeed, limit)
}

func (e *Engine) rank(from *data.Profile, want string, limit int) ([]Match, error) {
	pool := e.Pool
	if pool <= 0 {
		pool = 100
	}
	src := e.prepare(from)
	cands, err := e.Candidates.Candidates(want, e.query(src), from.OrgRef, max(pool, limit))
	if err != nil {
		return nil, err
	}
	refs := make([]string, len(cands))
	for i, c := range cands {
		refs[i] = c.Ref
	}
	profiles, err := e.Profiles(refs)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	out := make([]Match, 0, len(profiles))
	for i := range profiles {
		p := &profiles[i]
		// The index filters these too; the store is the last word.
		if !p.Live(now()) || (from.OrgRef != "" && p.OrgRef == from.OrgRef) {
			continue
		}
		other := e.prepare(p)
		var m Match
		if want == data.KindOffer {
			m = e.score(src, other)
		} else {
			m = e.score(other, src)
		}
		m.Ref, m.Profile = p.Ref, *p
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Ref < out[j].Ref
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// score judges a need-offer pair from both sides.
func (e *Engine) score(need, offer *side) Match {
	w := e.Weights
	if w == (Weights{}) {
		w = DefaultWeights
	}
	var c Components
	c.Text = textRelevance(need, offer)
	c.Keywords = keywordOverlap(need, offer)
	c.Sector = sectorFit(need.p.Sectors, offer.p.Sectors)
	c.TRL = trlFit(offer.p.TRL, need.p.MinTRL)
	c.Cooperation = cooperationFit(need.p.Cooperation, offer.p.Cooperation)
	c.GeoNeed = countryFit(need.p.Preferred, offer.p.Country)
	c.GeoOffer = countryFit(offer.p.Markets, need.p.Country)
	var interp bool
	c.Language, interp = languageFit(need.p, offer.p)
	c.NeedSide = w.needSide(c)
	c.OfferSide = w.offerSide(c)
	m := Match{Score: harmonic(c.NeedSide, c.OfferSide), Components: c, Interpreter: interp}
	m.MatchedTerms, m.Translations = e.sharedTerms(need, offer)
	m.Strength = Strength(m.Score)
	m.Explanation = explain(&m, need.p, offer.p)
	return m
}

// textRelevance is the cosine of the two sides' tf-idf vectors, glossary
// translations included, stretched so that typical strong fits reach the
// upper half of [0,1]: cosines of related texts are small numbers.
func textRelevance(a, b *side) float64 {
	cos := cosine(a.vec, b.vec)
	return min(1, 1.6*sqrtClamp(cos))
}

func sqrtClamp(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return math.Sqrt(x)
}

// keywordOverlap is the share of each side's keywords whose words all
// appear in the other side's text (or its translations); the mean of both
// directions, neutral when neither has keywords.
func keywordOverlap(a, b *side) float64 {
	share := func(kws [][]string, other *side) (float64, bool) {
		if len(kws) == 0 {
			return 0, false
		}
		hit := 0
		for _, kw := range kws {
			all := true
			for _, w := range kw {
				if other.words[w] == 0 && other.transWords[w] == 0 {
					all = false
					break
				}
			}
			if all {
				hit++
			}
		}
		return float64(hit) / float64(len(kws)), true
	}
	x, okx := share(a.keywords, b)
	y, oky := share(b.keywords, a)
	switch {
	case okx && oky:
		return (x + y) / 2
	case okx:
		return x
	case oky:
		return y
	}
	return neutral
}

// sharedTerms lists the words both sides use, most distinctive first, and
// the glossary translations that made some of them meet.
func (e *Engine) sharedTerms(need, offer *side) ([]string, []string) {
	type ws struct {
		w string
		s float64
	}
	var list []ws
	viaGlossary := false
	for w := range need.words {
		if offer.words[w] > 0 || offer.transWords[w] > 0 {
			list = append(list, ws{w, e.vocab().IDF(w)})
		}
	}
	for w := range need.transWords {
		if need.words[w] == 0 && offer.words[w] > 0 {
			list = append(list, ws{w, e.vocab().IDF(w)})
			viaGlossary = true
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].s != list[j].s {
			return list[i].s > list[j].s
		}
		return list[i].w < list[j].w
	})
	out := make([]string, 0, 8)
	for _, x := range list {
		if len(out) == 8 {
			break
		}
		out = append(out, x.w)
	}
	var trans []string
	if viaGlossary || len(offer.translations) > 0 {
		trans = append(trans, need.translations...)
	}
	return out, trans
}
