package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// The whole schedule as a spreadsheet (WriteXLSX) or one CSV table
// (WriteCSV). Both have the same schedule rows; the CSV adds a date column
// in front since it has no sheet per day.

// scheduleHeader is the header of a day sheet.
func scheduleHeader(l *labels) []string {
	return []string{l.Time, l.Table, l.Host, l.HostCountry, l.Guest, l.GuestCountry,
		l.Delegation, l.Interpreter, l.Need, l.Offer, l.Status}
}

// scheduleRow is one meeting as a day sheet row; the table is a number.
func (p *prepared) scheduleRow(l *labels, m Meeting) []any {
	return []any{p.slotTimes(m.Slot), m.Table, clean(m.Host.Name), l.country(m.Host.Country),
		clean(m.Guest.Name), l.country(m.Guest.Country), clean(delegation(m)),
		l.yesNo(m.InterpreterNeeded), clean(m.NeedTitle), clean(m.OfferTitle), l.status(m)}
}

func unplacedHeader(l *labels) []string {
	return []string{l.Host, l.HostCountry, l.Guest, l.GuestCountry, l.Delegation, l.Reason}
}

func unplacedRow(l *labels, u Unplaced) []any {
	d := u.Guest.Delegation
	if d == "" {
		d = u.Host.Delegation
	}
	return []any{clean(u.Host.Name), l.country(u.Host.Country), clean(u.Guest.Name),
		l.country(u.Guest.Country), clean(d), l.reason(u.Reason)}
}

// participantsHeader names its columns so that the sheet reads back through
// ReadParticipants.
func participantsHeader(l *labels) []string {
	return []string{l.Organization, l.OrgID, l.Side, l.Country, l.Delegation, l.Languages,
		l.BringsInterpreter, l.MaxMeetings, l.AvailableSlots, l.Meetings, l.UnplacedCount}
}

func (p *prepared) participantRows(l *labels) [][]any {
	meetings, unplaced := map[uint64]int{}, map[uint64]int{}
	for _, m := range p.Meetings {
		if !m.Cancelled() {
			meetings[m.Host.OrgID]++
			meetings[m.Guest.OrgID]++
		}
	}
	for _, u := range p.Unplaced {
		unplaced[u.Host.OrgID]++
		unplaced[u.Guest.OrgID]++
	}
	parties := p.Participants
	if len(parties) == 0 {
		// No participant list: the ones the meetings name, hosts first.
		seen := map[uint64]bool{}
		for _, side := range []string{SideHost, SideGuest} {
			for _, m := range p.sortedMeetings(nil) {
				q := m.Host
				if side == SideGuest {
					q = m.Guest
				}
				if !seen[q.OrgID] {
					seen[q.OrgID] = true
					parties = append(parties, q)
				}
			}
		}
	}
	rows := make([][]any, 0, len(parties))
	for _, q := range parties {
		rows = append(rows, []any{clean(q.Name), q.OrgID, l.side(q.Side), l.country(q.Country),
			clean(q.Delegation), strings.Join(q.Languages, ", "), l.yesNo(q.BringsInterpreter),
			q.MaxMeetings, p.availability(l, q.AvailableSlots), meetings[q.OrgID], unplaced[q.OrgID]})
	}
	return rows
}

// availability writes a party's available slots the way the participant
// sheet reader takes them back: "all", or runs of consecutive slots as time
// ranges ("09:00–10:00"), each after its date when the event has several
// days ("2026-12-11 09:00–10:00").
func (p *prepared) availability(l *labels, slots []int) string {
	if len(slots) == 0 {
		return l.AllSlots
	}
	avail := map[int]bool{}
	for _, i := range slots {
		if i >= 0 && i < len(p.Event.Slots) {
			avail[i] = true
		}
	}
	var parts []string
	for _, d := range p.days {
		for k := 0; k < len(d.slots); k++ {
			if !avail[d.slots[k]] {
				continue
			}
			j := k
			for j+1 < len(d.slots) && avail[d.slots[j+1]] {
				j++
			}
			first, last := p.Event.Slots[d.slots[k]], p.Event.Slots[d.slots[j]]
			part := first.Start.In(p.loc).Format("15:04") + "-" + last.End().In(p.loc).Format("15:04")
			if len(p.days) > 1 {
				part = d.date.Format("2006-01-02") + " " + part
			}
			parts = append(parts, part)
			k = j
		}
	}
	return strings.Join(parts, ", ")
}

// WriteXLSX writes the whole schedule as an Excel workbook: one sheet per
// day of the event (in the event's time zone), a sheet of the pairs that
// could not be placed with their reasons, and a sheet of participants with
// their meeting counts. Headers are in English, or Vietnamese for lang
// "vi"; the header row is frozen and filterable, columns are sized to
// their contents, and pages print landscape, one page wide. Cancelled
// meetings stay on their day, greyed, with their status.
func WriteXLSX(w io.Writer, s Schedule, lang string) error {
	p, err := prepare(s)
	if err != nil {
		return err
	}
	l := labelsFor(lang)
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	byDay := make([][]Meeting, len(p.days))
	for _, m := range p.sortedMeetings(nil) {
		byDay[p.dayOf[m.Slot]] = append(byDay[p.dayOf[m.Slot]], m)
	}
	var sheets []string
	for i, d := range p.days {
		sheets = append(sheets, l.SheetDay(i+1, d.date))
	}
	if len(sheets) == 0 {
		sheets = append(sheets, l.SheetSchedule)
		byDay = append(byDay, nil)
	}
	title := clean(s.Event.Name)
	for i, name := range sheets {
		rows := make([][]any, 0, len(byDay[i]))
		for _, m := range byDay[i] {
			rows = append(rows, p.scheduleRow(l, m))
		}
		if err := writeSheet(f, st, i == 0, name, scheduleHeader(l), rows, []int{2}, title, p.Provisional, l); err != nil {
			return err
		}
		// Cancelled meetings greyed and struck through.
		for k, m := range byDay[i] {
			if r, cell := k+2, "B"+strconv.Itoa(k+2); m.Cancelled() {
				if err := f.SetRowStyle(name, r, r, st.cancelled); err != nil {
					return err
				}
				if err := f.SetCellStyle(name, cell, cell, st.centerCancelled); err != nil {
					return err
				}
			}
		}
	}
	unplaced := make([][]any, 0, len(s.Unplaced))
	for _, u := range s.Unplaced {
		unplaced = append(unplaced, unplacedRow(l, u))
	}
	if err := writeSheet(f, st, false, l.SheetUnplaced, unplacedHeader(l), unplaced, nil, title, p.Provisional, l); err != nil {
		return err
	}
	if err := writeSheet(f, st, false, l.SheetParticipants, participantsHeader(l), p.participantRows(l), []int{2, 8, 10, 11}, title, p.Provisional, l); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	docTitle := title
	if p.Provisional {
		docTitle += " (" + l.Provisional + ")"
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: docTitle, Creator: "techmatch",
		Language: map[bool]string{true: "vi-VN", false: "en-US"}[isVietnamese(lang)]}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

type sheetStyles struct{ header, cancelled, center, centerCancelled int }

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var st sheetStyles
	var err error
	// Fonts named like the workbook's default, or LibreOffice falls back
	// to a serif face for styled cells.
	font := func(f excelize.Font) *excelize.Font {
		f.Family, f.Size = "Calibri", 11
		return &f
	}
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      font(excelize.Font{Bold: true}),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F0"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F8C99", Style: 1}},
	})
	if err != nil {
		return st, err
	}
	grey := excelize.Font{Color: "8C8C8C", Strike: true}
	if st.cancelled, err = f.NewStyle(&excelize.Style{Font: font(grey)}); err != nil {
		return st, err
	}
	center := &excelize.Alignment{Horizontal: "center"}
	if st.center, err = f.NewStyle(&excelize.Style{Font: font(excelize.Font{}), Alignment: center}); err != nil {
		return st, err
	}
	st.centerCancelled, err = f.NewStyle(&excelize.Style{Font: font(grey), Alignment: center})
	return st, err
}

// writeSheet writes one table: header in row 1 (frozen, bold, filter),
// rows below, columns sized to their widest cell; the numbers of the
// center columns (1-based) centred, so they do not touch the text beside.
func writeSheet(f *excelize.File, st sheetStyles, first bool, name string, header []string, rows [][]any, center []int, title string, provisional bool, l *labels) error {
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	widths := make([]int, len(header))
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
		widths[i] = displayWidth(h)
	}
	if err := f.SetSheetRow(name, "A1", &hdr); err != nil {
		return err
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			return err
		}
		for i, v := range row {
			if i < len(widths) {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case int:
					s = strconv.Itoa(v)
				case uint64:
					s = strconv.FormatUint(v, 10)
				}
				widths[i] = max(widths[i], displayWidth(s))
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetRowStyle(name, 1, 1, st.header); err != nil {
		return err
	}
	if len(rows) > 0 {
		for _, c := range center {
			col, _ := excelize.ColumnNumberToName(c)
			if err := f.SetCellStyle(name, col+"2", col+strconv.Itoa(len(rows)+1), st.center); err != nil {
				return err
			}
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		// A little room for the filter button; long titles stop at 60.
		if err := f.SetColWidth(name, col, col, float64(min(max(wd+4, 8), 60))); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+last+strconv.Itoa(max(len(rows)+1, 2)), nil); err != nil {
		return err
	}
	landscape, one, zero, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	head := "&L" + escapeHeaderFooter(title) + "&C" + escapeHeaderFooter(name)
	if provisional {
		head += "&R&B" + escapeHeaderFooter(l.Provisional)
	}
	return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddHeader: head, OddFooter: "&R&P / &N"})
}

// escapeHeaderFooter doubles '&', the code character of Excel's print
// headers, and caps the length Excel accepts (255 in all).
func escapeHeaderFooter(s string) string {
	s = strings.ReplaceAll(s, "&", "&&")
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80])
	}
	return s
}

// displayWidth approximates a cell's width in Excel's character units:
// wide (CJK, Hangul) characters count two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// WriteCSV writes the schedule rows of all days as one CSV table: UTF-8
// with a byte-order mark (so Excel reads Vietnamese and Korean correctly),
// CRLF line ends, a header row, then a date column (YYYY-MM-DD in the
// event's time zone) before the columns of the XLSX day sheets. A cell that
// a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
// a line break) is prefixed with an apostrophe.
func WriteCSV(w io.Writer, s Schedule, lang string) error {
	p, err := prepare(s)
	if err != nil {
		return err
	}
	l := labelsFor(lang)
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(append([]string{l.Date}, scheduleHeader(l)...)); err != nil {
		return err
	}
	for _, m := range p.sortedMeetings(nil) {
		row := p.scheduleRow(l, m)
		rec := make([]string, 0, len(row)+1)
		rec = append(rec, p.Event.Slots[m.Slot].Start.In(p.loc).Format("2006-01-02"))
		for _, v := range row {
			switch v := v.(type) {
			case string:
				rec = append(rec, safeCell(v))
			case int:
				rec = append(rec, strconv.Itoa(v))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell neutralizes a text cell that spreadsheets would evaluate as a
// formula (OWASP "CSV injection"): such a cell gets a leading apostrophe,
// which Excel and LibreOffice show as text. Full-width '＝', '＋', '－'
// and '＠' count too: some spreadsheet applications normalize them.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}
