package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, s Schedule, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, s, lang); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("EXPORT_KEEP"); dir != "" {
		name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + "-" + lang + ".xlsx"
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot open our file: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v", sheet, err)
	}
	return r
}

// column returns the index of a header cell, failing the test without it.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, header)
	return -1
}

func TestWriteXLSX(t *testing.T) {
	t.Run("SheetsEnglish", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "en")
		want := []string{"Day 1 (2026-12-10)", "Day 2 (2026-12-11)", "Unplaced", "Participants"}
		if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("sheets = %q, want %q", got, want)
		}
	})
	t.Run("SheetsVietnamese", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "vi")
		want := []string{"Ngày 1 (10-12-2026)", "Ngày 2 (11-12-2026)", "Chưa xếp lịch", "Đơn vị tham gia"}
		if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("sheets = %q, want %q", got, want)
		}
		r := rows(t, f, want[0])
		if r[0][0] != "Thời gian" || r[0][1] != "Bàn" {
			t.Errorf("Vietnamese header = %q", r[0])
		}
		// Countries in Vietnamese too.
		if got := r[1][column(t, r[0], "Quốc gia khách")]; got != "Hàn Quốc" {
			t.Errorf("guest country = %q, want Hàn Quốc", got)
		}
	})
	t.Run("DaySheetRows", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "en")
		r := rows(t, f, "Day 1 (2026-12-10)")
		h := r[0]
		if len(r) != 6 { // header + meetings 101..105
			t.Fatalf("day 1 has %d rows, want 6:\n%q", len(r), r)
		}
		first := r[1]
		checks := map[string]string{"Time": "09:00–09:20", "Table": "1", "Host": "Công ty Cổ phần Cơ khí Đông Hải",
			"Guest": "한빛로보틱스 주식회사", "Delegation": "Korea", "Interpreter needed": "Yes",
			"Need": "Tự động hóa dây chuyền hàn khung thép", "Offer": "협동 로봇 용접 셀 (Collaborative welding cell)",
			"Status": "Scheduled"}
		for col, want := range checks {
			if got := first[column(t, h, col)]; got != want {
				t.Errorf("%s = %q, want %q", col, got, want)
			}
		}
		// Table is a number cell, not text.
		if typ, _ := f.GetCellType("Day 1 (2026-12-10)", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("table cell type = %v, want a number", typ)
		}
		last := r[5]
		if last[column(t, h, "Time")] != "10:00–10:20" || last[column(t, h, "Status")] != "Cancelled" {
			t.Errorf("cancelled meeting row = %q", last)
		}
		// XLSX cells are text cells: a formula-looking title is kept as typed.
		if got := r[2][column(t, h, "Offer")]; !strings.HasPrefix(got, "=HYPERLINK") {
			t.Errorf("offer = %q", got)
		}
		if formula, _ := f.GetCellFormula("Day 1 (2026-12-10)", "J3"); formula != "" {
			t.Errorf("J3 became a formula: %q", formula)
		}
	})
	t.Run("FrozenHeaderAndWidths", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "en")
		for _, sheet := range f.GetSheetList() {
			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("%s: panes = %+v, want row 1 frozen", sheet, panes)
			}
		}
		host, _ := f.GetColWidth("Day 1 (2026-12-10)", "C")
		table, _ := f.GetColWidth("Day 1 (2026-12-10)", "B")
		if host < 30 || table > 12 || table < 8 {
			t.Errorf("widths: host %v, table %v", host, table)
		}
	})
	t.Run("UnplacedWithReason", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "en")
		r := rows(t, f, "Unplaced")
		if len(r) != 3 || r[1][column(t, r[0], "Reason")] != "no free slot common to both" ||
			r[2][column(t, r[0], "Reason")] != "the organizer's own words" ||
			r[1][column(t, r[0], "Guest")] != "Müller Präzisionstechnik GmbH" {
			t.Fatalf("unplaced = %q", r)
		}
	})
	t.Run("ParticipantsMeetingCounts", func(t *testing.T) {
		f := openXLSX(t, testSchedule(), "en")
		r := rows(t, f, "Participants")
		if len(r) != 8 {
			t.Fatalf("%d rows, want header + 7", len(r))
		}
		counts := map[string]string{}
		for _, row := range r[1:] {
			counts[row[0]] = row[column(t, r[0], "Meetings")]
		}
		// Hanbit: 101, 107 (105 is cancelled); Dong Hai: 101, 104, 106.
		if counts["한빛로보틱스 주식회사"] != "2" || counts["Công ty Cổ phần Cơ khí Đông Hải"] != "3" ||
			counts["Société Lumière Verte"] != "1" {
			t.Errorf("meeting counts = %v", counts)
		}
	})
	t.Run("NoSlots", func(t *testing.T) {
		s := testSchedule()
		s.Event.Slots, s.Meetings, s.Unplaced = nil, nil, nil
		f := openXLSX(t, s, "en")
		if got := f.GetSheetList(); strings.Join(got, "|") != "Schedule|Unplaced|Participants" {
			t.Errorf("sheets = %q", got)
		}
	})
}

func readCSV(t *testing.T, s Schedule, lang string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s, lang); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark: Excel would read the file as ANSI")
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestWriteCSV(t *testing.T) {
	t.Run("HeaderAndRows", func(t *testing.T) {
		recs := readCSV(t, testSchedule(), "en")
		want := "Date,Time,Table,Host,Host country,Guest,Guest country,Delegation,Interpreter needed,Need,Offer,Status"
		if got := strings.Join(recs[0], ","); got != want {
			t.Fatalf("header = %s", got)
		}
		if len(recs) != 8 {
			t.Fatalf("%d records, want header + 7 meetings", len(recs))
		}
		if recs[1][0] != "2026-12-10" || recs[1][5] != "한빛로보틱스 주식회사" || recs[7][0] != "2026-12-11" {
			t.Errorf("rows: %q ... %q", recs[1], recs[7])
		}
	})
	t.Run("FormulaInjectionNeutralized", func(t *testing.T) {
		recs := readCSV(t, testSchedule(), "en")
		h := recs[0]
		byID := map[string][]string{}
		for _, r := range recs[1:] {
			byID[r[0]+" "+r[column(t, h, "Time")]+"/"+r[column(t, h, "Table")]] = r
		}
		for _, c := range []struct{ key, col, want string }{
			{"2026-12-10 09:00–09:20/2", "Offer", `'=HYPERLINK("http://evil.example","click")`},
			{"2026-12-10 09:20–09:40/1", "Offer", "'@SUM(A1:A9)"},
			{"2026-12-10 09:20–09:40/1", "Need", "'+Capteurs de qualité de l'eau"},
			{"2026-12-10 09:40–10:00/3", "Need", "'-Gia công CNC chính xác"},
		} {
			if got := byID[c.key][column(t, h, c.col)]; got != c.want {
				t.Errorf("%s %s = %q, want %q", c.key, c.col, got, c.want)
			}
		}
		for _, r := range recs[1:] {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q starts a formula", cell)
				}
			}
		}
	})
	t.Run("SafeCell", func(t *testing.T) {
		for in, want := range map[string]string{"=1+1": "'=1+1", "\tx": "'\tx", "\r=x": "'\r=x",
			"＝1": "'＝1", "Đông Hải": "Đông Hải", "": "", "a=b": "a=b", "'=x": "'=x"} {
			if got := safeCell(in); got != want {
				t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
			}
		}
	})
	t.Run("Vietnamese", func(t *testing.T) {
		recs := readCSV(t, testSchedule(), "vi")
		if recs[0][0] != "Ngày" || recs[1][column(t, recs[0], "Cần phiên dịch")] != "Có" {
			t.Errorf("header %q row %q", recs[0], recs[1])
		}
	})
}
