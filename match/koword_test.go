package match

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// koEntries are concepts whose Korean terms share parts: 비전 with
// "vision" in three of them, 검사 with "inspection" in two.
func koEntries() []GlossaryEntry {
	entry := func(en, ko string) GlossaryEntry {
		return GlossaryEntry{Domain: "manufacturing", Terms: map[string][]string{
			"en": strings.Split(en, "|"), "vi": {"x"}, "ko": strings.Split(ko, "|")}}
	}
	return []GlossaryEntry{
		entry("machine vision", "머신비전"),
		entry("vision inspection|visual inspection", "비전검사"),
		entry("robot vision|vision-guided robot", "비전 로봇"),
		entry("weld inspection", "용접검사"),
		entry("pipeline", "파이프라인"),
	}
}

func TestKoLexicon_LearnsPartsFromConcepts(t *testing.T) {
	lex := learnKoLexicon(koEntries())
	for part, want := range map[string]string{"비전": "vision", "검사": "inspection"} {
		if got := lex.words[part]; !slices.Contains(got, want) {
			t.Errorf("%s means %q, want %q among them", part, got, want)
		}
	}
	// 파이프라인 is in one concept only: that is the term itself, which the
	// glossary matches whole, not a part learned from several. Nor is a
	// run of syllables across the seam of a compound (신비 of 머신비전).
	for _, part := range []string{"파이프", "파이프라인", "신비", "전검"} {
		if got, ok := lex.words[part]; ok {
			t.Errorf("%s learned as %q, want nothing", part, got)
		}
	}
}

func TestKoLexicon_TranslateLeavesParticlesAside(t *testing.T) {
	lex := learnKoLexicon(koEntries())
	cases := []struct {
		name, text string
		want       []string
	}{
		{"ParticleAfterPart", "비전으로 검사를 합니다", []string{"vision", "inspection"}},
		{"CompoundOfParts", "자동비전검사기", []string{"vision", "inspection"}},
		{"EachWordOnce", "비전 비전이 비전을", []string{"vision"}},
		{"NoHangul", "vision inspection", nil},
		{"NoKnownPart", "안녕하세요", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := lex.translate(c.text); !slices.Equal(got, c.want) {
				t.Errorf("translate(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
	var none *koLexicon
	if got := none.translate("비전"); got != nil {
		t.Errorf("nil lexicon translates to %q", got)
	}
}

// The built-in glossary teaches parts common to many Korean terms.
func TestKoLexicon_DefaultGlossary(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	for part, want := range map[string]string{"비전": "vision", "부품": "parts", "폐수": "wastewater", "태양광": "solar"} {
		if got := g.koParts().words[part]; !slices.Contains(got, want) {
			t.Errorf("%s means %q, want %q among them", part, got, want)
		}
	}
}

// noCandidates is an index that finds nothing: what a match brings then
// comes from the semantic space alone.
type noCandidates struct{}

func (noCandidates) Candidates(context.Context, string, []data.WeightedText, string, int) ([]data.ScoredRef, error) {
	return nil, nil
}

// A semantic space learned from English offers places an English need among
// them, but not a Korean one: the few of its words the space knows (a "3D")
// would pull in offers on those alone.
func TestEngine_SemanticNeighboursOnlyInKnownLanguages(t *testing.T) {
	var offers []data.Profile
	topics := []string{"3D printing of metal parts", "3D scanning of buildings", "welding robot for hull seams", "membrane filtration of wastewater"}
	for i := 0; i < 240; i++ {
		offers = append(offers, data.Profile{Ref: fmt.Sprint("o", i), Kind: data.KindOffer, OrgRef: fmt.Sprint("org", i),
			Listing: data.Listing{Title: topics[i%len(topics)], Description: fmt.Sprintf("model %d", i), Language: "en", Status: data.StatusPublished}})
	}
	vocab := VocabularyOf(offers, nil)
	sem, err := BuildSemantic(context.Background(), offers, vocab, SemanticOptions{Dim: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Candidates: noCandidates{}, Profiles: ProfilesOf(offers), Vocab: vocab, Semantic: sem}
	need := func(lang, title string) data.Profile {
		return data.Profile{Kind: data.KindNeed, OrgRef: "buyer", Listing: data.Listing{Title: title, Language: lang, Status: data.StatusPublished}}
	}
	if ms, err := e.MatchNeed(context.Background(), need("en", "3D printing service"), 5); err != nil || len(ms) == 0 {
		t.Errorf("English need: %d matches (%v), want semantic neighbours", len(ms), err)
	}
	if ms, err := e.MatchNeed(context.Background(), need("ko", "3D 프린팅 서비스"), 5); err != nil || len(ms) != 0 {
		t.Errorf("Korean need: %d matches (%v), want none from a space that knows no Korean", len(ms), err)
	}
}
