package ingest_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// A small workbook that unpacks to more than 64 MiB (a zip bomb) is refused
// as not readable, instead of being inflated and parsed.
func TestReadXLSX_RefusesZipBomb(t *testing.T) {
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "title")
	x.SetCellValue("Sheet1", "B1", "kind")
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		s := b.String()
		if strings.Contains(f.Name, "sheet1.xml") {
			s = strings.Replace(s, "<sheetData>", "<sheetData>"+strings.Repeat(" ", 70<<20), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write([]byte(s))
	}
	zw.Close()
	if out.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes, more than an upload may be", out.Len())
	}
	_, _, err = ingest.ReadXLSX(bytes.NewReader(out.Bytes()))
	if data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("a %d-byte workbook unpacking to 70 MiB: %v", out.Len(), err)
	}
}

// A stray cell far below the data ends nothing but the walk: the rows
// after ten thousand empty ones are not read.
func TestReadXLSX_StopsAfterManyBlankRows(t *testing.T) {
	x := excelize.NewFile()
	for cell, v := range map[string]string{"A1": "title", "B1": "kind", "C1": "organisation", "D1": "country",
		"A2": "Shore power for berths", "B2": "offer", "C2": "Quai SA", "D2": "France",
		"A1048576": "far away", "B1048576": "offer"} {
		x.SetCellValue("Sheet1", cell, v)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	items, bad, err := ingest.ReadXLSX(bytes.NewReader(buf.Bytes()))
	if err != nil || len(items) != 1 || len(bad) != 0 {
		t.Fatalf("%d items, bad rows %v, %v", len(items), bad, err)
	}
}
