package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

// ImportRow is one record in the JSON Lines exchange format that import,
// the API and `rank` share (the format of ../shared/corpus). Fields other
// than these are ignored. Values may be messy: a TRL written "TRL 7", a
// country written "USA (offices in Poland and South Korea)", partnership
// given as free text; Item normalizes them.
type ImportRow struct {
	ID                 string      `json:"id"`
	Kind               string      `json:"kind"`
	Title              string      `json:"title"`
	Description        string      `json:"description"`
	Org                string      `json:"org"`
	OrgCountry         string      `json:"org_country"`
	OrgKind            string      `json:"org_kind"`
	Language           string      `json:"language"`
	Keywords           flexStrings `json:"keywords"`
	Sectors            flexStrings `json:"sectors"`
	TRL                any         `json:"trl"`
	MinTRL             any         `json:"min_trl"`
	Stage              string      `json:"stage"`
	Partnership        flexStrings `json:"partnership"`
	Cooperation        flexStrings `json:"cooperation"`
	Markets            flexStrings `json:"markets"`
	PreferredCountries flexStrings `json:"preferred_countries"`
	Status             string      `json:"status"`
	ExpiresAt          *time.Time  `json:"expires_at"`
}

// flexStrings accepts null, a string or a list of strings.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexStrings{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New("must be a string or a list of strings")
	}
	*f = list
	return nil
}

// RowError reports one bad line of an import file.
type RowError struct {
	Line   int               `json:"line"`
	ID     string            `json:"id,omitempty"`
	Fields []data.FieldError `json:"errors"`
}

func (e RowError) Error() string {
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	id := ""
	if e.ID != "" {
		id = " (" + e.ID + ")"
	}
	return fmt.Sprintf("line %d%s: %s", e.Line, id, strings.Join(parts, "; "))
}

// maxLine is the longest line ReadJSONL accepts.
const maxLine = 1 << 20

// ReadJSONL parses r as JSON Lines of ImportRow. Good rows become items;
// each bad row (broken JSON, broken UTF-8, invalid after normalization) is
// reported by its line number and skipped. The error is only for failures
// to read r. A UTF-8 byte-order mark at the start is dropped.
func ReadJSONL(r io.Reader) ([]data.ImportItem, []RowError, error) {
	var items []data.ImportItem
	var bad []RowError
	// Lines are parsed (JSON, normalization, sector inference) on every
	// core, a chunk at a time; items and bad rows keep the file's order.
	type parsed struct {
		line int
		raw  []byte
		it   *data.ImportItem
		rerr *RowError
	}
	var chunk []parsed
	flush := func() {
		workers := min(runtime.GOMAXPROCS(0), len(chunk))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1) - 1); i < len(chunk); i = int(next.Add(1) - 1) {
					chunk[i].it, chunk[i].rerr = parseLine(chunk[i].raw, chunk[i].line)
				}
			}()
		}
		wg.Wait()
		for _, c := range chunk {
			if c.rerr != nil {
				bad = append(bad, *c.rerr)
			} else {
				items = append(items, *c.it)
			}
		}
		chunk = chunk[:0]
	}
	err := EachLine(r, func(line int, raw []byte) error {
		chunk = append(chunk, parsed{line: line, raw: bytes.Clone(raw)})
		if len(chunk) == parseChunk {
			flush()
		}
		return nil
	})
	flush()
	return items, bad, err
}

// parseChunk is how many lines ReadJSONL parses at once.
const parseChunk = 512

// parseLine reads one trimmed, non-blank line.
func parseLine(raw []byte, line int) (*data.ImportItem, *RowError) {
	fail := func(field, msg string) *RowError {
		return &RowError{Line: line, Fields: []data.FieldError{{Field: field, Message: msg}}}
	}
	if len(raw) > maxLine {
		return nil, fail("", fmt.Sprintf("the line is longer than %d bytes", maxLine))
	}
	if !utf8.Valid(raw) {
		return nil, fail("", "the line is not valid UTF-8")
	}
	var row ImportRow
	if err := json.Unmarshal(raw, &row); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fail(te.Field, "has the wrong type: "+te.Value)
		}
		return nil, fail("", "not a JSON object: "+err.Error())
	}
	it, err := row.Item()
	if err != nil {
		re := RowError{Line: line, ID: row.ID}
		var e *data.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			re.Fields = e.Fields
		} else {
			re.Fields = []data.FieldError{{Message: err.Error()}}
		}
		return nil, &re
	}
	return &it, nil
}

// anonymousOrg names the organization of records imported without one.
const anonymousOrg = "Anonymous organization"

// Item normalizes the row into a validated ImportItem.
func (row ImportRow) Item() (data.ImportItem, error) {
	var fields []data.FieldError
	bad := func(field, msg string) { fields = append(fields, data.FieldError{Field: field, Message: msg}) }

	l := data.Listing{
		Title:       CleanText(row.Title),
		Description: CleanText(row.Description),
		Language:    NormalizeLanguage(row.Language),
		Status:      row.Status,
		ExpiresAt:   row.ExpiresAt,
		ExternalID:  strings.TrimSpace(row.ID),
	}
	if l.Status == "" {
		l.Status = data.StatusPublished
	}
	seen := map[string]bool{}
	for _, k := range row.Keywords {
		k = CleanText(k)
		if k == "" || utf8.RuneCountInString(k) > 100 || seen[data.Fold(k)] || len(l.Keywords) == 40 {
			continue // messy keywords are dropped, not fatal
		}
		seen[data.Fold(k)] = true
		l.Keywords = append(l.Keywords, k)
	}
	for _, s := range row.Sectors {
		if s = strings.TrimSpace(s); data.IsSector(s) {
			l.Sectors = append(l.Sectors, s)
		} else {
			bad("sectors", fmt.Sprintf("%q is not a sector code", s))
		}
	}
	if len(row.Sectors) == 0 {
		l.Sectors = InferSectors(l.Title, l.Description, l.Keywords)
	}
	l.Cooperation, _ = NormalizeCooperation(append(append([]string{}, row.Partnership...), row.Cooperation...))
	l.Markets = normalizeCountries(row.Markets)

	org := data.OrganizationFields{Name: CleanText(row.Org)}
	if org.Name == "" {
		org.Name = anonymousOrg
	}
	if cs := NormalizeCountry(row.OrgCountry); len(cs) > 0 {
		org.Country = cs[0]
	}
	org.Kind = row.OrgKind
	if org.Kind == "" {
		org.Kind = guessOrgKind(org.Name, row.Kind)
	}
	if l.Language != "" {
		org.Languages = []string{l.Language}
	}

	trl, ok := NormalizeTRL(row.TRL)
	if !ok {
		bad("trl", fmt.Sprintf("%v is not a TRL from 1 to 9", row.TRL))
	}
	if trl == 0 && row.Stage != "" {
		trl = TRLFromStage(row.Stage)
	}
	var it data.ImportItem
	switch row.Kind {
	case data.KindOffer:
		it = data.ImportItem{Org: org, Offer: &data.OfferFields{Listing: l, TRL: trl}}
	case data.KindNeed:
		minTRL, ok := NormalizeTRL(row.MinTRL)
		if !ok {
			bad("min_trl", fmt.Sprintf("%v is not a TRL from 1 to 9", row.MinTRL))
		}
		if minTRL == 0 {
			minTRL = trl
		}
		it = data.ImportItem{Org: org, Need: &data.NeedFields{Listing: l, MinTRL: minTRL,
			PreferredCountries: normalizeCountries(row.PreferredCountries)}}
	default:
		bad("kind", "must be offer or need")
	}
	if len(fields) > 0 {
		return data.ImportItem{}, data.Invalid(fields...)
	}
	var err error
	if it.Offer != nil {
		err = it.Offer.Validate()
	} else {
		err = it.Need.Validate()
	}
	return it, data.MergeFieldErrors(err, prefixFields("org.", org.Validate()))
}

func normalizeCountries(values []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, c := range NormalizeCountry(v) {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// guessOrgKind infers the kind of an imported organization from its name.
func guessOrgKind(name, recordKind string) string {
	n := " " + data.Fold(name) + " "
	switch {
	case containsAny(n, "university", "universita", "dai hoc", "college", "politecnico", "school of"):
		return data.OrgUniversity
	case containsAny(n, "institute", "istituto", "vien ", "laboratory", "national lab", "research center", "cnr", "consiglio nazionale"):
		return data.OrgResearch
	case containsAny(n, "council", "ministry", "department", "agency", "so khoa hoc", "authority", "region", "government", "county"):
		return data.OrgAgency
	case recordKind == data.KindNeed:
		return data.OrgEnterprise
	}
	return data.OrgPartner
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// prefixFields puts prefix before each field name of an EINVALID error.
func prefixFields(prefix string, err error) []data.FieldError {
	var e *data.Error
	if !errors.As(err, &e) {
		return nil
	}
	out := make([]data.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = data.FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return out
}
