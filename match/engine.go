// Package match pairs needs with the offers that fit them, and offers with
// the needs they can serve: candidates from a text index, scored on text,
// keywords, sector, readiness, kinds of deal, geography and language, from
// both sides (reciprocal), explained in words (package eval measures
// how well it ranks). It knows no HTTP, storage or index type:
// candidates come through the small Candidates interface.
package match

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/techmatch/techmatch/data"
)

// Candidates finds records of kind whose text fits the weighted query
// parts, live only, and not of organization excludeOrg; search.Index and
// search.Memory provide it.
type Candidates interface {
	Candidates(ctx context.Context, kind string, parts []data.WeightedText, excludeOrg string, limit int) ([]data.ScoredRef, error)
}

// Profiles returns the profiles of refs (skipping refs that no longer exist).
type Profiles func(ctx context.Context, refs []string) ([]data.Profile, error)

// Engine ranks counterparts. Vocab and Glossary are optional: without a
// vocabulary every word weighs the same; without a glossary nothing is
// translated.
type Engine struct {
	Candidates Candidates
	Profiles   Profiles
	Vocab      *Vocabulary
	Glossary   *Glossary
	// Semantic, when set, adds latent semantic similarity to the text
	// component and semantic neighbours to the candidates.
	Semantic *Semantic
	Weights  Weights
	Now      func() time.Time
	// Pool is how many text candidates are scored per query.
	Pool int
	// Tuning holds the text-relevance settings; the zero value means
	// DefaultTuning.
	Tuning *Tuning

	cache  sync.Map // ref -> *cachedText: what prepare derived from a record's text
	cacheN atomic.Int64
	texts  map[string]*textSide // ref -> text analysis, of an offline engine's offers (read only)
}

// cachedText is the text-derived part of a side, for one version of a record.
type cachedText struct {
	updated time.Time
	text    cacheKey // the texts it was derived from, to be sure
	side    side
}

// maxCached bounds the prepared-text cache (entries); when full it starts
// over. A prepared record takes about 18 KB (corpus listings), so the cache
// stays under about 400 MB.
const maxCached = 20_000

// Tuning sets how text relevance is computed. The defaults were chosen on
// the development labels with `techmatch eval`.
type Tuning struct {
	// BM25 is the share of the index's (max-normalized) relevance in the
	// text component; the rest is the tf-idf cosine, which is comparable
	// across queries.
	BM25 float64
	// FeedbackDocs is how many top candidates feed pseudo-relevance
	// feedback (0 turns it off), and FeedbackTerms how many of their
	// centroid's words, new to the text, widen a second candidate query.
	// (The centroid blended into the text vector, scored, measured no
	// better on the development labels and is not offered.)
	FeedbackDocs  int
	FeedbackTerms int
	// Stretch maps the cosine to [0,1]: min(1, Stretch*sqrt(cos)).
	Stretch float64
	// LSA is the share of the semantic-space cosine in the text component
	// (with a Semantic space), LSAPool how many semantic neighbours join
	// the candidates.
	LSA     float64
	LSAPool int
	// Syllable is the weight of a lone Vietnamese syllable in the text
	// vector, against 1 for a word (a syllable bigram) or a loanword.
	Syllable float64
	// Synonyms adds to the candidate query the other terms, in the text's
	// own language, of the glossary concepts it names.
	Synonyms bool
}

// DefaultTuning is the tuning used when an Engine sets none.
var DefaultTuning = Tuning{Stretch: 1.6, LSA: 0.3, LSAPool: 100, Syllable: 1}

func (e *Engine) tuning() Tuning {
	if e.Tuning != nil {
		return *e.Tuning
	}
	return DefaultTuning
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
	p          *data.Profile
	words      map[string]float64 // folded content words, title and keywords counted more
	keywords   [][]string         // each keyword's words
	sem        []float64          // position in the semantic space, if any
	expansions []expansion        // glossary terms found in the text
	transWords map[string]float64
	concepts   []string          // glossary concepts named in the text
	surface    map[string]string // word key -> the word as written
	kwStrict   [][]string        // each keyword's words as evidence needs them (keywordWords)
	kwText     []string          // each keyword as written (kwStrict's)
	synonyms   []string          // other terms, in its own language, of the concepts it names
	syllables  map[string]bool   // keys that are lone Vietnamese syllables
	// lazy holds its tf-idf vectors (vecFor, evecFor): the own words' made
	// at once, the others (with every translation, for a counterpart of
	// unknown language; with the translations into one language; without
	// the syllables) when first asked for.
	lazy *langVectors
}

func (e *Engine) prepare(p *data.Profile) *side {
	if p.Ref != "" {
		if c, ok := e.cache.Load(p.Ref); ok {
			ct := c.(*cachedText)
			if ct.updated.Equal(p.Updated) && ct.text.is(p) {
				s := ct.side
				s.p = p
				return &s
			}
		}
	}
	s := e.prepareText(p)
	if p.Ref != "" {
		if e.cacheN.Add(1) > maxCached {
			e.cache.Clear()
			e.cacheN.Store(0)
		}
		e.cache.Store(p.Ref, &cachedText{updated: p.Updated, text: cacheKeyOf(p), side: *s})
	}
	return s
}

// topicKeywords are p's keywords less those that name its own organization
// ("natural fibre company" for The Natural Fibre Company: the same content
// words): a record's own name says nothing about the technology it needs or
// offers. A keyword that is only part of the name ("mushroom" for Magical
// Mushroom Company) is kept.
func topicKeywords(p *data.Profile) []string {
	org := tokens(p.OrgName, stemFor(p.Language))
	if len(org) == 0 {
		return p.Keywords
	}
	slices.Sort(org)
	org = slices.Compact(org)
	out := make([]string, 0, len(p.Keywords))
	for _, k := range p.Keywords {
		ws := tokens(k, stemFor(p.Language))
		slices.Sort(ws)
		if slices.Equal(slices.Compact(ws), org) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// keywordWords are the words a keyword must find in the other side: for
// Vietnamese its syllable bigrams ("điện bờ" is dien_bo, not điện and bờ
// anywhere in the text), for other languages its words.
func keywordWords(k, lang string, stem bool) []string {
	if lang != "vi" {
		return tokens(k, stem)
	}
	var bigrams, syllables []string
	for _, w := range langTokens(k, lang) {
		if strings.Contains(w, "_") {
			bigrams = append(bigrams, w)
		} else {
			syllables = append(syllables, w)
		}
	}
	if len(bigrams) > 0 {
		return bigrams
	}
	return syllables
}

// termWeight is how much a shared term says: a phrase (a keyword or a
// glossary term of two English words or three Vietnamese syllables) counts
// two, a single word (a Vietnamese word of one or two syllables) one.
func termWeight(t string, lang string) int {
	words := len(strings.Fields(t))
	if words >= 3 || (words == 2 && lang != "vi") {
		return 2
	}
	return 1
}

// conceptWord is the vector word standing for glossary entry n.
func conceptWord(n int) string { return "§" + strconv.Itoa(n) }

// vecFor is the side's vector for comparison with a counterpart in lang:
// its own words, plus its glossary translations into lang when lang is not
// its own language. Translations into a third language would only add noise.
func (s *side) vecFor(lang string) vector { return s.lazy.pick(s, lang, false) }

// evecFor is vecFor without lone Vietnamese syllables.
func (s *side) evecFor(lang string) vector { return s.lazy.pick(s, lang, true) }

var emptyVocab = NewVocabulary(nil)

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
		desc[w]++ // single words: the index makes its own bigrams
	}
	lang := s.p.Language
	// Title and keywords less their common words (sparse), except in
	// Vietnamese, whose words are syllable pairs: there a common syllable
	// often makes a telling word, and leaving it out lost recall.
	ts := 0.1
	if lang == "vi" {
		ts = 0
	}
	parts := []data.WeightedText{
		{Text: e.vocab().sparse(s.p.Title, lang, ts), Boost: 3, Lang: lang},
		{Text: e.vocab().sparse(strings.Join(s.kwText, " ; "), lang, ts), Boost: 2, Lang: lang},
		// Stemmed words are analysed again by the index: close enough, and
		// the index's own analysis decides what matches.
		{Text: strings.Join(e.vocab().distinctive(desc, 20), " "), Boost: 1, Lang: lang},
	}
	if len(s.synonyms) > 0 {
		// The same concepts in other words of the same language: "cold
		// ironing" asks for "shore power" too.
		parts = append(parts, data.WeightedText{Text: strings.Join(s.synonyms, " ; "), Boost: 1, Lang: lang})
	}
	parts = append(parts, e.translatedParts(s)...)
	return parts
}

// Bounds of a candidate query's translated parts: the glossary concepts a
// side names, most telling first, each with its first terms in each other
// language. A listing written from glossary terms names dozens of concepts,
// each with several terms in two languages: sent whole, they made queries
// of hundreds of words (seconds at 100,000 offers) for little gain in
// recall, since the first concepts and terms carry the meaning.
const (
	maxQueryConcepts = 12 // concepts translated in a candidate query
	maxConceptTerms  = 3  // terms of each concept per language
	// translatedPostings bounds the records the translated terms' words are
	// found in, summed over the words, as a multiple of the collection's
	// size (see translatedParts).
	translatedPostings = 2
)

// translatedParts are the candidate query's parts in other languages: the
// glossary's translations of the side's concepts, those named in its title
// or keywords first, then the rarer ones (by the vocabulary's count of
// records naming each concept), at most maxQueryConcepts concepts and
// maxConceptTerms terms of each per language, leaving out terms whose words
// are all common (in more than a tenth of a large collection) and, from the
// others, the words in more than a quarter of it (sparse: a looser bar than
// the side's own words get, since a translation is all a side says in that
// language). A Korean side's words read by the parts of glossary terms
// (koLexicon) come along in English, as prepareText reads them.
func (e *Engine) translatedParts(s *side) []data.WeightedText {
	head := data.Fold(s.p.Title + "\n" + strings.Join(s.p.Keywords, "\n"))
	type concept struct {
		x    *expansion
		head bool
		idf  float64
	}
	cs := make([]concept, len(s.expansions))
	for i := range s.expansions {
		x := &s.expansions[i]
		cs[i] = concept{x: x, head: strings.Contains(head, data.Fold(x.found)), idf: e.vocab().IDF(conceptWord(x.entry))}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].head != cs[j].head {
			return cs[i].head
		}
		return cs[i].idf > cs[j].idf
	})
	byLang := map[string][]string{}
	taken := 0
	// What the index walks for a term is the records holding its words:
	// the terms, most telling first, share a budget of postings, so a
	// listing written from common terms does not make a long query.
	budget := translatedPostings * e.vocab().Docs()
	for _, c := range cs {
		if taken == maxQueryConcepts {
			break
		}
		n := map[string]int{}
		for _, eq := range c.x.equivalents {
			if n[eq.lang] == maxConceptTerms || e.vocab().allCommon(eq.words) {
				continue
			}
			t := e.vocab().sparse(eq.text, eq.lang, 0.25)
			cost := e.vocab().postings(langTokens(t, eq.lang))
			if cost > budget && len(byLang[eq.lang]) > 0 {
				continue
			}
			budget -= cost
			n[eq.lang]++
			byLang[eq.lang] = append(byLang[eq.lang], t)
		}
		if len(n) > 0 {
			taken++
		}
	}
	if s.p.Language == "ko" && e.Glossary != nil {
		// Korean words no whole term names, read by the parts of terms
		// they are made of (koLexicon, as prepareText reads them).
		text := s.p.Title + "\n" + strings.Join(s.p.Keywords, "\n") + "\n" + s.p.Description
		if ws := e.Glossary.koParts().translate(text); len(ws) > 0 {
			byLang["en"] = append(byLang["en"], e.vocab().sparse(strings.Join(ws, " "), "en", 0.25))
		}
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	parts := make([]data.WeightedText, 0, len(langs))
	for _, l := range langs {
		parts = append(parts, data.WeightedText{Text: strings.Join(byLang[l], " ; "), Boost: 1.5, Lang: l})
	}
	return parts
}

// MatchNeed ranks live offers for need, best first, at most limit. It stops
// with ctx's error when ctx ends.
func (e *Engine) MatchNeed(ctx context.Context, need data.Profile, limit int) ([]Match, error) {
	return e.rank(ctx, &need, data.KindOffer, limit)
}

// MatchOffer ranks live needs for offer, best first, at most limit. It stops
// with ctx's error when ctx ends.
func (e *Engine) MatchOffer(ctx context.Context, offer data.Profile, limit int) ([]Match, error) {
	return e.rank(ctx, &offer, data.KindNeed, limit)
}

func (e *Engine) rank(ctx context.Context, from *data.Profile, want string, limit int) ([]Match, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pool := e.Pool
	if pool <= 0 {
		pool = 100
	}
	t := e.tuning()
	src := e.prepare(from)
	parts := e.query(src)
	// Semantic neighbours (seekNeighbours), sought meanwhile.
	near := e.seekNeighbours(src, want, t.LSAPool, max(pool, limit))
	cands, err := e.Candidates.Candidates(ctx, want, parts, from.OrgRef, max(pool, limit))
	if err != nil {
		return nil, err
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	if near != nil {
		for _, c := range near.notIn(cands) {
			cands = append(cands, data.ScoredRef{Ref: c.Ref})
		}
	}
	scored, err := e.candidateSides(ctx, cands, from, now())
	if err != nil {
		return nil, err
	}
	if t.FeedbackDocs > 0 && len(scored) > 0 {
		// Pseudo-relevance feedback: the words of the best candidates say
		// what the need is about in the offers' own vocabulary, which is
		// how a "zero-emission berth power" need meets "shore-to-ship
		// power". They fetch more candidates.
		all := src.vecFor("")
		sort.SliceStable(scored, func(i, j int) bool { return cosine(all, scored[i].vecFor("")) > cosine(all, scored[j].vecFor("")) })
		top := scored[:min(t.FeedbackDocs, len(scored))]
		centroid := vector{}
		for _, c := range top {
			for w, x := range c.vecFor("") {
				centroid[w] += x / float64(len(top))
			}
		}
		if t.FeedbackTerms > 0 {
			var extra []string
			for _, w := range topTerms(centroid, t.FeedbackTerms+len(src.words)) {
				if src.words[w] == 0 && len(extra) < t.FeedbackTerms {
					extra = append(extra, w)
				}
			}
			more, err := e.Candidates.Candidates(ctx, want, []data.WeightedText{{Text: strings.Join(extra, " "), Boost: 1}}, from.OrgRef, pool/2)
			if err != nil {
				return nil, err
			}
			seen := map[string]bool{}
			for _, c := range cands {
				seen[c.Ref] = true
			}
			var fresh []data.ScoredRef
			for _, c := range more {
				if !seen[c.Ref] {
					fresh = append(fresh, data.ScoredRef{Ref: c.Ref})
				}
			}
			extraSides, err := e.candidateSides(ctx, fresh, from, now())
			if err != nil {
				return nil, err
			}
			scored = append(scored, extraSides...)
		}
	}
	maxBM := 0.0
	for _, c := range scored {
		maxBM = max(maxBM, c.bm25)
	}
	// Every candidate's total first (its components); the shared terms,
	// strength and explanation, which do not change the total, only for
	// those returned.
	pair := func(other candidate) (need, offer *side, bm float64) {
		if maxBM > 0 {
			bm = other.bm25 / maxBM
		}
		if want == data.KindOffer {
			return src, other.side, bm
		}
		return other.side, src, bm
	}
	totals := make([]float64, len(scored))
	order := make([]int, len(scored))
	// On every core: a candidate's total depends on it alone.
	forEachIn(len(scored), 16, func(_, i int) {
		need, offer, bm := pair(scored[i])
		m, _ := e.components(need, offer, bm, t)
		totals[i], order[i] = m.Score, i
	})
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if totals[i] != totals[j] {
			return totals[i] > totals[j]
		}
		return scored[i].p.Ref < scored[j].p.Ref
	})
	if len(order) > limit {
		order = order[:limit]
	}
	out := make([]Match, 0, len(order))
	for _, i := range order {
		need, offer, bm := pair(scored[i])
		m := e.score(need, offer, bm, t)
		m.Ref, m.Profile = scored[i].p.Ref, *scored[i].p
		out = append(out, m)
	}
	return out, nil
}

// candidate is a counterpart prepared for scoring, with its index score.
type candidate struct {
	*side
	bm25 float64
}

// candidateSides reads and prepares the live counterparts among cands.
func (e *Engine) candidateSides(ctx context.Context, cands []data.ScoredRef, from *data.Profile, now time.Time) ([]candidate, error) {
	refs := make([]string, len(cands))
	bm := make(map[string]float64, len(cands))
	for i, c := range cands {
		refs[i] = c.Ref
		bm[c.Ref] = c.Score
	}
	profiles, err := e.Profiles(ctx, refs)
	if err != nil {
		return nil, err
	}
	// Preparing a record not seen before (or whose vectors were not made
	// yet) is most of a request's work after the index: on every core,
	// stopping between records when the caller has gone.
	sides := make([]*side, len(profiles))
	forEachIn(len(profiles), 8, func(_, i int) {
		p := &profiles[i]
		// The index filters these too; the store is the last word.
		if ctx.Err() != nil || !p.Live(now) || (from.OrgRef != "" && p.OrgRef == from.OrgRef) {
			return
		}
		sides[i] = e.prepare(p)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]candidate, 0, len(profiles))
	for i, s := range sides {
		if s != nil {
			out = append(out, candidate{side: s, bm25: bm[profiles[i].Ref]})
		}
	}
	return out, nil
}

// topTerms returns the n heaviest words of v.
func topTerms(v vector, n int) []string {
	words := make([]string, 0, len(v))
	for w := range v {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if v[words[i]] != v[words[j]] {
			return v[words[i]] > v[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > n {
		words = words[:n]
	}
	return words
}

// score judges a need-offer pair from both sides.
func (e *Engine) score(need, offer *side, bm25 float64, t Tuning) Match {
	m, w := e.components(need, offer, bm25, t)
	c := m.Components
	var evidence int
	m.MatchedTerms, m.Translations, evidence = e.sharedTerms(need, offer)
	// Strength rests on what the two texts share as words, phrases and
	// concepts: the same score with the text judged without lone
	// Vietnamese syllables, which many unrelated words have in common.
	sure := m.Score
	if len(need.syllables) > 0 || len(offer.syllables) > 0 {
		ec := c
		ec.Text = (1-t.BM25)*textRelevance(need.evecFor(offer.p.Language), offer.evecFor(need.p.Language), need, offer, t, e.Semantic) + t.BM25*bm25
		sure = min(sure, harmonic(w.needSide(ec), w.offerSide(ec)))
	}
	m.Strength = Strength(sure)
	// One shared word is thin evidence however rare it is (in a small
	// collection every word is rare): such a pair is called weak unless it
	// shares a phrase or the semantic space puts the two close.
	if evidence < 2 && !(need.sem != nil && offer.sem != nil && dot(need.sem, offer.sem) >= 0.5) {
		m.Strength = "weak"
	}
	m.Explanation = explain(&m, need.p, offer.p)
	return m
}

// components scores a need-offer pair from both sides: the components and
// the total (Score), without the shared terms, strength and explanation
// that score adds.
func (e *Engine) components(need, offer *side, bm25 float64, t Tuning) (Match, Weights) {
	return e.componentsOf(need, offer, cosine(need.vecFor(offer.p.Language), offer.vecFor(need.p.Language)), bm25, t)
}

// componentsOf is components given the cosine of the two sides' vectors
// (need.vecFor(offer's language) and offer.vecFor(need's language)).
func (e *Engine) componentsOf(need, offer *side, cos, bm25 float64, t Tuning) (Match, Weights) {
	w := e.Weights
	if w == (Weights{}) {
		w = DefaultWeights
	}
	var c Components
	c.Text = (1-t.BM25)*textRelevanceOf(cos, need, offer, t, e.Semantic) + t.BM25*bm25
	c.Keywords = neutral
	if len(need.keywords) > 0 {
		c.Keywords = keywordOverlap(need, offer)
	}
	c.Sector = sectorFit(need.p.Sectors, offer.p.Sectors)
	c.TRL = trlFit(offer.p.TRL, need.p.MinTRL)
	c.Cooperation = cooperationFit(need.p.Cooperation, offer.p.Cooperation)
	c.GeoNeed = countryFit(need.p.Preferred, offer.p.Country)
	c.GeoOffer = countryFit(offer.p.Markets, need.p.Country)
	var interp bool
	c.Language, interp = languageFit(need.p, offer.p)
	unknown := func(name string, isUnknown bool) {
		if isUnknown {
			c.Unknown = append(c.Unknown, name)
		}
	}
	// A need that names no keywords does not say which of an offer's it
	// wants: the offer's keywords that a short need leaves unsaid are no
	// evidence against the offer (they would put offers that list
	// keywords below those that list none).
	unknown("keywords", len(need.keywords) == 0)
	unknown("sector", len(need.p.Sectors) == 0 || len(offer.p.Sectors) == 0)
	unknown("trl", offer.p.TRL == 0 || need.p.MinTRL == 0)
	unknown("cooperation", len(need.p.Cooperation) == 0 || len(offer.p.Cooperation) == 0)
	unknown("geography_need_side", len(need.p.Preferred) == 0 || offer.p.Country == "")
	unknown("geography_offer_side", len(offer.p.Markets) == 0 || need.p.Country == "")
	unknown("language", len(languagesOf(need.p)) == 0 || len(languagesOf(offer.p)) == 0)
	c.NeedSide = w.needSide(c)
	c.OfferSide = w.offerSide(c)
	m := Match{Score: harmonic(c.NeedSide, c.OfferSide), Components: c, Interpreter: interp}
	return m, w
}

// textRelevance is the cosine of the two sides' tf-idf vectors, glossary
// translations included, stretched so that typical strong fits reach the
// upper half of [0,1] (cosines of related texts are small numbers), and
// blended with their semantic-space cosine where the space applies.
func textRelevance(av, bv vector, a, b *side, t Tuning, sem *Semantic) float64 {
	return textRelevanceOf(cosine(av, bv), a, b, t, sem)
}

// textRelevanceOf is textRelevance given the cosine of the two vectors.
func textRelevanceOf(cos float64, a, b *side, t Tuning, sem *Semantic) float64 {
	lexical := min(1, t.Stretch*sqrtClamp(cos))
	if a.sem == nil || b.sem == nil || t.LSA == 0 || !sameLanguage(a.p, b.p) || !sem.Knows(a.p.Language) {
		// The semantic space is learned from co-occurrence within records,
		// so it is monolingual, and it knows the topics of a language only
		// where it has many records in it: elsewhere the words and the
		// glossary's translations carry the text component alone.
		return lexical
	}
	// Semantic cosines of related texts run higher than lexical ones;
	// squaring brings them to a comparable scale.
	c := max(0, dot(a.sem, b.sem))
	return (1-t.LSA)*lexical + t.LSA*c*c
}

func sqrtClamp(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return math.Sqrt(x)
}

// keywordOverlap is the share of the need's keywords whose words all
// appear in the offer's text (or its translations); neutral when the need
// names none. The offer's own keywords that the need leaves unsaid are no
// evidence against it: an offer listing its other uses, materials or
// markets is not a worse fit than the same offer listing fewer (they
// counted half, as the share of the offer's keywords the need covers, and
// put broad offers below narrow ones).
func keywordOverlap(need, offer *side) float64 {
	if len(need.keywords) == 0 {
		return neutral
	}
	hit := 0
	for _, kw := range need.keywords {
		if coveredBy(kw, offer) {
			hit++
		}
	}
	return float64(hit) / float64(len(need.keywords))
}

// sharedTerms lists, most telling first, the need's keywords the offer
// covers and the words both sides use (as the need writes them), and the
// glossary translations that made the two sides meet: a translation is
// named only when its equivalent really occurs in the other side.
//
// The evidence is the sum of the terms' weights (termWeight).
func (e *Engine) sharedTerms(need, offer *side) ([]string, []string, int) {
	var out []string
	seen := map[string]bool{}
	evidence := 0
	addTerm := func(t string) {
		if k := data.Fold(t); !seen[k] && len(out) < 8 {
			seen[k] = true
			out = append(out, t)
			evidence += termWeight(t, need.p.Language)
		}
	}
	for i, kw := range need.kwStrict {
		if coveredBy(kw, offer) {
			addTerm(need.kwText[i])
		}
	}
	var trans []string
	bridged := map[int]bool{}
	bridge := func(from, to *side, needTerm func(x expansion, eq eqTerm) string) {
		for _, x := range from.expansions {
			if bridged[x.entry] {
				continue // one concept, named once
			}
			for _, eq := range x.equivalents {
				if len(eq.words) > 0 && allIn(eq.words, to.words) {
					trans = append(trans, x.found+" → "+eq.text)
					addTerm(needTerm(x, eq))
					bridged[x.entry] = true
					break
				}
			}
		}
	}
	// A term that met through the glossary is named as the need wrote it.
	bridge(need, offer, func(x expansion, _ eqTerm) string { return x.found })
	bridge(offer, need, func(_ expansion, eq eqTerm) string { return eq.text })
	type ws struct {
		w string
		s float64
	}
	var list []ws
	for w := range need.words {
		if offer.words[w] == 0 {
			continue
		}
		// A single Vietnamese syllable ("phát", "cảng") says little on its
		// own: two-syllable words ("cầu cảng") and loanwords or codes
		// ("container", "scada") are shown.
		if need.p.Language == "vi" && (!strings.Contains(w, "_") && (isSyllable(w, need.surface[w]) || len(w) <= 2 || isDigits(w)) || defaultViLexicon().common(w)) {
			// Nor does a common word ("phát triển", "cải tạo").
			continue
		}
		list = append(list, ws{w, e.vocab().IDF(w)})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].s != list[j].s {
			return list[i].s > list[j].s
		}
		return list[i].w < list[j].w
	})
	for _, x := range list {
		addTerm(need.surface[x.w])
	}
	if len(trans) > 4 {
		trans = trans[:4]
	}
	return out, trans, evidence
}

// coveredBy reports whether every word of kw occurs in the other side, in
// its own words or its translations. A Vietnamese keyword's words are its
// syllable bigrams in order; it is covered when each syllable is in a
// bigram the other side has ("nước thải thuỷ sản" needs nuoc_thai and
// thuy_san, not thai_thuy).
func coveredBy(kw []string, other *side) bool {
	has := func(w string) bool { return other.words[w] != 0 || other.transWords[w] != 0 }
	if len(kw) > 1 && strings.Contains(kw[0], "_") {
		if !has(kw[0]) || !has(kw[len(kw)-1]) {
			return false
		}
		for i := 1; i < len(kw); i++ {
			if !has(kw[i]) && !has(kw[i-1]) {
				return false
			}
		}
		return true
	}
	for _, w := range kw {
		if !has(w) {
			return false
		}
	}
	return true
}

func allIn(words []string, in map[string]float64) bool {
	for _, w := range words {
		if in[w] == 0 {
			return false
		}
	}
	return true
}

// expansion is a glossary term found in a side's text, with its
// equivalents in the other languages.
type expansion struct {
	entry       int
	found       string
	equivalents []eqTerm
}

type eqTerm struct {
	text  string
	words []string
	lang  string
}

// sameLanguage reports whether two records are in one language (or either
// language is unknown).
func sameLanguage(a, b *data.Profile) bool {
	return a.Language == "" || b.Language == "" || a.Language == b.Language
}
