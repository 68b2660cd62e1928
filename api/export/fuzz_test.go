package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"
)

// FuzzWriters: whatever the names and titles hold, the spreadsheet and
// calendar files open again and keep the (cleaned) text.
func FuzzWriters(f *testing.F) {
	f.Add("Công ty Đông Hải", "=1+1", "한빛")
	f.Add("\x00\x1b[31mred\u200b", "a\r\nb\tc", "\xff\xfe")
	f.Add("\uFFFE\uFFFF", "@x", "-")
	f.Add(strings.Repeat("Ngô ", 300), "", ";,\\\"")
	f.Fuzz(func(t *testing.T, host, title, guest string) {
		s := testSchedule()
		s.Meetings[0].Host.Name, s.Meetings[0].NeedTitle, s.Meetings[0].Guest.Name = host, title, guest
		s.Event.Name = title

		var x bytes.Buffer
		if err := WriteXLSX(&x, s, "vi"); err != nil {
			t.Fatal(err)
		}
		wb, err := excelize.OpenReader(&x)
		if err != nil {
			t.Fatalf("XLSX does not open: %v", err)
		}
		got, _ := wb.GetCellValue(wb.GetSheetList()[0], "C2")
		wb.Close()
		if got != clean(host) {
			t.Fatalf("host cell %q, want %q", got, clean(host))
		}

		var c bytes.Buffer
		if err := WriteCSV(&c, s, "en"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(c.Bytes()[3:])).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v", err)
		}
		for _, r := range recs[1:] {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
					t.Fatalf("cell %q starts a formula", cell)
				}
			}
		}

		var i bytes.Buffer
		if err := WriteICS(&i, s, s.Meetings[0].Guest.OrgID, "en"); err != nil {
			t.Fatal(err)
		}
		cal, err := ics.ParseCalendar(&i)
		if err != nil {
			t.Fatalf("ICS does not parse: %v", err)
		}
		if len(cal.Events()) == 0 {
			t.Fatal("no events")
		}
	})
}
