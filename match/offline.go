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
	vocab := VocabularyOf(offers, gl)
	e := &Engine{Candidates: cands, Profiles: ProfilesOf(offers), Vocab: vocab, Glossary: gl}
	// A handful of offers share too few words for a semantic space;
	// matching then goes on words and the glossary alone.
	sem, err := BuildSemantic(ctx, offers, vocab, SemanticOptions{Seed: 1})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err == nil {
		e.Semantic = sem
	}
	return e, nil
}
