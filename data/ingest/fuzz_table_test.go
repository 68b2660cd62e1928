package ingest_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// checkItems fails unless every item is valid and every bad-row report
// names its line and fields.
func checkItems(t *testing.T, items []data.ImportItem, bad []ingest.RowError) {
	t.Helper()
	for _, it := range items {
		var verr error
		switch {
		case it.Offer != nil:
			verr = it.Offer.Validate()
		case it.Need != nil:
			verr = it.Need.Validate()
		default:
			t.Fatal("an item with neither offer nor need")
		}
		if verr != nil {
			t.Fatalf("invalid item returned: %v", verr)
		}
	}
	for _, b := range bad {
		if b.Line < 1 || len(b.Fields) == 0 || !utf8.ValidString(b.Error()) {
			t.Fatalf("bad row report %+v", b)
		}
	}
}

// FuzzReadCSV: whatever a spreadsheet export holds, reading it never
// panics, and every item it returns is valid.
func FuzzReadCSV(f *testing.F) {
	f.Add("title,kind,organisation,country,TRL,keywords\nShore power,offer,Quai SA,France,TRL 7,\"power;port\"\n")
	f.Add("\ufefftên,loại,tổ chức,quốc gia\nXử lý nước thải,nhu cầu,Cảng Hải Phòng,Việt Nam\n")
	f.Add("title,kind\n\"unterminated,offer\n")
	f.Add("title;kind;org\nA;offer;B\n\xff\xfe;need;C\n")
	f.Add("title,title,kind\nx,y,offer\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, bad, err := ingest.ReadCSV(strings.NewReader(in))
		if err != nil {
			return // a file that is not CSV at all is refused whole
		}
		checkItems(t, items, bad)
	})
}

// FuzzReadXLSX: whatever bytes arrive as a workbook, reading never panics
// and every item returned is valid.
func FuzzReadXLSX(f *testing.F) {
	for _, rows := range [][][]any{
		{{"title", "kind", "organisation", "country", "TRL"}, {"Shore power", "offer", "Quai SA", "France", "TRL 7"}, {"Tug fuel cells", "need", "Cảng Hải Phòng", "Việt Nam", nil}},
		{{"tên", "loại", "tổ chức"}, {"Xử lý nước thải", "nhu cầu", 42}},
		{{"title"}},
	} {
		x := excelize.NewFile()
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				x.SetCellValue("Sheet1", cell, v)
			}
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, in []byte) {
		items, bad, err := ingest.ReadXLSX(bytes.NewReader(in))
		if err != nil {
			return
		}
		checkItems(t, items, bad)
	})
}
