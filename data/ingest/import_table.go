package ingest

// Spreadsheet import: CSV and XLSX files whose first row names the columns.
// Each data row becomes an ImportRow (the JSON Lines record) and goes
// through ImportRow.Item, so a spreadsheet row is normalized and validated
// exactly like a JSON Lines line; this file only turns cells into the
// row's fields.
//
// Columns. Headers are matched to ImportRow's JSON names (id, kind, title,
// description, org, org_country, org_kind, language, keywords, sectors,
// trl, min_trl, stage, partnership, cooperation, markets,
// preferred_countries, status, expires_at) ignoring case, accents, spaces,
// underscores, punctuation and a trailing "(...)" note, and through the
// aliases in tableAliases ("Organisation" -> org, "Country" -> org_country,
// "Type" -> kind, "Tên công nghệ" -> title ...). A bilingual header such as
// "Tên tổ chức / Organization" or "Tên công nghệ (Technology title)" matches
// if any of its parts does. Columns that match nothing are ignored
// silently. The header must have a title and a kind column; without one the
// reader returns an EINVALID *Error naming the missing column and loads
// nothing. When two columns map to the same field, list fields take the
// values of both; other fields take the column named exactly like the field
// if there is one ("kind" over "Type"), else the first non-empty cell.
//
// Cells. List fields (keywords, sectors, partnership, cooperation, markets,
// preferred_countries) are split on ';', ',' and line breaks outside
// brackets, so "USA (offices in Poland, Korea)" stays one value. Kind
// accepts offer/need and the usual wordings ("Technology offer",
// "Technology request", "Demand", "Cung", "Cầu", "Nhu cầu", EEN's TO/TR/RDR);
// any other value is passed on and reported as a bad kind. org_kind and
// status are lower-cased ("Research institute" -> research_institute) and a
// few common organization types are mapped ("Company" -> enterprise).
// expires_at takes ISO dates and times (2026-12-31, 2026-12-31T18:00:00Z,
// 2026-12-31 18:00), day/month/year or month/day/year when the order is
// unambiguous (31/12/2026, 12/31/2026; 01/02/2026 is reported), and in XLSX
// Excel date serial numbers (1900 or 1904 date system). A date without a
// time means the end of that day, 23:59:59 UTC.
//
// Rows. The header is the first non-blank row (normally row 1).
// RowError.Line is the row number a spreadsheet application shows: blank
// rows are skipped but counted; a CSV cell spanning several lines is one
// row. Rows with a broken cell (bad UTF-8 in a column that is read, an
// unreadable date) or invalid after normalization are reported with the
// field named and skipped; so are malformed CSV records (a stray quote) and
// CSV rows wider than the header, with no field named. The rest load.
//
// CSV specifics: a UTF-8 byte-order mark is dropped, UTF-16 files with a
// byte-order mark ("Unicode text") are decoded, CRLF, LF and CR line ends
// are accepted, and the separator is whichever of ',', ';' or tab appears
// most in the header line (European Excel writes ';'). Short rows are
// padded with empty cells; a row with values beyond the header's last
// column is reported, since it usually means an unquoted separator shifted
// its cells.
//
// XLSX specifics: the first visible sheet is read (other sheets are
// ignored). Cell values are read raw (unformatted), so numbers and dates
// are not subject to the workbook's display formats. A value merged down
// several rows (an organization written once for its three offers) applies
// to each of those rows.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/techmatch/techmatch/data"
)

// tableFields are ImportRow's JSON names, the columns a table may have.
var tableFields = []string{
	"id", "kind", "title", "description", "org", "org_country", "org_kind",
	"language", "keywords", "sectors", "trl", "min_trl", "stage", "partnership",
	"cooperation", "markets", "preferred_countries", "status", "expires_at",
}

// tableListFields are the fields whose cells are lists.
var tableListFields = map[string]bool{"keywords": true, "sectors": true, "partnership": true,
	"cooperation": true, "markets": true, "preferred_countries": true}

// tableRequired are the columns a table must have.
var tableRequired = []string{"title", "kind"}

// tableAliases maps header keys (see headerKey) to ImportRow JSON names,
// beyond the JSON names themselves.
var tableAliases = map[string][]string{
	"id": {"ref", "reference", "ref no", "reference number", "record id", "external id",
		"listing id", "offer id", "need id", "request id", "profile id"},
	"kind": {"type", "record type", "listing type", "profile type", "offer need", "offer or need",
		"offer request", "loai", "phan loai", "loai ho so", "cung cau", "cung hay cau"},
	"title": {"technology", "technology title", "technology name", "name of technology",
		"offer title", "need title", "request title", "profile title", "project title", "subject",
		"tieu de", "ten cong nghe", "ten cong nghe san pham", "ten san pham cong nghe"},
	"description": {"desc", "details", "summary", "abstract", "technology description",
		"short description", "mo ta", "mo ta cong nghe", "noi dung", "tom tat"},
	"org": {"organisation", "organization", "organisation name", "organization name", "company",
		"company name", "institution", "affiliation", "applicant", "to chuc", "ten to chuc",
		"don vi", "ten don vi", "cong ty", "ten cong ty", "doanh nghiep", "ten doanh nghiep", "co quan"},
	"org_country": {"country", "organisation country", "organization country", "company country",
		"quoc gia", "nuoc", "quoc gia to chuc"},
	"org_kind": {"org type", "organisation type", "organization type", "organisation kind",
		"organization kind", "type of organisation", "type of organization", "company type",
		"institution type", "loai hinh", "loai hinh to chuc", "loai to chuc"},
	"language":    {"lang", "ngon ngu"},
	"keywords":    {"keyword", "key words", "tags", "tu khoa"},
	"sectors":     {"sector", "sector codes", "sector code"},
	"trl":         {"trl level", "technology readiness level", "readiness level", "muc do san sang cong nghe", "muc trl"},
	"min_trl":     {"minimum trl", "required trl", "trl min", "trl required", "trl toi thieu"},
	"stage":       {"development stage", "stage of development", "giai doan", "giai doan phat trien"},
	"partnership": {"partnerships", "partnership type", "partnership types", "partnership sought", "type of partnership", "type of partnership sought", "partnership considered", "hinh thuc hop tac"},
	"cooperation": {"cooperation type", "cooperation types", "collaboration", "collaboration type", "hop tac"},
	"markets":     {"market", "target market", "target markets", "target countries", "thi truong", "thi truong muc tieu"},
	"preferred_countries": {"preferred country", "partner countries", "partner country",
		"countries of interest", "quoc gia uu tien"},
	"status":     {"trang thai"},
	"expires_at": {"expires", "expiry", "expiry date", "expiration", "expiration date", "valid until", "han", "ngay het han", "han hieu luc"},
}

// tableHeaders maps every header key to its JSON name.
var tableHeaders = func() map[string]string {
	m := map[string]string{}
	for _, f := range tableFields {
		m[headerKey(f)] = f
	}
	for f, aliases := range tableAliases {
		for _, a := range aliases {
			m[a] = f
		}
	}
	return m
}()

var nonAlnum = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// headerKey is the form headers are compared in: folded, punctuation and
// spacing reduced to single spaces. "Org_Country*" -> "org country".
func headerKey(s string) string {
	return strings.TrimSpace(nonAlnum.ReplaceAllString(data.Fold(s), " "))
}

// headerField returns the JSON name a header cell maps to, or "".
func headerField(h string) string {
	h = CleanText(h)
	outside, groups := splitBrackets(h)
	candidates := []string{h, outside}
	candidates = append(candidates, groups...)
	for _, part := range strings.Split(outside, "/") {
		candidates = append(candidates, part)
	}
	for _, c := range candidates {
		if f, ok := tableHeaders[headerKey(c)]; ok {
			return f
		}
	}
	return ""
}

// tableSchema maps the columns of one table to ImportRow fields.
type tableSchema struct {
	fields []string // JSON name per column; "" for an ignored column
	// strictWidth reports rows with values beyond the header's columns.
	strictWidth bool
	// serialDates accepts Excel date serial numbers in expires_at.
	serialDates, date1904 bool
}

func newTableSchema(header []string, line int) (*tableSchema, error) {
	s := &tableSchema{fields: make([]string, len(header))}
	have, exact := map[string]bool{}, map[string]bool{}
	for i, h := range header {
		s.fields[i] = headerField(h)
		have[s.fields[i]] = true
		if f := s.fields[i]; f != "" && headerKey(h) == headerKey(f) {
			exact[f] = true
		}
	}
	// A column named exactly like a field wins over aliases of it ("kind"
	// over "Type"), except for lists, which take every column's values.
	for i, f := range s.fields {
		if exact[f] && !tableListFields[f] && headerKey(header[i]) != headerKey(f) {
			s.fields[i] = ""
		}
	}
	var missing []string
	for _, f := range tableRequired {
		if !have[f] {
			missing = append(missing, strconv.Quote(f))
		}
	}
	if len(missing) == 0 {
		return s, nil
	}
	var seen []string
	for _, h := range header {
		if h = strings.TrimSpace(CleanText(h)); h != "" && len(seen) < 12 {
			seen = append(seen, strconv.Quote(h))
		}
	}
	return nil, data.Errorf(data.EINVALID, "the header (row %d) has no %s column; the header names %s",
		line, strings.Join(missing, " or "), strings.Join(seen, ", "))
}

// blankRow reports whether every cell is empty or white space.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// row turns the cells of spreadsheet row line into an item, or reports the
// row. A blank row gives neither.
func (s *tableSchema) row(cells []string, line int) (*data.ImportItem, *RowError) {
	if blankRow(cells) {
		return nil, nil
	}
	fail := func(field, msg string) *RowError {
		return &RowError{Line: line, Fields: []data.FieldError{{Field: field, Message: msg}}}
	}
	size := 0
	for _, c := range cells {
		size += len(c)
	}
	if size > maxLine {
		return nil, fail("", fmt.Sprintf("the row is longer than %d bytes", maxLine))
	}
	if s.strictWidth && len(cells) > len(s.fields) && !blankRow(cells[len(s.fields):]) {
		return nil, fail("", fmt.Sprintf("the row has values beyond the header's %d columns (is a value with the separator in it not quoted?)", len(s.fields)))
	}
	var row ImportRow
	var cellErrs []data.FieldError
	for i, field := range s.fields {
		if field == "" || i >= len(cells) {
			continue
		}
		cell := cells[i]
		if !utf8.ValidString(cell) {
			return nil, fail(field, "is not valid UTF-8 (save the file as CSV UTF-8)")
		}
		if strings.TrimSpace(cell) == "" {
			continue
		}
		if msg := s.setCell(&row, field, cell); msg != "" {
			cellErrs = append(cellErrs, data.FieldError{Field: field, Message: msg})
		}
	}
	it, err := row.Item()
	var fields []data.FieldError
	if err != nil {
		var e *data.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			fields = e.Fields
		} else {
			fields = []data.FieldError{{Message: err.Error()}}
		}
	}
	if fields = append(fields, cellErrs...); len(fields) > 0 {
		return nil, &RowError{Line: line, ID: row.ID, Fields: fields}
	}
	return &it, nil
}

// setCell puts a non-blank cell into the row's field; it returns a message
// when the cell cannot be read.
func (s *tableSchema) setCell(row *ImportRow, field, cell string) string {
	first := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	list := func(dst *flexStrings) { *dst = append(*dst, splitCell(cell)...) }
	switch field {
	case "id":
		first(&row.ID, cell)
	case "kind":
		first(&row.Kind, tableKind(cell))
	case "title":
		first(&row.Title, cell)
	case "description":
		first(&row.Description, cell)
	case "org":
		first(&row.Org, cell)
	case "org_country":
		first(&row.OrgCountry, cell)
	case "org_kind":
		first(&row.OrgKind, tableOrgKind(cell))
	case "language":
		first(&row.Language, cell)
	case "stage":
		first(&row.Stage, cell)
	case "status":
		first(&row.Status, strings.ToLower(cell))
	case "trl":
		if row.TRL == nil {
			row.TRL = strings.TrimSpace(cell)
		}
	case "min_trl":
		if row.MinTRL == nil {
			row.MinTRL = strings.TrimSpace(cell)
		}
	case "keywords":
		list(&row.Keywords)
	case "sectors":
		list(&row.Sectors)
	case "partnership":
		list(&row.Partnership)
	case "cooperation":
		list(&row.Cooperation)
	case "markets":
		list(&row.Markets)
	case "preferred_countries":
		list(&row.PreferredCountries)
	case "expires_at":
		if row.ExpiresAt != nil {
			return ""
		}
		t, msg := parseTableDate(cell, s.serialDates, s.date1904)
		if msg != "" {
			return msg
		}
		row.ExpiresAt = t
	}
	return ""
}

// splitCell splits a list cell on ';', ',' and line breaks outside round
// and square brackets.
func splitCell(cell string) []string {
	var out []string
	depth, start := 0, 0
	add := func(p string) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	for i, r := range cell {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		case ';', ',', '\n', '\r':
			if depth == 0 {
				add(cell[start:i])
				start = i + 1
			}
		}
	}
	add(cell[start:])
	return out
}

// tableKinds maps folded kind cells to record kinds.
var tableKinds = map[string]string{
	"offer": data.KindOffer, "offers": data.KindOffer, "technology offer": data.KindOffer, "tech offer": data.KindOffer,
	"supply": data.KindOffer, "technology supply": data.KindOffer, "to": data.KindOffer, "cung": data.KindOffer,
	"cung cong nghe": data.KindOffer, "chao ban": data.KindOffer, "cong nghe chao ban": data.KindOffer,
	"need": data.KindNeed, "needs": data.KindNeed, "request": data.KindNeed, "technology request": data.KindNeed,
	"tech request": data.KindNeed, "technology need": data.KindNeed, "demand": data.KindNeed,
	"technology demand": data.KindNeed, "tr": data.KindNeed, "rdr": data.KindNeed, "cau": data.KindNeed,
	"cau cong nghe": data.KindNeed, "nhu cau": data.KindNeed, "nhu cau cong nghe": data.KindNeed,
}

var (
	offerWords = []string{"offer", "offers", "supply", "cung"}
	needWords  = []string{"need", "needs", "request", "requests", "demand", "cau"}
)

// tableKind reads a kind cell: "offer", "need", or the trimmed cell for
// Item to report.
func tableKind(cell string) string {
	key := headerKey(cell)
	if k, ok := tableKinds[key]; ok {
		return k
	}
	toks := strings.Fields(key)
	hasAny := func(words []string) bool {
		for _, t := range toks {
			for _, w := range words {
				if t == w {
					return true
				}
			}
		}
		return false
	}
	switch offer, need := hasAny(offerWords), hasAny(needWords); {
	case offer && !need:
		return data.KindOffer
	case need && !offer:
		return data.KindNeed
	}
	return strings.TrimSpace(cell)
}

// tableOrgKinds maps folded organization types to OrgKinds.
var tableOrgKinds = map[string]string{
	"company": data.OrgEnterprise, "business": data.OrgEnterprise, "sme": data.OrgEnterprise, "startup": data.OrgEnterprise,
	"start up": data.OrgEnterprise, "corporation": data.OrgEnterprise, "firm": data.OrgEnterprise,
	"doanh nghiep": data.OrgEnterprise, "cong ty": data.OrgEnterprise,
	"college": data.OrgUniversity, "dai hoc": data.OrgUniversity, "truong dai hoc": data.OrgUniversity,
	"institute": data.OrgResearch, "research": data.OrgResearch, "research institute": data.OrgResearch,
	"research center": data.OrgResearch, "research centre": data.OrgResearch, "laboratory": data.OrgResearch,
	"lab": data.OrgResearch, "r d": data.OrgResearch, "vien": data.OrgResearch, "vien nghien cuu": data.OrgResearch,
	"government": data.OrgAgency, "public authority": data.OrgAgency, "authority": data.OrgAgency,
	"ministry": data.OrgAgency, "co quan nha nuoc": data.OrgAgency, "co quan quan ly": data.OrgAgency,
	"intermediary": data.OrgPartner, "doi tac": data.OrgPartner,
}

// tableOrgKind reads an organization type cell: a known wording becomes
// its code, anything else is lower-cased with '_' for spaces, for Validate
// to accept or report.
func tableOrgKind(cell string) string {
	key := headerKey(cell)
	if k, ok := tableOrgKinds[key]; ok {
		return k
	}
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(cell)), " ", "_")
}

var (
	isoDateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}
	isoDay         = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	dmyDay         = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$`)
)

// excelMaxSerial is 9999-12-31 as an Excel date serial number.
const excelMaxSerial = 2958465

// parseTableDate reads an expires_at cell. It returns a message for a
// value it cannot read.
func parseTableDate(cell string, serial, date1904 bool) (*time.Time, string) {
	s := strings.TrimSpace(CleanText(cell))
	if isNullish(s) {
		return nil, ""
	}
	endOfDay := func(y, m, d int) (*time.Time, string) {
		t := time.Date(y, time.Month(m), d, 23, 59, 59, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != m || t.Day() != d {
			return nil, fmt.Sprintf("%q is not a date", s)
		}
		return &t, ""
	}
	if serial {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if f < 1 || f > excelMaxSerial+1 || math.IsNaN(f) {
				return nil, fmt.Sprintf("%s is not an Excel date", s)
			}
			t, err := excelize.ExcelDateToTime(f, date1904)
			if err != nil {
				return nil, fmt.Sprintf("%s is not an Excel date", s)
			}
			t = t.UTC()
			if f == math.Trunc(f) {
				return endOfDay(t.Year(), int(t.Month()), t.Day())
			}
			return &t, ""
		}
	}
	for _, layout := range isoDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t, ""
		}
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	if m := isoDay.FindStringSubmatch(s); m != nil {
		return endOfDay(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := dmyDay.FindStringSubmatch(s); m != nil {
		a, b, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
		switch {
		case a > 12 || a == b:
			return endOfDay(y, b, a) // day/month/year
		case b > 12:
			return endOfDay(y, a, b) // month/day/year
		}
		return nil, fmt.Sprintf("%q could be day/month or month/day: write it as YYYY-MM-DD", s)
	}
	return nil, fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD", s)
}

// ReadCSV parses a CSV file whose first row names the columns (see the
// comment at the top of import_table.go for the columns, cells and row
// numbers). Good rows become items; each bad row is reported by its row
// number and skipped. An empty file gives no items and no error; a header
// without a title or kind column is an EINVALID *Error. Other errors are
// failures to read r.
func ReadCSV(r io.Reader) ([]data.ImportItem, []RowError, error) {
	var schema *tableSchema
	var items []data.ImportItem
	var bad []RowError
	var headerErr error
	err := scanCSV(r, func(rec []string, line int) error {
		if schema, headerErr = newTableSchema(rec, line); headerErr != nil {
			return headerErr
		}
		schema.strictWidth = true
		return nil
	}, func(rec []string, line int) {
		if it, re := schema.row(rec, line); re != nil {
			bad = append(bad, *re)
		} else if it != nil {
			items = append(items, *it)
		}
	}, func(re RowError) { bad = append(bad, re) })
	if headerErr != nil {
		return nil, nil, headerErr
	}
	return items, bad, err
}

// scanCSV reads a CSV table (see the comment at the top of this file for
// the encodings, separators and line ends it accepts): header gets the
// first non-blank record and its row number, row each later record (blank
// ones too), malformed each record that is not valid CSV. An error from
// header stops the scan and is returned; so is a malformed header, as an
// EINVALID *Error.
func scanCSV(r io.Reader, header func(rec []string, line int) error, row func(rec []string, line int), malformed func(RowError)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	}
	sample, err := br.Peek(br.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	sep, crLines := sniffCSV(sample)
	var src io.Reader = br
	if crLines {
		src = crToLF{br}
	}
	cr := csv.NewReader(src)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = cr.Comma != '\t'

	seenHeader := false
	folded := 0 // line breaks inside cells of the records read so far
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && pe.Err != nil && !errors.Is(pe.Err, csv.ErrFieldCount) {
			line := pe.StartLine - folded
			if !seenHeader {
				return data.Errorf(data.EINVALID, "the header (row %d) is not valid CSV: %v", line, pe.Err)
			}
			malformed(RowError{Line: line, Fields: []data.FieldError{{
				Message: "malformed CSV: " + pe.Err.Error() + ` (put a value with quotes or the separator in double quotes, with its quotes doubled)`}}})
			continue
		} else if err != nil {
			return err
		}
		start, _ := cr.FieldPos(0)
		line := start - folded
		for _, f := range rec {
			folded += strings.Count(f, "\n")
		}
		if !seenHeader {
			if blankRow(rec) {
				continue
			}
			seenHeader = true
			if err := header(rec, line); err != nil {
				return err
			}
			continue
		}
		row(rec, line)
	}
}

// sniffCSV reads the first line of sample: the separator is whichever of
// ',', ';' and tab occurs most outside quotes (',' on a tie), and crLines
// reports a line ending in a bare carriage return (classic Mac files).
func sniffCSV(sample []byte) (sep rune, crLines bool) {
	counts := map[byte]int{}
	quoted := false
scan:
	for i, c := range sample {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			break scan
		case c == '\r':
			crLines = i+1 < len(sample) && sample[i+1] != '\n'
			break scan
		default:
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best), crLines
}

// crToLF turns carriage returns into line feeds.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// maxXLSXUnzip bounds the unpacked size of a workbook: 64 MiB holds a
// sheet of 100,000 registrations, and a 300 KB file that unpacks to 300 MB
// (found by fuzzing) took 20 s to read under the old 1 GiB bound.
const maxXLSXUnzip = 64 << 20

// ReadXLSX parses the first visible sheet of an XLSX workbook whose first
// row names the columns (see the comment at the top of import_table.go).
// Good rows become items; each bad row is reported by its row number and
// skipped. An empty file or sheet gives no items and no error; a header without a
// title or kind column is an EINVALID *Error; so is a file that is not an
// XLSX workbook. Other errors are failures to read r.
func ReadXLSX(r io.Reader) ([]data.ImportItem, []RowError, error) {
	var schema *tableSchema
	var items []data.ImportItem
	var bad []RowError
	var headerErr error
	err := scanXLSX(r, false, func(cells []string, line int, date1904 bool) error {
		if schema, headerErr = newTableSchema(cells, line); headerErr != nil {
			return headerErr
		}
		schema.serialDates, schema.date1904 = true, date1904
		return nil
	}, func(cells []string, line int) {
		if it, re := schema.row(cells, line); re != nil {
			bad = append(bad, *re)
		} else if it != nil {
			items = append(items, *it)
		}
	})
	if headerErr != nil {
		return nil, nil, headerErr
	}
	return items, bad, err
}

// scanXLSX reads the first visible sheet of an XLSX workbook, cells raw
// (unformatted): header gets the first non-blank row, its row number and
// whether the workbook uses the 1904 date system; row each later row, with
// values merged down several rows copied into each. With anySheet, a sheet
// whose header is refused is passed over for the next visible one (a
// workbook whose first sheet is something else); the first refusal is
// returned when no sheet fits. A file that is not a workbook is an EINVALID
// *Error; an error from header stops the scan and is returned.
func scanXLSX(r io.Reader, anySheet bool, header func(cells []string, line int, date1904 bool) error, row func(cells []string, line int)) error {
	b, err := io.ReadAll(r)
	if err != nil || len(b) == 0 {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxXLSXUnzip})
	if err != nil {
		return data.Errorf(data.EINVALID, "not a readable XLSX workbook (an .xls file, or a CSV renamed?): %v", err)
	}
	defer f.Close()
	var sheets []string
	for _, name := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(name); err == nil && visible {
			sheets = append(sheets, name)
		}
	}
	if len(sheets) == 0 {
		if list := f.GetSheetList(); len(list) > 0 {
			sheets = list[:1]
		} else {
			return data.Errorf(data.EINVALID, "the workbook has no sheet")
		}
	}
	if !anySheet {
		sheets = sheets[:1]
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	var refused error
	for _, sheet := range sheets {
		err := scanSheet(f, sheet, date1904, header, row)
		var he headerError
		if !errors.As(err, &he) {
			return err
		}
		if refused == nil {
			refused = he.err
		}
	}
	return refused
}

// maxBlankRows empty rows in a row end a sheet's data.
const maxBlankRows = 10_000

// headerError is an error of scanSheet's header callback.
type headerError struct{ err error }

func (e headerError) Error() string { return e.err.Error() }

func scanSheet(f *excelize.File, sheet string, date1904 bool, header func(cells []string, line int, date1904 bool) error, row func(cells []string, line int)) error {
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()

	seenHeader := false
	var fills mergeFills
	blanks := 0
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("sheet %q row %d: %w", sheet, line, err)
		}
		// A stray cell a million rows down would have every empty row in
		// between walked (seconds for a 6 KB file, found by fuzzing): the
		// data ends after maxBlankRows empty rows.
		if blankRow(cells) {
			if blanks++; blanks > maxBlankRows {
				break
			}
		} else {
			blanks = 0
		}
		if !seenHeader {
			if blankRow(cells) {
				continue
			}
			seenHeader = true
			if err := header(cells, line, date1904); err != nil {
				return headerError{err}
			}
			fills = newMergeFills(merges, line)
			continue
		}
		row(fills.apply(cells, line), line)
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("sheet %q: %w", sheet, err)
	}
	return nil
}

// mergeFills copies the value of a cell merged down several data rows into
// each of those rows (first column of the merged range only).
type mergeFills struct {
	ranges []mergeRange
}

type mergeRange struct {
	col, top, bottom int // 0-based column, 1-based rows
	value            string
}

func newMergeFills(merges []excelize.MergeCell, header int) mergeFills {
	var m mergeFills
	for _, mc := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		_, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || r1 <= header || r2 <= r1 {
			continue
		}
		m.ranges = append(m.ranges, mergeRange{col: c1 - 1, top: r1, bottom: r2})
	}
	return m
}

// apply fills row line's cells from the merged ranges covering it; rows
// must be applied in order.
func (m *mergeFills) apply(cells []string, line int) []string {
	for i := range m.ranges {
		mr := &m.ranges[i]
		switch {
		case line == mr.top && mr.col < len(cells):
			mr.value = cells[mr.col]
		case line > mr.top && line <= mr.bottom && mr.value != "":
			for len(cells) <= mr.col {
				cells = append(cells, "")
			}
			if strings.TrimSpace(cells[mr.col]) == "" {
				cells[mr.col] = mr.value
			}
		}
	}
	return cells
}
