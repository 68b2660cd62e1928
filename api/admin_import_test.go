package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

type importResult struct {
	Items   int `json:"items"`
	Created int `json:"created"`
	Updated int `json:"updated"`
	BadRows []struct {
		Line   int `json:"line"`
		Errors []struct {
			Field string `json:"field"`
		} `json:"errors"`
	} `json:"bad_rows"`
	Format string `json:"format"`
}

// importLine is one JSON Lines row of the exchange format.
func importLine(t *testing.T, row map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestAdminImport: an organizer's import over HTTP loads the good rows at
// once (searchable when answered), reports each bad row by line and field
// and loads nothing of it, updates by natural key on a second import, and
// refuses other callers and unreadable uploads with a problem naming the
// field.
func TestAdminImport(t *testing.T) {
	ts := mustStart(t)
	defer ts.Close()
	rows := []string{
		importLine(t, map[string]any{"kind": "offer", "title": "Ballast water treatment by UV", "description": "UV reactors treat ballast water on board.", "org": "Ghent Marine Systems", "org_country": "BE", "language": "en", "sectors": []string{"maritime"}, "trl": 7}),
		`{"kind": "offer", "title": "broken`, // line 2: not JSON
		importLine(t, map[string]any{"kind": "need", "title": "Xử lý nước thải nhà máy phân bón", "description": "Nhà máy cần xử lý nước thải chứa phốt pho.", "org": "Haiphong DAP Plant", "org_country": "VN", "language": "vi"}),
		importLine(t, map[string]any{"kind": "gadget", "title": "Wrong kind", "org": "Nobody", "org_country": "FR"}), // line 4: bad kind
		importLine(t, map[string]any{"kind": "offer", "title": "Welding robot cell for ship blocks", "org": "Busan Robotics", "org_country": "KR", "language": "en", "trl": "TRL 8"}),
	}
	body := strings.Join(rows, "\n") + "\n"

	r := ts.do(t, "POST", "/api/v1/admin/import?line_offset=100", adminToken, body)
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	var got importResult
	r.JSON(t, &got)
	if got.Items != 3 || got.Created != 3 || got.Format != "jsonl" || len(got.BadRows) != 2 {
		t.Fatalf("import answer %s", r.Body)
	}
	if got.BadRows[0].Line != 102 || got.BadRows[1].Line != 104 {
		t.Errorf("bad rows at lines %d, %d; want 102 and 104 (line_offset 100)", got.BadRows[0].Line, got.BadRows[1].Line)
	}
	if len(got.BadRows[1].Errors) == 0 || got.BadRows[1].Errors[0].Field != "kind" {
		t.Errorf("the bad kind is not named: %s", r.Body)
	}
	// Searchable as soon as the import is answered.
	var page struct {
		Total int `json:"total"`
	}
	if r := ts.do(t, "GET", "/api/v1/offers?q=ballast+water", "", nil); r.Status != 200 {
		t.Fatalf("search: %d %s", r.Status, r.Body)
	} else if r.JSON(t, &page); page.Total != 1 {
		t.Errorf("the imported offer is not found at once: %s", r.Body)
	}
	if ts.do(t, "GET", "/api/v1/offers?q=wrong+kind", "", nil).JSON(t, &page); page.Total != 0 {
		t.Errorf("a bad row was loaded: %d found", page.Total)
	}

	// The same rows again, one changed: updated by natural key, nothing new.
	again := strings.Replace(rows[0], "UV reactors treat", "Medium-pressure UV reactors treat", 1) + "\n" + rows[2] + "\n"
	r = ts.do(t, "POST", "/api/v1/admin/import", adminToken, again)
	r.JSON(t, &got)
	if r.Status != 200 || got.Created != 0 || got.Updated != 2 {
		t.Errorf("re-import: %d %s, want 0 created and 2 updated", r.Status, r.Body)
	}
	if ts.do(t, "GET", "/api/v1/offers?q=medium-pressure", "", nil).JSON(t, &page); page.Total != 1 {
		t.Errorf("the update is not searchable: %d found", page.Total)
	}

	// A CSV sheet as a form's file part.
	csv := "kind,title,description,org,org_country,language\noffer,Hull cleaning drone,Removes fouling from hulls in port.,Brest Subsea,FR,en\n"
	r = ts.upload(t, "/api/v1/admin/import", adminToken, "sheet.csv", []byte(csv))
	if r.JSON(t, &got); r.Status != 200 || got.Format != "csv" || got.Created != 1 {
		t.Errorf("CSV upload: %d %s", r.Status, r.Body)
	}

	member := ts.register(t, "Some Member Org", "DE", "partner")
	for _, c := range []struct {
		name, path, token, body string
		status                  int
		field                   string
	}{
		{"no token", "/api/v1/admin/import", "", body, 401, ""},
		{"an organization's token", "/api/v1/admin/import", member.Token, body, 403, ""},
		{"empty", "/api/v1/admin/import", adminToken, " \n", 400, "file"},
		{"unknown format", "/api/v1/admin/import?format=pdf", adminToken, body, 400, "format"},
		{"negative line offset", "/api/v1/admin/import?line_offset=-1", adminToken, body, 400, "line_offset"},
		{"not a spreadsheet", "/api/v1/admin/import?format=xlsx", adminToken, body, 400, "file"},
	} {
		r := ts.do(t, "POST", c.path, c.token, c.body)
		if r.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, r.Status, r.Body, c.status)
			continue
		}
		p := r.problem(t)
		if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
			t.Errorf("%s: problem %+v does not name %q", c.name, p, c.field)
		}
	}
	// Nothing of the refused uploads was loaded.
	var offers struct {
		Total int `json:"total"`
	}
	ts.do(t, "GET", "/api/v1/offers", "", nil).JSON(t, &offers)
	if offers.Total != 3 {
		t.Errorf("%d offers after the refused uploads, want 3", offers.Total)
	}
}

// metric returns the value of an unlabelled metric from /metrics.
func (ts *testServer) metric(t *testing.T, name string) (float64, bool) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(string(ts.do(t, "GET", "/metrics", "", nil).Body)))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

// TestAdminImport_LargeImportIsCompacted: after a large import over HTTP,
// sent in parts, the index is merged into one segment in the background,
// once, as `techmatch import` does before serving, and it still answers.
func TestAdminImport_LargeImportIsCompacted(t *testing.T) {
	ts := mustStart(t)
	defer ts.Close()
	// A few single writes first: their segments join the import's.
	reg := ts.register(t, "Early Bird Ltd", "VN", "enterprise")
	for i := range 5 {
		ts.postOffer(t, reg.Token, map[string]any{"title": fmt.Sprintf("Early offer %d on wastewater sensors", i)})
	}
	var b strings.Builder
	const n = 1200
	for i := range n {
		b.WriteString(importLine(t, map[string]any{
			"kind":        []string{"offer", "need"}[i%2],
			"title":       fmt.Sprintf("Record %d about port crane automation", i),
			"description": fmt.Sprintf("Automation number %d for container cranes and yard trucks.", i),
			"org":         fmt.Sprintf("Importer %d", i%40),
			"org_country": "KR",
			"language":    "en",
		}))
		b.WriteByte('\n')
	}
	if c, ok := ts.metric(t, "techmatch_index_compactions_total"); !ok || c != 0 {
		t.Fatalf("compactions before the import: %v (reported: %v)", c, ok)
	}
	// In two parts, as `import --server` sends a large file: each is
	// below the size that asks for a compaction, both together are not.
	lines := strings.SplitAfter(b.String(), "\n")
	for _, part := range []string{strings.Join(lines[:n/2], ""), strings.Join(lines[n/2:], "")} {
		r := ts.do(t, "POST", "/api/v1/admin/import", adminToken, part)
		var got importResult
		if r.JSON(t, &got); r.Status != 200 || got.Created != n/2 {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		c, _ := ts.metric(t, "techmatch_index_compactions_total")
		segs, ok := ts.metric(t, "techmatch_index_segments")
		if !ok {
			t.Fatal("/metrics has no techmatch_index_segments")
		}
		if c == 1 && segs == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no compaction after the import: %v compactions, %v segments", c, segs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var page struct {
		Total int `json:"total"`
	}
	if ts.do(t, "GET", "/api/v1/offers?q=crane+automation", "", nil).JSON(t, &page); page.Total != n/2 {
		t.Errorf("after compaction %d offers found, want %d", page.Total, n/2)
	}
	if ts.do(t, "GET", "/api/v1/offers?q=wastewater+sensors", "", nil).JSON(t, &page); page.Total != 5 {
		t.Errorf("after compaction %d early offers found, want 5", page.Total)
	}
}
