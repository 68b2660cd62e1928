package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// badFields maps each reported row to its fields, joined by ",".
func badFields(bad []ingest.RowError) map[int]string {
	m := map[int]string{}
	for _, b := range bad {
		var fs []string
		for _, f := range b.Fields {
			fs = append(fs, f.Field)
		}
		m[b.Line] = strings.Join(fs, ",")
	}
	return m
}

func checkBad(t *testing.T, bad []ingest.RowError, want map[int]string) {
	t.Helper()
	got := badFields(bad)
	if len(got) != len(want) {
		t.Errorf("bad rows %v, want %v (%v)", got, want, bad)
		return
	}
	for line, field := range want {
		if f, ok := got[line]; !ok || f != field {
			t.Errorf("row %d: fields %q, want %q (%v)", line, f, field, bad)
		}
	}
}

func listing(it data.ImportItem) data.Listing {
	if it.Offer != nil {
		return it.Offer.Listing
	}
	return it.Need.Listing
}

// byID indexes items by their external id.
func byID(items []data.ImportItem) map[string]data.ImportItem {
	m := map[string]data.ImportItem{}
	for _, it := range items {
		m[listing(it).ExternalID] = it
	}
	return m
}

// registrations is a sheet as organizers write one: aliased headers,
// messy values, Vietnamese text, and three bad rows (4, 5 and 6).
var registrations = [][]string{
	{"ID", "Type", "Title", "Description", "Organisation", "Country", "TRL", "Partnership", "Keywords", "Markets", "Phone"},
	{"o-1", "Technology offer", "Shore power converter", "50/60 Hz", "Volt GmbH", "Germany", "TRL 7", "License; Co-development", "shore power; converters, ports\ngrid", "USA (offices in Poland, South Korea); Japan", "+49 1"},
	{"n-1", "Cầu", "Xử lý nước dằn tàu", "Cần hệ thống xử lý nước dằn", "Xưởng tàu Sông Cấm", "Việt Nam", "6", "chuyển giao công nghệ", "nước dằn", "", ""},
	{"bad-title", "Offer", "", "no title", "Alpha Co", "VN", "", "", "", "", ""},
	{"bad-kind", "Banana", "Kind is wrong", "", "Alpha Co", "VN", "", "", "", "", ""},
	{"bad-trl", "Offer", "TRL out of range", "", "Alpha Co", "VN", "TRL 12", "", "", "", ""},
	{"o-2", "Cung", "Cảm biến độ mặn", "", "Viện Hải dương học", "vn", "", "", "", "", ""},
}

var registrationsBad = map[int]string{4: "title", 5: "kind", 6: "trl"}

// checkRegistrations checks the items read from registrations.
func checkRegistrations(t *testing.T, items []data.ImportItem, bad []ingest.RowError) {
	t.Helper()
	checkBad(t, bad, registrationsBad)
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	m := byID(items)
	o := m["o-1"]
	if o.Offer == nil || o.Offer.TRL != 7 || o.Org.Name != "Volt GmbH" || o.Org.Country != "DE" {
		t.Fatalf("o-1: %+v org %+v", o.Offer, o.Org)
	}
	if !slices.Contains(o.Offer.Cooperation, data.CoopLicense) || len(o.Offer.Cooperation) < 2 {
		t.Errorf("o-1 cooperation %v", o.Offer.Cooperation)
	}
	if got := strings.Join(o.Offer.Keywords, "|"); got != "shore power|converters|ports|grid" {
		t.Errorf("o-1 keywords %q", got)
	}
	if got := strings.Join(o.Offer.Markets, ","); got != "US,JP" {
		t.Errorf("o-1 markets %q (a comma inside brackets must not split)", got)
	}
	n := m["n-1"]
	if n.Need == nil || n.Need.MinTRL != 6 || n.Org.Country != "VN" || len(n.Need.Cooperation) == 0 {
		t.Fatalf("n-1: %+v org %+v", n.Need, n.Org)
	}
	if n.Need.Title != "Xử lý nước dằn tàu" || n.Org.Name != "Xưởng tàu Sông Cấm" {
		t.Errorf("Vietnamese text changed: %q / %q", n.Need.Title, n.Org.Name)
	}
	if o2 := m["o-2"]; o2.Offer == nil || o2.Org.Country != "VN" || o2.Org.Kind != data.OrgResearch {
		t.Errorf("o-2: %+v org %+v", o2.Offer, o2.Org)
	}
}

// csvText writes rows as CSV with the separator and line end given.
func csvText(rows [][]string, sep, eol string) string {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteString(sep)
			}
			if strings.ContainsAny(c, sep+"\"\n\r") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString(eol)
	}
	return b.String()
}

func TestTable_CSVRegistrations(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"comma LF", csvText(registrations, ",", "\n")},
		{"BOM CRLF", "\ufeff" + csvText(registrations, ",", "\r\n")},
		{"semicolon", csvText(registrations, ";", "\r\n")},
		{"tab", csvText(registrations, "\t", "\n")},
		{"CR only", csvText(registrations, ",", "\r")},
		{"no final newline", strings.TrimSuffix(csvText(registrations, ",", "\r\n"), "\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, bad, err := ingest.ReadCSV(strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			checkRegistrations(t, items, bad)
		})
	}
}

func TestTable_CSVUTF16(t *testing.T) {
	text := csvText(registrations, "\t", "\r\n")
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xfe})
	for _, r := range text { // all of it is in the Basic Multilingual Plane
		b.Write([]byte{byte(r), byte(r >> 8)})
	}
	items, bad, err := ingest.ReadCSV(&b)
	if err != nil {
		t.Fatal(err)
	}
	checkRegistrations(t, items, bad)
}

func TestTable_CSVRowNumbers(t *testing.T) {
	in := "id,kind,title,org\r\n" +
		"a,offer,First offer,Alpha\r\n" +
		"\r\n" + // a blank row: skipped, counted
		"b,offer,\"Second offer\nspanning lines\",Alpha\r\n" + // one row, two lines
		"c,offer,,Alpha\r\n" + // row 5: no title
		"d,offer,Ragged short row\r\n" + // short rows are padded
		"e,offer,Shifted, cells,Alpha\r\n" + // row 7: a value beyond the header
		"f,offer,Trailing empty cells,Alpha,,\r\n" +
		"g,offer,Broken \xff\xfe bytes,Alpha\r\n" + // row 9
		"h,offer,Bare \"quote in a cell,Alpha\r\n" + // row 10
		"i,offer,Last offer,Alpha\r\n"
	items, bad, err := ingest.ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	checkBad(t, bad, map[int]string{5: "title", 7: "", 9: "title", 10: ""})
	var ids []string
	for _, it := range items {
		ids = append(ids, listing(it).ExternalID)
	}
	if got := strings.Join(ids, ","); got != "a,b,d,f,i" {
		t.Fatalf("loaded %s", got)
	}
	if got := listing(items[2]); got.Title != "Ragged short row" {
		t.Errorf("ragged row: %+v", got)
	}
	for _, b := range bad {
		if b.Line == 9 && !strings.Contains(b.Error(), "UTF-8") {
			t.Errorf("row 9: %v", b)
		}
	}
}

func TestTable_CSVEmptyAndHeaderErrors(t *testing.T) {
	for _, in := range []string{"", "\ufeff", "\r\n\r\n", "id,kind,title\r\n", "id,kind,title\n\n,,\n"} {
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil || len(items) != 0 || len(bad) != 0 {
			t.Errorf("%q: %d items, bad %v, err %v", in, len(items), bad, err)
		}
	}
	for in, missing := range map[string]string{
		"id,kind,name,org\na,offer,Something,Alpha\n":      `"title"`,
		"id,title,org\na,Something,Alpha\n":                `"kind"`,
		"STT,Tên,Đơn vị\n1,Cảm biến,Viện\n":                `"title" or "kind"`,
		"Registration list Techmart 2026\nid,kind,title\n": `"title" or "kind"`,
	} {
		_, _, err := ingest.ReadCSV(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), missing+" column") || data.ErrorCode(err) != data.EINVALID {
			t.Errorf("%q: err %v, want one naming %s", in, err, missing)
		}
	}
}

func TestTable_HeaderAliases(t *testing.T) {
	for _, tc := range []struct {
		header, cell string
		check        func(data.ImportItem) bool
	}{
		{"Organization", "Beta Ltd", func(it data.ImportItem) bool { return it.Org.Name == "Beta Ltd" }},
		{"Organisation name", "Beta Ltd", func(it data.ImportItem) bool { return it.Org.Name == "Beta Ltd" }},
		{"Tên tổ chức / Organization", "Beta Ltd", func(it data.ImportItem) bool { return it.Org.Name == "Beta Ltd" }},
		{"COUNTRY", "Việt Nam", func(it data.ImportItem) bool { return it.Org.Country == "VN" }},
		{"Quốc gia", "Hàn Quốc", func(it data.ImportItem) bool { return it.Org.Country == "KR" }},
		{"org_country", "Korea", func(it data.ImportItem) bool { return it.Org.Country == "KR" }},
		{"Organisation type", "University", func(it data.ImportItem) bool { return it.Org.Kind == data.OrgUniversity }},
		{"Org kind", "Company", func(it data.ImportItem) bool { return it.Org.Kind == data.OrgEnterprise }},
		{"TRL (1-9)", "TRL 5", func(it data.ImportItem) bool { return it.Offer.TRL == 5 }},
		{"Technology Readiness Level", "8", func(it data.ImportItem) bool { return it.Offer.TRL == 8 }},
		{" Key words ", "a\nb", func(it data.ImportItem) bool { return len(it.Offer.Keywords) == 2 }},
		{"Từ khóa", "a, b; c", func(it data.ImportItem) bool { return len(it.Offer.Keywords) == 3 }},
		{"Description", "Long text", func(it data.ImportItem) bool { return it.Offer.Description == "Long text" }},
		{"Mô tả (Description)", "Long text", func(it data.ImportItem) bool { return it.Offer.Description == "Long text" }},
		{"Type of partnership sought", "Licence agreement", func(it data.ImportItem) bool { return slices.Contains(it.Offer.Cooperation, data.CoopLicense) }},
		{"Target markets", "Japan, Korea", func(it data.ImportItem) bool { return len(it.Offer.Markets) == 2 }},
		{"Language", "Vietnamese", func(it data.ImportItem) bool { return it.Offer.Language == "vi" }},
		{"Status", "Draft", func(it data.ImportItem) bool { return it.Offer.Status == data.StatusDraft }},
		{"Ref.", "R-77", func(it data.ImportItem) bool { return it.Offer.ExternalID == "R-77" }},
		{"Expiry date", "2026-12-31", func(it data.ImportItem) bool {
			return it.Offer.ExpiresAt != nil && it.Offer.ExpiresAt.Equal(time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC))
		}},
		{"Unknown column", "whatever", func(it data.ImportItem) bool { return it.Offer != nil }},
	} {
		in := csvText([][]string{{"Kind", "Title", tc.header}, {"offer", "Some technology", tc.cell}}, ",", "\n")
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil || len(bad) != 0 || len(items) != 1 || !tc.check(items[0]) {
			t.Errorf("header %q cell %q: items %+v, bad %v, err %v", tc.header, tc.cell, items, bad, err)
		}
	}
	// Title and kind under other names.
	for _, header := range [][]string{
		{"Loại", "Tên công nghệ"},
		{"Offer/Need", "Technology title"},
		{"Record type", "Tiêu đề"},
		{"type", "Title*"},
	} {
		in := csvText([][]string{header, {"Technology request", "Some technology"}}, ",", "\n")
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil || len(bad) != 0 || len(items) != 1 || items[0].Need == nil || items[0].Need.Title != "Some technology" {
			t.Errorf("header %q: items %+v, bad %v, err %v", header, items, bad, err)
		}
	}
	// A column named "kind" wins over "Type".
	in := "Type,Kind,Title\nHardware,need,Some technology\n"
	if items, bad, err := ingest.ReadCSV(strings.NewReader(in)); err != nil || len(bad) != 0 || len(items) != 1 || items[0].Need == nil {
		t.Errorf("kind and type: items %+v, bad %v, err %v", items, bad, err)
	}
}

func TestTable_KindValues(t *testing.T) {
	for cell, want := range map[string]string{
		"offer": "offer", "Offer": "offer", "OFFERS": "offer", "Technology offer": "offer", "Tech Offer": "offer",
		"Cung": "offer", "cung công nghệ": "offer", "TO": "offer", "Offer (technology)": "offer",
		"need": "need", "Need": "need", "Technology request": "need", "Request": "need", "Demand": "need",
		"Cầu": "need", "Nhu cầu": "need", "nhu cầu công nghệ": "need", "TR": "need", "RDR": "need",
		"Banana": "", "Cung/Cầu": "", "Offer or need": "",
	} {
		in := csvText([][]string{{"kind", "title"}, {cell, "Some technology"}}, ",", "\n")
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(items) == 1 && items[0].Offer != nil {
			got = "offer"
		} else if len(items) == 1 {
			got = "need"
		} else if len(bad) != 1 || badFields(bad)[2] != "kind" {
			t.Errorf("%q: bad %v", cell, bad)
		}
		if got != want {
			t.Errorf("kind %q read as %q, want %q", cell, got, want)
		}
	}
}

func TestTable_CSVDates(t *testing.T) {
	eod := func(y int, m time.Month, d int) *time.Time {
		t := time.Date(y, m, d, 23, 59, 59, 0, time.UTC)
		return &t
	}
	at := func(s string) *time.Time {
		t, _ := time.Parse(time.RFC3339, s)
		return &t
	}
	for cell, want := range map[string]*time.Time{
		"":                          nil,
		"n/a":                       nil,
		"2026-12-31":                eod(2026, 12, 31),
		"2026/1/5":                  eod(2026, 1, 5),
		"31/12/2026":                eod(2026, 12, 31),
		"31.12.2026":                eod(2026, 12, 31),
		"12/31/2026":                eod(2026, 12, 31),
		"5/5/2026":                  eod(2026, 5, 5),
		"2026-12-31T18:00:00+07:00": at("2026-12-31T11:00:00Z"),
		"2026-12-31 18:00":          at("2026-12-31T18:00:00Z"),
	} {
		in := csvText([][]string{{"kind", "title", "expires_at"}, {"offer", "Some technology", cell}}, ",", "\n")
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil || len(bad) != 0 || len(items) != 1 {
			t.Errorf("%q: items %d, bad %v, err %v", cell, len(items), bad, err)
			continue
		}
		got := items[0].Offer.ExpiresAt
		if (got == nil) != (want == nil) || got != nil && !got.Equal(*want) {
			t.Errorf("%q: expires %v, want %v", cell, got, want)
		}
	}
	for _, cell := range []string{"01/02/2026", "31/02/2026", "next year", "46387"} {
		in := csvText([][]string{{"kind", "title", "expires_at"}, {"offer", "Some technology", cell}}, ",", "\n")
		_, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil || badFields(bad)[2] != "expires_at" {
			t.Errorf("%q: bad %v, err %v; want expires_at reported", cell, bad, err)
		}
	}
	// A bad date and a bad field are reported together.
	in := "kind,title,trl,expires\noffer,Some technology,TRL 12,someday\n"
	if _, bad, _ := ingest.ReadCSV(strings.NewReader(in)); badFields(bad)[2] != "trl,expires_at" {
		t.Errorf("bad %v", bad)
	}
}

// writeXLSX saves a workbook made by build to a temporary file and returns
// its bytes.
func writeXLSX(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	name := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setRows writes rows to sheet from row 1, typed as the cells' Go values.
func setRows(t *testing.T, f *excelize.File, sheet string, first int, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
}

func anyRows(rows [][]string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		for _, c := range r {
			out[i] = append(out[i], c)
		}
	}
	return out
}

func TestTable_XLSXRegistrations(t *testing.T) {
	b := writeXLSX(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, anyRows(registrations))
		f.SetCellValue("Sheet1", "G2", 7) // a numeric TRL, not text
	})
	items, bad, err := ingest.ReadXLSX(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	checkRegistrations(t, items, bad)
}

func TestTable_XLSXCells(t *testing.T) {
	dec31 := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b := writeXLSX(t, func(f *excelize.File) {
		// A hidden first sheet of instructions is skipped.
		f.SetSheetName("Sheet1", "Instructions")
		f.SetCellValue("Instructions", "A1", "Fill in the Registrations sheet")
		idx, _ := f.NewSheet("Registrations")
		f.SetActiveSheet(idx)
		if err := f.SetSheetVisible("Instructions", false); err != nil {
			t.Fatal(err)
		}
		s := "Registrations"
		setRows(t, f, s, 1, [][]any{
			{"ID", "Kind", "Title", "Organization", "Country", "TRL", "Expires at"},
			{101, "Offer", "Date cell", "Merged Org", "Việt Nam", 7, dec31},
			{102, "Offer", "Text date", nil, nil, "TRL 6", "31/12/2026"},
			{103, "Need", "Date and time", nil, nil, nil, dec31.Add(18 * time.Hour)},
			{104, "Offer", "Bad TRL", "Other Org", "Japan", 12, nil},
			{},
			{106, "Offer", "", "Other Org", "Japan", nil, nil},
			{107, "Need", "Bad date", "Other Org", "Japan", nil, "someday"},
			{108, "Offer", "Số và chữ tiếng Việt: ứng dụng IoT", "Công ty Đông Á", "VN", 9.0, nil},
		})
		// The organization and country are written once for rows 2-4.
		f.MergeCell(s, "D2", "D4")
		f.MergeCell(s, "E2", "E4")
	})
	items, bad, err := ingest.ReadXLSX(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	checkBad(t, bad, map[int]string{5: "trl", 7: "title", 8: "expires_at"})
	m := byID(items)
	if len(items) != 4 {
		t.Fatalf("%d items: %v", len(items), m)
	}
	endOfDay := dec31.Add(24*time.Hour - time.Second)
	for id, want := range map[string]time.Time{"101": endOfDay, "102": endOfDay, "103": dec31.Add(18 * time.Hour)} {
		it := m[id]
		l := listing(it)
		if l.ExpiresAt == nil || !l.ExpiresAt.Equal(want) {
			t.Errorf("%s: expires %v, want %v", id, l.ExpiresAt, want)
		}
		if it.Org.Name != "Merged Org" || it.Org.Country != "VN" {
			t.Errorf("%s: org %+v (merged cells apply to each row)", id, it.Org)
		}
	}
	if m["101"].Offer.TRL != 7 || m["102"].Offer.TRL != 6 || m["108"].Offer.TRL != 9 {
		t.Errorf("TRLs %d %d %d", m["101"].Offer.TRL, m["102"].Offer.TRL, m["108"].Offer.TRL)
	}
	if v := m["108"]; v.Offer.Title != "Số và chữ tiếng Việt: ứng dụng IoT" || v.Org.Name != "Công ty Đông Á" {
		t.Errorf("Vietnamese text changed: %q / %q", v.Offer.Title, v.Org.Name)
	}
}

func TestTable_XLSXDate1904(t *testing.T) {
	yes := true
	b := writeXLSX(t, func(f *excelize.File) {
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		setRows(t, f, "Sheet1", 1, [][]any{{"kind", "title", "expires_at"}, {"offer", "Some technology", 1}})
	})
	items, bad, err := ingest.ReadXLSX(bytes.NewReader(b))
	if err != nil || len(bad) != 0 || len(items) != 1 {
		t.Fatalf("items %d, bad %v, err %v", len(items), bad, err)
	}
	if got := items[0].Offer.ExpiresAt; got == nil || !got.Equal(time.Date(1904, 1, 2, 23, 59, 59, 0, time.UTC)) {
		t.Errorf("expires %v", got)
	}
}

func TestTable_XLSXEmptyAndErrors(t *testing.T) {
	empty := writeXLSX(t, func(*excelize.File) {})
	headerOnly := writeXLSX(t, func(f *excelize.File) { f.SetCellValue("Sheet1", "C3", "Title") })
	for name, b := range map[string][]byte{"no bytes": nil, "empty sheet": empty} {
		items, bad, err := ingest.ReadXLSX(bytes.NewReader(b))
		if err != nil || len(items) != 0 || len(bad) != 0 {
			t.Errorf("%s: %d items, bad %v, err %v", name, len(items), bad, err)
		}
	}
	if _, _, err := ingest.ReadXLSX(bytes.NewReader(headerOnly)); err == nil || !strings.Contains(err.Error(), `"kind" column`) ||
		!strings.Contains(err.Error(), "row 3") {
		t.Errorf("header without kind: %v", err)
	}
	_, _, err := ingest.ReadXLSX(strings.NewReader("id,kind,title\n"))
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "XLSX") {
		t.Errorf("a CSV read as XLSX: %v", err)
	}
}
