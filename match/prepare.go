package match

import (
	"slices"
	"strings"
	"sync"

	"github.com/techmatch/techmatch/data"
)

// A side is prepared in two steps: what its text says (words, keywords,
// glossary concepts and translations: analyze), then how much each word
// weighs in this collection and where the text sits in the semantic space
// (weigh). An offline engine analyzes every offer once and counts its
// vocabulary and learns its semantic space from those analyses, so no
// offer's text is tokenised or looked up in the glossary twice.

// cacheKey is what a prepared side was derived from: a copy of the
// profile's texts, their language and its organization's name (compared
// field by field, not joined into one string each time a record is
// prepared).
type cacheKey struct{ text data.Profile }

func cacheKeyOf(p *data.Profile) cacheKey {
	return cacheKey{text: data.Profile{OrgName: p.OrgName, Listing: data.Listing{
		Title: p.Title, Description: p.Description, Language: p.Language, Keywords: slices.Clone(p.Keywords)}}}
}

func (k *cacheKey) is(p *data.Profile) bool { return sameText(&k.text, p) }

// sameText reports whether a and b have the texts a side is derived from:
// title, description, keywords, language and the organization's name
// (topicKeywords).
func sameText(a, b *data.Profile) bool {
	return a.Title == b.Title && a.Description == b.Description && a.Language == b.Language &&
		slices.Equal(a.Keywords, b.Keywords) && a.OrgName == b.OrgName
}

// textSide is a side's text analysis, with what it was derived with.
type textSide struct {
	side   // p, words, keywords, kwStrict, expansions, transWords, concepts, surface, synonyms, syllables
	byLang map[string]map[string]float64

	glossary *Glossary
	syllable float64
	synonyms bool

	// Set by NewOfflineEngine: the side's own-words vector under vocab, and
	// its position in the semantic space sem, computed once for both; all
	// its vectors under vectorsVocab, made the first time the side is
	// weighed (a ranking reaches about 70% of the offers).
	vocab        *Vocabulary
	ownVec       vector
	sem          *Semantic
	semPos       []float64
	vectorsVocab *Vocabulary
	vectorsOnce  sync.Once
	vectors      *sideVectors
}

// prepareText derives a side's words, vectors and translations from its text.
func (e *Engine) prepareText(p *data.Profile) *side { return e.weigh(p, e.textOf(p)) }

// textOf is the analysis of p's text: the offline engine's, when it has one
// for the same text and settings, otherwise a fresh one.
func (e *Engine) textOf(p *data.Profile) *textSide {
	if t, ok := e.texts[p.Ref]; ok && p.Ref != "" {
		tu := e.tuning()
		if t.glossary == e.Glossary && t.syllable == tu.Syllable && t.synonyms == tu.Synonyms && sameText(t.p, p) {
			return t
		}
	}
	return e.analyze(p, nil)
}

// analyze derives what p's text says: its words weighted by field, its
// keywords and the glossary's concepts and translations; memo (nil for
// none) remembers words and terms for the next text.
func (e *Engine) analyze(p *data.Profile, memo *textMemo) *textSide {
	stem := stemFor(p.Language)
	tu := e.tuning()
	t := &textSide{glossary: e.Glossary, syllable: tu.Syllable, synonyms: tu.Synonyms}
	s := &t.side
	// About one distinct word in eight bytes of text: maps made that size
	// do not grow (and rehash) word by word.
	hint := (len(p.Title) + len(p.Description)) / 8
	*s = side{p: p, words: make(map[string]float64, hint), transWords: map[string]float64{}, surface: make(map[string]string, hint), syllables: map[string]bool{}}
	add := func(text string, weight float64) {
		for _, tk := range memo.surfaceLangTokens(text, p.Language) {
			w := weight
			if p.Language == "vi" && !strings.Contains(tk.key, "_") && isSyllable(tk.key, tk.surface) {
				// A lone Vietnamese syllable ("điện", "bờ") is part of many
				// words: the words (bigrams) and concepts carry the meaning.
				w *= tu.Syllable
				s.syllables[tk.key] = true
			}
			s.words[tk.key] += w
			if _, ok := s.surface[tk.key]; !ok {
				s.surface[tk.key] = tk.surface
			}
		}
	}
	add(p.Title, 2)
	add(p.Description, 1)
	kws := topicKeywords(p)
	for _, k := range kws {
		add(k, 1.5)
		if ws := tokens(k, stem); len(ws) > 0 {
			s.keywords = append(s.keywords, ws)
			if p.Language != "vi" {
				s.kwStrict = append(s.kwStrict, ws) // keywordWords is tokens outside Vietnamese
			} else {
				s.kwStrict = append(s.kwStrict, keywordWords(k, p.Language, stem))
			}
			s.kwText = append(s.kwText, k)
		}
	}
	byLang := map[string]map[string]float64{}
	t.byLang = byLang
	if e.Glossary != nil {
		seen := map[string]bool{}
		text := listingText(&p.Listing)
		if len(kws) < len(p.Keywords) {
			l := p.Listing
			l.Keywords = kws
			text = listingText(&l)
		}
		for _, ex := range e.Glossary.Expand(text) {
			// The concept itself is a word of the text in no language, so
			// two texts naming it in different languages share it.
			s.concepts = append(s.concepts, conceptWord(ex.Entry))
			x := expansion{found: ex.Found.Text, entry: ex.Entry}
			if tu.Synonyms {
				for _, syn := range ex.Synonyms {
					if syn.Lang == p.Language {
						s.synonyms = append(s.synonyms, syn.Text)
					}
				}
			}
			found := memo.fold(ex.Found.Text)
			for _, eq := range ex.Equivalents {
				eqt := memo.term(eq)
				if eqt.fold == found {
					continue // "container → container" translates nothing
				}
				// Translations carry the words of the other languages, so an
				// English offer meets a Vietnamese need on shared terms.
				ws := eqt.words
				x.equivalents = append(x.equivalents, eqTerm{text: eq.Text, words: ws, lang: eq.Lang})
				for i, w := range ws {
					x := 1.0
					if eqt.syllable != nil && eqt.syllable[i] {
						s.syllables[w] = true
					}
					if !seen[w] {
						seen[w] = true
						s.transWords[w] += x
					}
					if byLang[eq.Lang] == nil {
						byLang[eq.Lang] = map[string]float64{}
					}
					byLang[eq.Lang][w] = x
				}
			}
			if len(x.equivalents) > 0 {
				s.expansions = append(s.expansions, x)
			}
		}
		if p.Language == "ko" {
			// Korean words no whole term names, by the parts of terms
			// they are made of (koLexicon): English words, weighed as
			// translations.
			if ws := e.Glossary.koParts().translate(text); len(ws) > 0 {
				if byLang["en"] == nil {
					byLang["en"] = map[string]float64{}
				}
				for _, w := range ws {
					for _, k := range langTokens(w, "en") {
						if !seen[k] {
							seen[k] = true
							s.transWords[k] += koPartWeight
						}
						byLang["en"][k] = max(byLang["en"][k], koPartWeight)
					}
				}
			}
		}
	}
	return t
}

// listingText is a listing's text as one string, as the glossary and the
// vocabulary read it.
func listingText(l *data.Listing) string {
	return l.Title + "\n" + strings.Join(l.Keywords, "\n") + "\n" + l.Description
}

// weigh completes an analysis of p's text into a side: its tf-idf vectors
// under the engine's vocabulary and its position in the semantic space.
func (e *Engine) weigh(p *data.Profile, t *textSide) *side {
	s := new(side)
	*s = t.side
	s.p = p
	var v *sideVectors
	if vocab := e.vocab(); t.vectorsVocab == vocab {
		t.vectorsOnce.Do(func() { t.vectors = t.vectorsUnder(vocab) })
		v = t.vectors
	} else {
		v = t.vectorsUnder(vocab)
	}
	s.lazy = v
	if e.Semantic != nil {
		// The space is monolingual (see textRelevance): own words only.
		if t.sem == e.Semantic && t.semPos != nil {
			s.sem = t.semPos
		} else {
			s.sem = e.Semantic.embed(s.words)
		}
	}
	return s
}

// sideVectors are a side's tf-idf vectors (see side): own, its own words'
// vector, made at once (scoring compares most pairs in one language), and
// the others when first asked for (langVectors).
type sideVectors = langVectors

// vectorsUnder computes the analysed text's vectors under vocab: its own
// words' at once, the others (with all its translations, with those into
// one language, without lone Vietnamese syllables) when first asked for. A
// side is mostly compared with counterparts in its own language or one
// other, and the evidence vectors only for the pairs returned: made for
// every candidate, they were most of a request's work at 100,000 offers.
func (t *textSide) vectorsUnder(vocab *Vocabulary) *sideVectors {
	own := t.ownVec
	if own == nil || t.vocab != vocab {
		own = vocab.vector(t.words)
	}
	return &langVectors{t: t, vocab: vocab, own: own}
}

// with is the vector of the text's words and concepts with the
// translations trans.
func (t *textSide) with(vocab *Vocabulary, trans map[string]float64) vector {
	s := &t.side
	all := make(map[string]float64, len(s.words)+len(trans)+len(s.concepts))
	for w, x := range s.words {
		all[w] += x
	}
	for _, c := range s.concepts {
		all[c] += 2
	}
	for w, x := range trans {
		all[w] += 0.7 * x
	}
	return vocab.vectorOf(all)
}

// langVectors makes a side's vectors other than its own words' when first
// asked for: with all its translations (for a counterpart of unknown
// language), with its translations into one language, and the evidence
// vectors without lone Vietnamese syllables; sides copied from one prepared
// record share them.
type langVectors struct {
	t     *textSide
	vocab *Vocabulary
	own   vector // vecs[""]
	mu    sync.Mutex
	// Made when first asked for: all (vec), all without syllables (evec),
	// own without syllables (evecs[""]), and by language.
	all, eall, eown vector
	made            map[string][2]vector // language -> vector, evidence vector
}

// evidence is v without lone Vietnamese syllables (v itself when the side
// has none): what a pair's strength rests on (shared words, phrases and
// concepts).
func (lv *langVectors) evidence(v vector) vector {
	if syl := lv.t.syllables; len(syl) > 0 {
		return v.without(syl)
	}
	return v
}

// allVec is the vector with all the side's translations (vec).
func (lv *langVectors) allVec(evidence bool) vector {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if lv.all == nil {
		lv.all = lv.t.with(lv.vocab, lv.t.transWords)
	}
	if !evidence {
		return lv.all
	}
	if lv.eall == nil {
		lv.eall = lv.evidence(lv.all)
	}
	return lv.eall
}

// ownVec is the own words' vector (vecs[""]), or its evidence vector.
func (lv *langVectors) ownVec(evidence bool) vector {
	if !evidence {
		return lv.own
	}
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if lv.eown == nil {
		lv.eown = lv.evidence(lv.own)
	}
	return lv.eown
}

// pick is s's vector for a counterpart in lang (vecFor), or its evidence
// vector (evecFor), each made the first time it is asked for: with all the
// translations for an unknown language (""), the own words' for its own
// language or one it has no translations into, else with its translations
// into lang.
func (lv *langVectors) pick(s *side, lang string, evidence bool) vector {
	switch {
	case lang == "":
		return lv.allVec(evidence)
	case lang == s.p.Language:
		return lv.ownVec(evidence)
	}
	tw, ok := lv.t.byLang[lang]
	if !ok {
		return lv.ownVec(evidence)
	}
	lv.mu.Lock()
	defer lv.mu.Unlock()
	vs, ok := lv.made[lang]
	if !ok {
		vs[0] = lv.t.with(lv.vocab, tw)
		vs[1] = lv.evidence(vs[0])
		if lv.made == nil {
			lv.made = map[string][2]vector{}
		}
		lv.made[lang] = vs
	}
	if evidence {
		return vs[1]
	}
	return vs[0]
}

// vocabWords are the words the vocabulary counts for the analysed text, as
// listingWords finds them: outside Vietnamese the words of the whole text
// are those of its fields; Vietnamese bigrams also join the last syllable
// of one field to the first of the next, so those are found again.
func (t *textSide) vocabWords(v *Vocabulary) []string {
	l := &t.p.Listing
	if v.glossary != t.glossary {
		return v.listingWords(l)
	}
	if l.Language == "vi" {
		return append(langTokens(listingText(l), l.Language), t.concepts...)
	}
	words := make([]string, 0, len(t.words)+len(t.concepts))
	for w := range t.words {
		words = append(words, w)
	}
	return append(words, t.concepts...)
}

// semanticWords are the weighted words the semantic space learns from for
// the analysed text (profileWords): the side's own words where they weigh
// the same (own), that is unless lone Vietnamese syllables weigh less.
func (t *textSide) semanticWords() (words map[string]float64, own bool) {
	if t.p.Language != "vi" || t.syllable == 1 {
		return t.words, true
	}
	return profileWords(t.p), false
}

// textMemo remembers, for one goroutine analysing many texts, what it
// derived from each word and glossary term before: texts repeat few
// distinct ones. A nil memo remembers nothing.
type textMemo struct {
	words [2]map[string]wordTokens // by word as written; [1]: stemmed
	terms map[Term]termTokens
	folds map[string]string
}

type wordTokens struct {
	lower string
	keys  []string
}

type termTokens struct {
	fold  string
	words []string
	// syllable[i] says whether words[i] of a Vietnamese term is a lone
	// syllable (no "_" pair, viSyllable matches); nil in other languages.
	syllable []bool
}

func termTokensOf(t Term) termTokens {
	tt := termTokens{fold: data.Fold(t.Text), words: langTokens(t.Text, t.Lang)}
	if t.Lang == "vi" {
		tt.syllable = make([]bool, len(tt.words))
		for i, w := range tt.words {
			tt.syllable[i] = !strings.Contains(w, "_") && viSyllable.MatchString(w)
		}
	}
	return tt
}

func newTextMemo() *textMemo {
	return &textMemo{words: [2]map[string]wordTokens{{}, {}}, terms: map[Term]termTokens{}, folds: map[string]string{}}
}

// surfaceLangTokens is surfaceLangTokens, remembering each word's tokens.
func (m *textMemo) surfaceLangTokens(text, lang string) []token {
	if m == nil || lang == "vi" {
		return surfaceLangTokens(text, lang)
	}
	stem := stemFor(lang)
	seen := m.words[0]
	if stem {
		seen = m.words[1]
	}
	out := make([]token, 0, len(text)/6+1) // about a word in six bytes
	word := func(w string) {
		wt, ok := seen[w]
		if !ok {
			wt = wordTokens{lower: strings.ToLower(w), keys: tokens(w, stem)}
			seen[w] = wt
		}
		for _, k := range wt.keys {
			out = append(out, token{key: k, surface: wt.lower})
		}
	}
	// The words strings.FieldsFunc(text, notWordRune) would give.
	start := -1
	for i, r := range text {
		switch {
		case !notWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			word(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		word(text[start:])
	}
	return out
}

// term is a glossary term's folded form and its words (langTokens).
func (m *textMemo) term(t Term) termTokens {
	if m == nil {
		return termTokensOf(t)
	}
	tt, ok := m.terms[t]
	if !ok {
		tt = termTokensOf(t)
		m.terms[t] = tt
	}
	return tt
}

// fold is data.Fold.
func (m *textMemo) fold(s string) string {
	if m == nil {
		return data.Fold(s)
	}
	f, ok := m.folds[s]
	if !ok {
		f = data.Fold(s)
		m.folds[s] = f
	}
	return f
}
