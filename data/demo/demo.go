// Package demo owns the built-in demo data that `techmatch serve --demo`
// loads into an empty store: a fictional technology supply-demand session of
// Techfest Haiphong, with Haiphong enterprises posting needs (mostly in
// Vietnamese) and foreign partners and local institutes posting offers (in
// English, Korean and Vietnamese).
//
// The records live in orgs.jsonl, offers.jsonl and needs.jsonl, one JSON
// object per line. Offers and needs name their organization by its Key, so
// the loader can create the organizations first and link the rest to the ids
// the store gives them.
package demo

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"

	"github.com/techmatch/techmatch/data"
)

//go:embed *.jsonl
var files embed.FS

// Org is a demo organization; Key is a short slug that offers and needs refer to.
type Org struct {
	Key string `json:"key"`
	data.OrganizationFields
}

// Offer is a demo offer of the organization whose Key is Org.
type Offer struct {
	Org string `json:"org"`
	data.OfferFields
}

// Need is a demo need of the organization whose Key is Org.
type Need struct {
	Org string `json:"org"`
	data.NeedFields
}

// Dataset is the whole demo: organizations first, then the offers and needs
// that refer to them.
type Dataset struct {
	Orgs   []Org
	Offers []Offer
	Needs  []Need
}

// Load parses the embedded demo files. Parsing is strict: an unknown field,
// a wrong type or trailing data on a line is an error naming the file and
// line. Load does not validate the records; the tests of this package do.
func Load() (Dataset, error) { return load(files) }

func load(fsys fs.FS) (Dataset, error) {
	var ds Dataset
	var err error
	if ds.Orgs, err = decodeLines[Org](fsys, "orgs.jsonl"); err != nil {
		return Dataset{}, err
	}
	if ds.Offers, err = decodeLines[Offer](fsys, "offers.jsonl"); err != nil {
		return Dataset{}, err
	}
	if ds.Needs, err = decodeLines[Need](fsys, "needs.jsonl"); err != nil {
		return Dataset{}, err
	}
	return ds, nil
}

// decodeLines decodes each non-blank line of the named file into a T.
func decodeLines[T any](fsys fs.FS, name string) ([]T, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	var out []T
	for i, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var v T
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("demo: %s:%d: %w", name, i+1, err)
		}
		// One object per line: anything after it would be silently lost.
		if _, err := dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("demo: %s:%d: unexpected data after the JSON object", name, i+1)
		}
		out = append(out, v)
	}
	return out, nil
}
