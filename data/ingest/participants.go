package ingest

// Event participants from a spreadsheet: CSV or XLSX files whose first row
// names the columns, one participant per row, for the organizer to load an
// event's participants at once.
//
// Columns, matched like the record import's headers (ignoring case,
// accents, spacing and punctuation; a bilingual "Tên tổ chức /
// Organization" matches if a part does), in English or Vietnamese:
//
//	org_id              Org ID, Organization ID, Mã tổ chức, Mã doanh nghiệp (not a bare "ID")
//	org                 Organization, Company, Name, Tên tổ chức, Doanh nghiệp, Đơn vị
//	side                Side, Role, Host/Guest, Vai trò, Bên
//	delegation          Delegation, Đoàn
//	max_meetings        Max meetings, Maximum meetings, Số cuộc gặp tối đa
//	available_slots     Available slots, Availability, Slots, Khung giờ, Thời gian rảnh
//	languages           Languages, Ngôn ngữ
//	brings_interpreter  Brings interpreter, Interpreter, Tự có phiên dịch, Phiên dịch
//
// A row needs an organization (an id or a name; the caller resolves names)
// and a side; other columns may be missing or blank, and Given says which a
// row filled, so the caller can keep defaults or a participant's current
// values for the rest. Columns that match nothing (Country, Meetings in the
// participants sheet of the schedule export) are ignored, so that sheet
// reads back.
//
// Cells. side takes host/guest and the usual words (chủ nhà, khách, local,
// visitor, delegate...). max_meetings is a whole number from 0 to 500.
// languages are names or codes ("Vietnamese, English", "tiếng Việt", "ko")
// separated by , ; / or line breaks. brings_interpreter is yes/no (có,
// không, true, false, x, 1, 0). available_slots lists, separated by , or ;,
// slot start times ("09:00", "9h20"), ranges ("09:00-10:00", "9:00 to 10:00",
// "9h đến 10h": the slots that lie wholly inside), either with a date in
// front ("2026-12-11 09:00-10:00", "11/12/2026 09:00") to pick one day of a
// several-day event (a time alone means that time on every day), the words
// morning/sáng and afternoon/chiều (slots starting before or from 12:00),
// all/tất cả, or slot numbers written #1 (1-based, as the organizer counts
// them); blank means every slot. XLSX time cells (fractions of a day) and
// date-time cells work too. Times are in the event's time zone. A time that
// is no slot's start, or a range with no slot inside, is reported.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

// ParticipantRow is one good row of a participant sheet.
type ParticipantRow struct {
	// Line is the row number a spreadsheet application shows.
	Line int `json:"line"`
	// OrgID and OrgName identify the organization; at least one is set.
	// When both are, the caller may check that they agree.
	OrgID   uint64 `json:"org_id,omitempty"`
	OrgName string `json:"org_name,omitempty"`
	data.ParticipantFields
	// Given lists the JSON names of the fields the row filled (side is
	// always among them).
	Given []string `json:"given"`
}

// Gave reports whether the row filled field (a JSON name).
func (r ParticipantRow) Gave(field string) bool {
	for _, g := range r.Given {
		if g == field {
			return true
		}
	}
	return false
}

// participantFields are the columns of a participant sheet, in order.
var participantFields = []string{"org_id", "org", "side", "delegation", "max_meetings",
	"available_slots", "languages", "brings_interpreter"}

var participantAliases = map[string][]string{
	// Not a bare "ID": in many sheets that is a row number.
	"org_id": {"org id", "organization id", "organisation id", "company id", "org no",
		"ma to chuc", "ma doanh nghiep", "ma don vi"},
	"org": {"organization", "organisation", "organization name", "organisation name", "company",
		"company name", "name", "participant", "enterprise", "institution",
		"to chuc", "ten to chuc", "doanh nghiep", "ten doanh nghiep", "don vi", "ten don vi", "cong ty", "ten cong ty"},
	"side":       {"role", "host guest", "host or guest", "participant type", "vai tro", "ben", "chu nha khach"},
	"delegation": {"delegation name", "doan", "ten doan", "doan khach", "doan cong tac"},
	"max_meetings": {"max meetings", "maximum meetings", "meetings max", "max number of meetings",
		"meeting limit", "so cuoc gap toi da", "so buoi gap toi da", "toi da"},
	"available_slots": {"available slots", "availability", "available", "slots", "time slots",
		"available times", "free slots", "khung gio", "khung gio co the gap", "khung gio ranh",
		"thoi gian ranh", "thoi gian co the gap", "gio co the gap"},
	"languages": {"language", "langs", "spoken languages", "ngon ngu", "ngon ngu giao tiep"},
	"brings_interpreter": {"interpreter", "own interpreter", "has interpreter", "brings an interpreter",
		"tu co phien dich", "co phien dich", "phien dich", "mang theo phien dich"},
}

var participantHeaders = func() map[string]string {
	m := map[string]string{}
	for _, f := range participantFields {
		m[headerKey(f)] = f
	}
	for f, aliases := range participantAliases {
		for _, a := range aliases {
			m[a] = f
		}
	}
	return m
}()

func participantHeaderField(h string) string {
	h = CleanText(h)
	outside, groups := splitBrackets(h)
	candidates := append([]string{h, outside}, groups...)
	candidates = append(candidates, strings.Split(outside, "/")...)
	for _, c := range candidates {
		if f, ok := participantHeaders[headerKey(c)]; ok {
			return f
		}
	}
	return ""
}

// participantSchema maps the columns of one sheet to fields.
type participantSchema struct {
	fields   []string
	slots    slotIndex
	date1904 bool
	xlsx     bool
}

func newParticipantSchema(header []string, line int, ev data.EventFields) (*participantSchema, error) {
	s := &participantSchema{fields: make([]string, len(header)), slots: newSlotIndex(ev)}
	have := map[string]bool{}
	for i, h := range header {
		f := participantHeaderField(h)
		if f != "" && have[f] {
			f = "" // the first column of a field wins
		}
		s.fields[i] = f
		have[f] = true
	}
	var missing []string
	if !have["org_id"] && !have["org"] {
		missing = append(missing, `an organization column ("org_id" or "org")`)
	}
	if !have["side"] {
		missing = append(missing, `a "side" column`)
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
	return nil, data.Errorf(data.EINVALID, "the header (row %d) lacks %s; the header names %s",
		line, strings.Join(missing, " and "), strings.Join(seen, ", "))
}

// ReadParticipantsCSV reads a CSV participant sheet for an event (its
// slots and time zone map available times to slot indexes). Good rows are
// returned in order; each bad row is reported with its row number and the
// fields at fault, and skipped. A header without an organization or a side
// column is an EINVALID *Error and nothing is read. Other errors are
// failures to read r. The encodings, separators and line ends accepted are
// the record import's (ReadCSV).
func ReadParticipantsCSV(r io.Reader, ev data.EventFields) ([]ParticipantRow, []RowError, error) {
	var schema *participantSchema
	var rows []ParticipantRow
	var bad []RowError
	var headerErr error
	err := scanCSV(r, func(rec []string, line int) error {
		schema, headerErr = newParticipantSchema(rec, line, ev)
		return headerErr
	}, func(rec []string, line int) {
		schema.add(rec, line, &rows, &bad)
	}, func(re RowError) { bad = append(bad, re) })
	if headerErr != nil {
		return nil, nil, headerErr
	}
	return rows, bad, err
}

// ReadParticipantsXLSX reads an XLSX workbook as a participant sheet, like
// ReadParticipantsCSV: the first visible sheet whose header has an
// organization and a side column (so the schedule export's workbook, whose
// participants sheet comes after the day sheets, reads as it is).
func ReadParticipantsXLSX(r io.Reader, ev data.EventFields) ([]ParticipantRow, []RowError, error) {
	var schema *participantSchema
	var rows []ParticipantRow
	var bad []RowError
	var headerErr error
	err := scanXLSX(r, true, func(cells []string, line int, date1904 bool) error {
		if schema, headerErr = newParticipantSchema(cells, line, ev); headerErr == nil {
			schema.xlsx, schema.date1904 = true, date1904
		}
		return headerErr
	}, func(cells []string, line int) {
		schema.add(cells, line, &rows, &bad)
	})
	if headerErr != nil {
		return nil, nil, err // the first sheet's refusal
	}
	return rows, bad, err
}

func (s *participantSchema) add(cells []string, line int, rows *[]ParticipantRow, bad *[]RowError) {
	if r, re := s.row(cells, line); re != nil {
		*bad = append(*bad, *re)
	} else if r != nil {
		*rows = append(*rows, *r)
	}
}

// row reads one row; a blank row gives neither a row nor an error.
func (s *participantSchema) row(cells []string, line int) (*ParticipantRow, *RowError) {
	if blankRow(cells) {
		return nil, nil
	}
	size := 0
	for _, c := range cells {
		size += len(c)
	}
	if size > maxLine {
		return nil, &RowError{Line: line, Fields: []data.FieldError{{Message: fmt.Sprintf("the row is longer than %d bytes", maxLine)}}}
	}
	r := &ParticipantRow{Line: line}
	var errs []data.FieldError
	fail := func(field, msg string) { errs = append(errs, data.FieldError{Field: field, Message: msg}) }
	for i, field := range s.fields {
		if field == "" || i >= len(cells) {
			continue
		}
		cell := cells[i]
		if !utf8.ValidString(cell) {
			fail(field, "is not valid UTF-8 (save the file as CSV UTF-8)")
			continue
		}
		cell = CleanText(cell)
		if cell == "" {
			continue
		}
		if msg := s.setCell(r, field, cell); msg != "" {
			fail(field, msg)
			continue
		}
		if field != "org" && field != "org_id" {
			r.Given = append(r.Given, field)
		}
	}
	if r.OrgID == 0 && r.OrgName == "" && !hasField(errs, "org_id") && !hasField(errs, "org") {
		fail("org", "is required: the organization's name or id")
	}
	if r.Side == "" && !hasField(errs, "side") {
		fail("side", "is required: host or guest")
	}
	if len(errs) == 0 {
		if err := r.ParticipantFields.Validate(len(s.slots.slots)); err != nil {
			var e *data.Error
			if errors.As(err, &e) && len(e.Fields) > 0 {
				errs = append(errs, e.Fields...)
			} else {
				fail("", err.Error())
			}
		}
	}
	if len(errs) > 0 {
		id := r.OrgName
		if r.OrgID != 0 {
			id = strconv.FormatUint(r.OrgID, 10)
		}
		return nil, &RowError{Line: line, ID: id, Fields: errs}
	}
	return r, nil
}

func hasField(errs []data.FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// setCell reads a non-blank cell into r; it returns a message when the
// cell cannot be read.
func (s *participantSchema) setCell(r *ParticipantRow, field, cell string) string {
	switch field {
	case "org_id":
		n, ok := wholeNumber(cell)
		if !ok || n < 1 {
			return fmt.Sprintf("%q is not an organization id (a whole number from 1)", cell)
		}
		r.OrgID = uint64(n)
	case "org":
		r.OrgName = cell
	case "side":
		side := participantSide(cell)
		if side == "" {
			return fmt.Sprintf("%q is not a side: write host or guest (chủ nhà or khách)", cell)
		}
		r.Side = side
	case "delegation":
		r.Delegation = cell
	case "max_meetings":
		n, ok := wholeNumber(cell)
		if !ok || n < 0 || n > 500 {
			return fmt.Sprintf("%q is not a number of meetings (a whole number from 0 to 500)", cell)
		}
		r.MaxMeetings = int(n)
	case "available_slots":
		slots, msg := s.slots.parse(cell, s.xlsx, s.date1904)
		if msg != "" {
			return msg
		}
		r.AvailableSlots = slots
	case "languages":
		var bad []string
		seen := map[string]bool{}
		r.Languages = nil
		for _, part := range languageSplit.Split(cell, -1) {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			code := NormalizeLanguage(part)
			if code == "" {
				bad = append(bad, strconv.Quote(part))
				continue
			}
			if !seen[code] {
				seen[code] = true
				r.Languages = append(r.Languages, code)
			}
		}
		if len(bad) > 0 {
			return fmt.Sprintf("%s: not a language techmatch knows (one of %s)", strings.Join(bad, ", "), strings.Join(data.Languages, ", "))
		}
	case "brings_interpreter":
		b, ok := yesNo(cell)
		if !ok {
			return fmt.Sprintf("%q is not yes or no (có or không)", cell)
		}
		r.BringsInterpreter = b
	}
	return ""
}

var languageSplit = regexp.MustCompile(`[,;/\n|]+|\s+(?:and|và)\s+`)

// wholeNumber reads "8", "8.0" (XLSX numbers) or " 8 ".
func wholeNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return int64(f), true
	}
	return 0, false
}

var sideWords = map[string]string{
	"host": data.SideHost, "hosts": data.SideHost, "h": data.SideHost, "local": data.SideHost, "local enterprise": data.SideHost,
	"seller": data.SideHost, "exhibitor": data.SideHost, "chu nha": data.SideHost, "doanh nghiep chu nha": data.SideHost,
	"ben chu nha": data.SideHost, "dia phuong": data.SideHost, "doanh nghiep dia phuong": data.SideHost, "doanh nghiep": data.SideHost,
	"guest": data.SideGuest, "guests": data.SideGuest, "g": data.SideGuest, "visitor": data.SideGuest, "delegate": data.SideGuest,
	"delegation": data.SideGuest, "foreign": data.SideGuest, "foreign partner": data.SideGuest, "buyer": data.SideGuest,
	"khach": data.SideGuest, "khach moi": data.SideGuest, "doan khach": data.SideGuest, "ben khach": data.SideGuest,
	"doi tac": data.SideGuest, "doi tac nuoc ngoai": data.SideGuest, "doi tac khach": data.SideGuest,
}

func participantSide(cell string) string {
	return sideWords[headerKey(cell)]
}

var yesWords = map[string]bool{"yes": true, "y": true, "true": true, "1": true, "x": true, "co": true, "oui": true, "ja": true,
	"no": false, "n": false, "false": false, "0": false, "khong": false, "non": false, "nein": false, "-": false}

func yesNo(cell string) (bool, bool) {
	k := headerKey(cell)
	if k == "" {
		k = strings.TrimSpace(cell) // "-"
	}
	b, ok := yesWords[k]
	return b, ok
}

// slotIndex finds an event's slots by local time.
type slotIndex struct {
	loc   *time.Location
	slots []data.Slot
	days  []time.Time // distinct local dates, in order
}

func newSlotIndex(ev data.EventFields) slotIndex {
	ix := slotIndex{loc: ev.Location(), slots: ev.Slots}
	seen := map[time.Time]bool{}
	for _, sl := range ev.Slots {
		t := sl.Start.In(ix.loc)
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, ix.loc)
		if !seen[d] {
			seen[d] = true
			ix.days = append(ix.days, d)
		}
	}
	sort.Slice(ix.days, func(a, b int) bool { return ix.days[a].Before(ix.days[b]) })
	return ix
}

var (
	rangeSep  = regexp.MustCompile(`\s*(?:-|–|—|~)\s*|\s+(?:to|until|đến|den|tới|toi)\s+`)
	clockRe   = regexp.MustCompile(`^(\d{1,2})(?:\s*(?::|\.|h|g|giờ)\s*(\d{2})?)?\s*(?:'|phút)?$`)
	isoDateRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(.*))?$`)
	// 11/12, 11/12/2026 or 11.12.2026 (a dotted pair is a time: 09.40).
	dmyDateRe  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?:[ ,]+(.*))?$`)
	dmyDotRe   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(.*))?$`)
	slotNumRe  = regexp.MustCompile(`^#\s*(\d+)$`)
	slotListRe = regexp.MustCompile(`[,;\n]+`)
)

// parse reads an available-slots cell into sorted, distinct slot indexes.
func (ix slotIndex) parse(cell string, xlsx, date1904 bool) ([]int, string) {
	set := map[int]bool{}
	for _, part := range slotListRe.Split(cell, -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		got, msg := ix.parsePart(part, xlsx, date1904)
		if msg != "" {
			return nil, msg
		}
		if got == nil { // "all"
			return nil, ""
		}
		for _, i := range got {
			set[i] = true
		}
	}
	out := make([]int, 0, len(set))
	for i := range set {
		out = append(out, i)
	}
	sort.Ints(out)
	return out, ""
}

// parsePart reads one item of the list; nil with no message means every slot.
func (ix slotIndex) parsePart(part string, xlsx, date1904 bool) ([]int, string) {
	if len(ix.slots) == 0 {
		return nil, "the event has no slots yet"
	}
	switch strings.ToLower(data.Fold(part)) {
	case "all", "any", "all day", "tat ca", "ca ngay", "bat ky", "*":
		return nil, ""
	case "morning", "am", "sang", "buoi sang":
		return ix.filter(func(i int, t time.Time) bool { return t.Hour() < 12 }, part)
	case "afternoon", "pm", "chieu", "buoi chieu":
		return ix.filter(func(i int, t time.Time) bool { return t.Hour() >= 12 }, part)
	}
	if m := slotNumRe.FindStringSubmatch(part); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(ix.slots) {
			return nil, fmt.Sprintf("slot %s is out of range: the event has slots #1 to #%d", part, len(ix.slots))
		}
		return []int{n - 1}, ""
	}
	if xlsx {
		// A time cell is a fraction of a day; a date-time cell a serial.
		if f, err := strconv.ParseFloat(part, 64); err == nil && f >= 0 {
			return ix.fromSerial(part, f, date1904)
		}
	}
	// An optional date in front restricts the item to that day.
	var day *time.Time
	rest := part
	if m := isoDateRe.FindStringSubmatch(part); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return nil, fmt.Sprintf("%q: %s is not a day/month date", part, m[1]+"/"+m[2])
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, ix.loc)
		day, rest = &t, m[4]
	} else if m := dmyMatch(part); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y := 0
		if m[3] != "" {
			y, _ = strconv.Atoi(m[3])
		} else if len(ix.days) > 0 {
			y = ix.days[0].Year()
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return nil, fmt.Sprintf("%q: %s is not a day/month date", part, m[1]+"/"+m[2])
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, ix.loc)
		day, rest = &t, m[4]
	}
	if day != nil && !ix.hasDay(*day) {
		return nil, fmt.Sprintf("%q: the event has no slots on %s", part, day.Format("2006-01-02"))
	}
	rest = strings.TrimSpace(rest)
	onDay := func(t time.Time) bool {
		return day == nil || (t.Year() == day.Year() && t.Month() == day.Month() && t.Day() == day.Day())
	}
	if rest == "" {
		if day == nil {
			return nil, fmt.Sprintf("%q is not a time, a range or a slot number", part)
		}
		return ix.filter(func(i int, t time.Time) bool { return onDay(t) }, part)
	}
	bounds := rangeSep.Split(rest, -1)
	switch len(bounds) {
	case 1:
		m, ok := clock(bounds[0])
		if !ok {
			return nil, fmt.Sprintf("%q is not a time such as 09:00, a range such as 09:00-10:00, or a slot number such as #3", part)
		}
		got, _ := ix.filter(func(i int, t time.Time) bool { return onDay(t) && t.Hour()*60+t.Minute() == m }, part)
		if len(got) == 0 {
			return nil, fmt.Sprintf("%q is not the start of any slot (slots start at %s)", part, ix.startsList())
		}
		return got, ""
	case 2:
		from, ok1 := clock(bounds[0])
		to, ok2 := clock(bounds[1])
		if !ok1 || !ok2 || to <= from {
			return nil, fmt.Sprintf("%q is not a range of times such as 09:00-10:00", part)
		}
		got, _ := ix.filter(func(i int, t time.Time) bool {
			start := t.Hour()*60 + t.Minute()
			return onDay(t) && start >= from && start+ix.slots[i].Minutes <= to
		}, part)
		if len(got) == 0 {
			return nil, fmt.Sprintf("%q holds no whole slot (slots start at %s)", part, ix.startsList())
		}
		return got, ""
	}
	return nil, fmt.Sprintf("%q is not a time, a range or a slot number", part)
}

func (ix slotIndex) fromSerial(part string, f float64, date1904 bool) ([]int, string) {
	if f < 1 {
		m := int(math.Round(f * 24 * 60))
		got, _ := ix.filter(func(i int, t time.Time) bool { return t.Hour()*60+t.Minute() == m }, part)
		if len(got) == 0 {
			return nil, fmt.Sprintf("%02d:%02d is not the start of any slot (slots start at %s)", m/60, m%60, ix.startsList())
		}
		return got, ""
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	mins := int(math.Round((f - days) * 24 * 60))
	d := base.AddDate(0, 0, int(days))
	got, _ := ix.filter(func(i int, t time.Time) bool {
		return t.Year() == d.Year() && t.Month() == d.Month() && t.Day() == d.Day() && t.Hour()*60+t.Minute() == mins
	}, part)
	if len(got) == 0 {
		return nil, fmt.Sprintf("%s %02d:%02d is not the start of any slot", d.Format("2006-01-02"), mins/60, mins%60)
	}
	return got, ""
}

// dmyMatch matches a day/month date in front of part: day, month, year
// ("" for the event's), rest.
func dmyMatch(part string) []string {
	if m := dmyDateRe.FindStringSubmatch(part); m != nil {
		return m
	}
	return dmyDotRe.FindStringSubmatch(part)
}

// filter returns the slots whose local start passes keep.
func (ix slotIndex) filter(keep func(i int, local time.Time) bool, part string) ([]int, string) {
	out := []int{}
	for i, sl := range ix.slots {
		if keep(i, sl.Start.In(ix.loc)) {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Sprintf("%q matches no slot of the event", part)
	}
	return out, ""
}

func (ix slotIndex) hasDay(d time.Time) bool {
	for _, x := range ix.days {
		if x.Equal(d) {
			return true
		}
	}
	return false
}

// startsList is the distinct local start times of the slots, for messages.
func (ix slotIndex) startsList() string {
	seen := map[string]bool{}
	var out []string
	for _, sl := range ix.slots {
		s := sl.Start.In(ix.loc).Format("15:04")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	if len(out) > 8 {
		out = append(out[:8], "...")
	}
	return strings.Join(out, ", ")
}

// clock reads a time of day ("09:00", "9:20", "9h", "9h20", "09.40",
// "9 giờ 20") as minutes since midnight.
func clock(s string) (int, bool) {
	m := clockRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mins := 0
	if m[2] != "" {
		mins, _ = strconv.Atoi(m[2])
	}
	if h > 24 || mins > 59 || (h == 24 && mins > 0) {
		return 0, false
	}
	return h*60 + mins, true
}
