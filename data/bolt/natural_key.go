package bolt

import (
	"strings"
	"unicode"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// NaturalTitle is the title as the natural key compares it: folded (lower
// case, no diacritics, NFC) with punctuation and runs of spaces reduced to
// one space, so "Xử lý nước thải – IoT" and "xu ly nuoc thai IoT" are one
// title.
func NaturalTitle(title string) string {
	f := data.Fold(title)
	words := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.Join(words, " ")
}

// byNaturalKey finds orgID's record of table t whose title has the same
// natural form as title: the record an import row without an id updates.
// The natural key of an offer or need is its organization, its kind and
// its normalized title. Of several such records it returns the oldest.
func byNaturalKey[T any, P listing[T]](tx *bbolt.Tx, t *table, orgID uint64, title string) (uint64, bool) {
	want := NaturalTitle(title)
	if want == "" {
		return 0, false
	}
	b := tx.Bucket(t.bucket)
	for _, id := range t.idsOf(tx, orgID) { // in id order: oldest first
		var rec T
		if getJSON(b, id, &rec) && NaturalTitle(listingOf(P(&rec)).Title) == want {
			return id, true
		}
	}
	return 0, false
}
