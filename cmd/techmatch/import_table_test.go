package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestImportCSVAndXLSXCommand(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "registrations.csv")
	os.WriteFile(csvFile, []byte("\ufeffID,Type,Title,Organisation,Country,TRL\r\n"+
		"c1,Technology offer,Ballast water treatment unit,Blue Ballast BV,Netherlands,TRL 8\r\n"+
		"c2,Cầu,,Xưởng tàu Sông Cấm,Việt Nam,\r\n"+ // row 3: no title
		"c3,Cầu,Xử lý nước dằn tàu,Xưởng tàu Sông Cấm,Việt Nam,\r\n"), 0o644)

	xlsxFile := filepath.Join(dir, "registrations.XLSX")
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"ID", "Kind", "Title", "Organization", "Country", "TRL"},
		{"x1", "Offer", "Shore power converter", "Volt GmbH", "Germany", 7},
		{"x2", "Need", "Cấp điện bờ cho cảng", "Cảng Đông", "Việt Nam", nil},
		{"x3", "Offer", "TRL out of range", "Volt GmbH", "Germany", 12}, // row 4
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	if err := f.SaveAs(xlsxFile); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"import", "--data", dir, csvFile, xlsxFile}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 4 new and 0 updated records, 4 new organizations, 2 bad rows skipped") {
		t.Errorf("stdout %q", out.String())
	}
	for _, want := range []string{"registrations.csv:line 3 (c2): title:", "registrations.XLSX:line 4 (x3): trl:"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr %q lacks %q", errOut.String(), want)
		}
	}

	// The records were stored: importing again updates them.
	out.Reset()
	if err := run(t.Context(), []string{"import", "--data", dir, xlsxFile, csvFile}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 0 new and 4 updated records") {
		t.Errorf("re-import: stdout %q", out.String())
	}

	// An unknown extension is a usage error naming the accepted ones, before
	// anything is imported.
	err := run(t.Context(), []string{"import", "--data", dir, csvFile, filepath.Join(dir, "old.xls")}, &out, &errOut)
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "old.xls") || !strings.Contains(err.Error(), ".jsonl, .json") ||
		!strings.Contains(err.Error(), ".csv") || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf("unknown extension: %v", err)
	}
}
