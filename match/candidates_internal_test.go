package match

import (
	"fmt"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// commonVocabulary counts 1,000 records (a large collection) in which
// "smart", "platform", the syllables "xử", "lý", "nước" and the word
// "xử lý" are in every record, and "membrane", "nước thải", "thải" in a few.
func commonVocabulary() *Vocabulary {
	v := NewVocabulary(nil)
	for i := 0; i < 1000; i++ {
		words := []string{"smart", "platform", "xu", "ly", "xu_ly", "nuoc", fmt.Sprintf("rare%d", i)}
		if i%100 == 0 {
			words = append(words, "membran", "nuoc_thai", "thai")
		}
		v.Add(words)
	}
	return v
}

func TestVocabulary_Sparse(t *testing.T) {
	v := commonVocabulary()
	for _, c := range []struct {
		name, text, lang string
		share            float64
		want             string
	}{
		{"CommonWordsGoRareStay", "Smart membrane platform", "en", 0.1, "membrane"},
		{"StopWordsGoAndGapsBreakClauses", "membrane of the smart rare7 filter", "en", 0.1, "membrane ; rare7 filter"},
		{"AllCommonKeepsTheRarest", "smart platform", "en", 0.1, "smart"},
		{"VietnameseSyllableStaysInARareWord", "xử lý nước thải", "vi", 0.1, "nước thải"},
		{"VietnameseAllCommonKeepsOne", "xử lý nước", "vi", 0.1, "xử"},
		{"ShareAboveEveryWordKeepsAll", "Smart membrane platform", "en", 1.5, "Smart membrane platform"},
		{"NoShareIsTheTextAsWritten", "the smart platform", "en", 0, "the smart platform"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := v.sparse(c.text, c.lang, c.share); got != c.want {
				t.Errorf("sparse(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
	t.Run("SmallCollectionIsLeftAlone", func(t *testing.T) {
		small := NewVocabulary(nil)
		small.Add([]string{"smart"})
		if got := small.sparse("smart membrane", "en", 0.1); got != "smart membrane" {
			t.Errorf("got %q", got)
		}
	})
}

// A need written in glossary terms names dozens of concepts: its candidate
// query translates at most maxQueryConcepts of them, at most
// maxConceptTerms terms each per language, the title's and keywords'
// concepts first.
func TestQuery_TranslatedTiersBounded(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	en := GlossaryTerms(g)["en"]
	if len(en) < 200 {
		t.Fatalf("only %d English glossary terms", len(en))
	}
	// A large collection, so that common words are known, in which the
	// title's and keywords' concepts are the most common of all: they come
	// first all the same.
	var offers []data.Profile
	for i := 0; i < 1000; i++ {
		offers = append(offers, data.Profile{Kind: data.KindOffer, Listing: data.Listing{
			Language: "en", Title: en[(i*7)%len(en)], Description: en[(i*13)%len(en)] + ". " + en[(i*17)%len(en)] + ". " + en[101] + ". " + en[103] + "."}})
	}
	e := &Engine{Vocab: VocabularyOf(offers, g), Glossary: g}
	title := en[101]
	desc := strings.Join(en[120:180], ". ")
	need := data.Profile{Kind: data.KindNeed, Listing: data.Listing{Language: "en", Title: title, Description: desc, Keywords: []string{en[103]}}}
	s := e.prepare(&need)
	if len(s.expansions) <= maxQueryConcepts {
		t.Fatalf("the need names only %d concepts; the test needs more than %d", len(s.expansions), maxQueryConcepts)
	}
	parts := e.query(s)
	var all []string
	for _, p := range parts {
		if p.Lang == "en" {
			continue
		}
		terms := strings.Split(p.Text, " ; ")
		if len(terms) > maxQueryConcepts*maxConceptTerms {
			t.Errorf("%s part: %d terms, more than %d concepts x %d terms", p.Lang, len(terms), maxQueryConcepts, maxConceptTerms)
		}
		all = append(all, p.Text)
	}
	if len(all) == 0 {
		t.Fatal("no translated part")
	}
	// Every concept of the title is among those translated: one of its
	// terms in another language (as sparse leaves it) is in the query.
	joined := " ; " + strings.Join(all, " ; ") + " ; "
	for _, x := range g.Expand(title + "\n" + en[103]) {
		found := false
		for _, eq := range x.Equivalents {
			if eq.Lang == "en" {
				continue
			}
			found = found || strings.Contains(joined, " ; "+e.vocab().sparse(eq.Text, eq.Lang, 0.25)+" ; ")
		}
		if !found {
			t.Errorf("title/keyword concept %q (entry %d) not translated in %q", x.Found.Text, x.Entry, joined)
		}
	}
	// The translated words' postings stay within the budget, give or take
	// the first term of each language, which always comes along.
	postings, firsts := 0, 0
	for _, p := range parts {
		if p.Lang == "en" {
			continue
		}
		terms := strings.Split(p.Text, " ; ")
		postings += e.vocab().postings(langTokens(p.Text, p.Lang))
		firsts += e.vocab().postings(langTokens(terms[0], p.Lang))
	}
	if budget := translatedPostings * e.vocab().Docs(); postings > budget+firsts {
		t.Errorf("translated words in %d records, budget %d (+%d for first terms)", postings, budget, firsts)
	}
	// Bounded as a whole: the 60 concepts of the description do not all
	// come along.
	words := 0
	for _, p := range parts {
		words += len(strings.Fields(p.Text))
	}
	full := 0
	for _, x := range s.expansions {
		for _, eq := range x.equivalents {
			full += len(strings.Fields(eq.text))
		}
	}
	if words >= full {
		t.Errorf("the query has %d words; translating everything gives %d", words, full)
	}
}
