package match_test

import (
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
)

// A record put twice counts once, with its latest words; a removed one not
// at all; removing a record never put changes nothing.
func TestVocabulary_PutReplacesAndRemoveTakesBack(t *testing.T) {
	v := match.NewVocabulary(nil)
	unseen := v.IDF("quokka")
	v.Put("offer/1", &data.Listing{Title: "Zanzibar membrane filters", Language: "en"})
	v.Put("offer/2", &data.Listing{Title: "Membrane pumps", Language: "en"})
	if v.Docs() != 2 || !v.Counted("offer/1") {
		t.Fatalf("docs %d", v.Docs())
	}
	membrane := v.IDF("membran")
	v.Put("offer/1", &data.Listing{Title: "Quokka membrane filters", Language: "en"})
	if v.Docs() != 2 {
		t.Fatalf("after a second put: docs %d, want 2", v.Docs())
	}
	if v.IDF("membran") != membrane {
		t.Errorf("a word in both versions changed weight: %.3f, was %.3f", v.IDF("membran"), membrane)
	}
	if v.IDF("zanzibar") <= v.IDF("quokka") {
		t.Errorf("the old word still counts: IDF(zanzibar) %.3f, IDF(quokka) %.3f", v.IDF("zanzibar"), v.IDF("quokka"))
	}
	v.Remove("offer/1")
	v.Remove("offer/1")
	v.Remove("need/9")
	if v.Docs() != 1 || v.Counted("offer/1") {
		t.Fatalf("after removal: docs %d", v.Docs())
	}
	v.Remove("offer/2")
	if v.Docs() != 0 || v.IDF("quokka") != unseen {
		t.Errorf("empty again: docs %d, IDF(quokka) %.3f, want %.3f", v.Docs(), v.IDF("quokka"), unseen)
	}
}
