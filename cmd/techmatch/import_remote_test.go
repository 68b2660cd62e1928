package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// registrationsCSV is a desk's sheet without ids: rows are matched on
// re-import by organization, kind and title. Row 5 has no title.
func registrationsCSV(extra int) string {
	rows := []string{
		"title,kind,organisation,country,TRL,description",
		"Shore power for container berths,offer,Quai Énergie SA,France,TRL 8,\"Plugs ships in at berth;\nno diesel at the quay\"",
		"Xử lý nước dằn tàu,need,Xưởng tàu Sông Cấm,Việt Nam,,Ballast water treatment",
		"Hydrogen tug retrofit,offer,Busan Marine Tech,Korea,7,",
		",need,Nobody,Việt Nam,,a row without a title",
	}
	for i := range extra {
		rows = append(rows, fmt.Sprintf("Late registration %d: port crane telemetry,offer,Late Partner %d,Germany,6,\"Telemetry, with \"\"quotes\"\"\"", i, i%3))
	}
	rows = append(rows, "Smart mooring,need,Cảng Đình Vũ,Việt Nam,5,")
	return strings.Join(rows, "\n") + "\n"
}

var lineRef = regexp.MustCompile(`line \d+`)

func badLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if m := lineRef.FindString(l); m != "" && strings.Contains(l, ".csv:") {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

// `import --server` loads a sheet into a running service; importing it
// again updates the same records (natural key) instead of duplicating them;
// a file sent in parts reports the same bad rows by the same line numbers
// as a local import.
func TestImport_WhileServingAndAgain(t *testing.T) {
	defer func(n int) { importPart = n }(importPart)
	importPart = 300 // several parts, cut between records only

	dir := t.TempDir()
	sheet := filepath.Join(t.TempDir(), "registrations.csv")
	if err := os.WriteFile(sheet, []byte(registrationsCSV(12)), 0o644); err != nil {
		t.Fatal(err)
	}
	// The reference: the same sheet imported locally.
	var localOut, localErr bytes.Buffer
	if err := run(t.Context(), []string{"import", "--data", t.TempDir(), sheet}, &localOut, &localErr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(localOut.String(), "imported 16 new and 0 updated") {
		t.Fatalf("local import: %s %s", localOut.String(), localErr.String())
	}

	p := startServe(t, dir, nil)
	args := []string{"import", "--server", p.URL, "--admin-token", "admin-secret", sheet}
	var out, errOut bytes.Buffer
	if err := run(t.Context(), args, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 16 new and 0 updated records") || !strings.Contains(out.String(), "1 bad rows skipped") {
		t.Fatalf("remote import: %q %q", out.String(), errOut.String())
	}
	if got, want := badLines(errOut.String()), badLines(localErr.String()); strings.Join(got, ",") != strings.Join(want, ",") || len(want) != 1 {
		t.Fatalf("bad rows reported %v, a local import reports %v", got, want)
	}
	if total, body := searchTotal(t, p.URL, "telemetry"); total != 12 {
		t.Fatalf("imported rows not searchable while serving: %d %s", total, body)
	}

	out.Reset()
	errOut.Reset()
	if err := run(t.Context(), args, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 0 new and 16 updated records, 0 new organizations") {
		t.Fatalf("re-import: %q", out.String())
	}
	if total, _ := searchTotal(t, p.URL, "telemetry"); total != 12 {
		t.Fatalf("re-import duplicated rows: %d hits", total)
	}

	// The organizer's token is required, and nothing is loaded without it.
	if err := run(t.Context(), []string{"import", "--server", p.URL, "--admin-token", "wrong", sheet}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("import with a wrong token: %v", err)
	}
}

func TestSplitRecords(t *testing.T) {
	csv := []byte("a,b\n1,\"x\ny\"\n2,z\n3,w\n")
	parts := splitRecords(csv, true, 1)
	var bodies []string
	for _, p := range parts {
		bodies = append(bodies, fmt.Sprintf("%d:%q", p.offset, p.body))
	}
	want := []string{`0:"a,b\n1,\"x\ny\"\n"`, `1:"a,b\n2,z\n"`, `2:"a,b\n3,w\n"`}
	if strings.Join(bodies, " ") != strings.Join(want, " ") {
		t.Fatalf("parts %v, want %v", bodies, want)
	}
	jsonl := []byte("{}\n{}\n{}")
	if parts := splitRecords(jsonl, false, 1); len(parts) != 3 || parts[2].offset != 2 || string(parts[2].body) != "{}" {
		t.Fatalf("jsonl parts %+v", parts)
	}
}
