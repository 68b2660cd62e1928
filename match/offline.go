package match

import (
	"context"

	"github.com/techmatch/techmatch/data"
)

// ItemProfile is the profile of an import item, for offline ranking: Ref is
// the record's id in its file, OrgRef its organization's name and country.
func ItemProfile(it data.ImportItem) data.Profile {
	p := data.Profile{
		OrgRef: data.Fold(it.Org.Name) + "|" + it.Org.Country, OrgName: it.Org.Name, Country: it.Org.Country,
		OrgKind: it.Org.Kind, OrgLanguages: it.Org.Languages,
	}
	if it.Offer != nil {
		p.Kind, p.Listing, p.TRL = data.KindOffer, it.Offer.Listing, it.Offer.TRL
	} else if it.Need != nil {
		p.Kind, p.Listing, p.MinTRL, p.Preferred = data.KindNeed, it.Need.Listing, it.Need.MinTRL, it.Need.PreferredCountries
	}
	p.Ref = p.ExternalID
	return p
}

// ProfilesOf looks profiles up by Ref in a fixed set (offline ranking, tests).
func ProfilesOf(set []data.Profile) Profiles {
	byRef := make(map[string]data.Profile, len(set))
	for _, p := range set {
		byRef[p.Ref] = p
	}
	return func(_ context.Context, refs []string) ([]data.Profile, error) {
		out := make([]data.Profile, 0, len(refs))
		for _, r := range refs {
			if p, ok := byRef[r]; ok {
				out = append(out, p)
			}
		}
		return out, nil
	}
}

// NewOfflineEngine returns an engine over a fixed set of offers, as
// `techmatch rank` and `eval` use it: candidates from cands (an index of
// the same offers), profiles from the set, their vocabulary, the built-in
// glossary and, where the offers share enough words, a semantic space.
func NewOfflineEngine(ctx context.Context, offers []data.Profile, cands Candidates) (*Engine, error) {
	gl, err := DefaultGlossary()
	if err != nil {
		return nil, err
	}
	e := &Engine{Candidates: cands, Profiles: ProfilesOf(offers), Glossary: gl}
	// Each offer's text is analysed once, on every core: the vocabulary
	// counts its words, the semantic space learns from them, and ranking
	// weighs them (textOf).
	texts := make([]*textSide, len(offers))
	forEachWith(len(offers), newTextMemo, func(memo *textMemo, i int) {
		if ctx.Err() == nil {
			texts[i] = e.analyze(&offers[i], memo)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	vocab := NewVocabulary(gl)
	for _, t := range texts {
		vocab.Add(t.vocabWords(vocab))
	}
	e.Vocab = vocab
	words := make([]map[string]float64, len(offers))
	vecs := make([]vector, len(offers))
	own := make([]bool, len(offers)) // the words are the side's own
	forEach(len(offers), func(i int) {
		t := texts[i]
		words[i], own[i] = t.semanticWords()
		vecs[i] = vocab.vector(words[i])
		if own[i] {
			t.vocab, t.ownVec = vocab, vecs[i]
		}
	})
	// The offers' other vectors are made when ranking first weighs them
	// (weigh): a ranking reaches only some of the offers.
	for _, t := range texts {
		t.vectorsVocab = vocab
	}
	// A handful of offers share too few words for a semantic space;
	// matching then goes on words and the glossary alone.
	sem, err := buildSemantic(ctx, offers, words, vecs, vocab, SemanticOptions{Seed: 1})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err == nil {
		e.Semantic = sem
		for j, t := range texts {
			if own[j] {
				t.sem, t.semPos = sem, sem.docs[j*sem.dim:(j+1)*sem.dim:(j+1)*sem.dim]
			}
		}
	}
	e.texts = make(map[string]*textSide, len(texts))
	for _, t := range texts {
		e.texts[t.p.Ref] = t
	}
	return e, nil
}
