package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
)

// importPart is the most a part of a file sent to a running server holds:
// below the server's 1 MiB body limit.
var importPart = 768 << 10

// importBatch is how many records go to the store at a time between two
// progress reports.
var importBatch = 2000

// importWithProgress stores items in parts, showing progress.
func importWithProgress(ctx context.Context, store *bolt.Store, items []data.ImportItem, what string, stderr io.Writer) (bolt.ImportResult, error) {
	var total bolt.ImportResult
	bar := newProgress(stderr, what, int64(len(items)), "records")
	defer bar.Finish()
	part := importBatch
	for start := 0; start < len(items); start += part {
		chunk := items[start:min(start+part, len(items))]
		res, err := store.Import(ctx, chunk)
		if err != nil {
			return total, err
		}
		total.Created += res.Created
		total.Updated += res.Updated
		total.OrgsCreated += res.OrgsCreated
		bar.Add(len(chunk))
	}
	return total, nil
}

// remoteAnswer is the server's answer to POST /api/v1/admin/import.
type remoteAnswer struct {
	Items       int               `json:"items"`
	Created     int               `json:"created"`
	Updated     int               `json:"updated"`
	OrgsCreated int               `json:"orgs_created"`
	BadRows     []ingest.RowError `json:"bad_rows"`
}

// importRemote sends each file to a running server's import route, in
// parts of whole records below its body limit (JSON Lines by line, CSV by
// record with the header repeated; XLSX whole), and reports rows as the
// local import does.
func importRemote(ctx context.Context, server, token string, files []string, stdout, stderr io.Writer) error {
	start := time.Now()
	var total remoteAnswer
	bad := 0
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		format := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
		if format == "json" {
			format = "jsonl"
		}
		parts := []filePart{{body: raw}}
		if format != "xlsx" {
			parts = splitRecords(raw, format == "csv", importPart)
		}
		bar := newProgress(stderr, "import "+filepath.Base(name), int64(len(raw)), "bytes")
		for _, p := range parts {
			ans, err := postImport(ctx, server, token, name, format, p)
			if err != nil {
				bar.Finish()
				return fmt.Errorf("%s: %w", name, err)
			}
			for _, re := range ans.BadRows {
				fmt.Fprintf(stderr, "%s:%s\n", name, re.Error())
			}
			bad += len(ans.BadRows)
			total.Items += ans.Items
			total.Created += ans.Created
			total.Updated += ans.Updated
			total.OrgsCreated += ans.OrgsCreated
			bar.Add(len(p.body))
		}
		bar.Finish()
	}
	fmt.Fprintf(stdout, "imported %d new and %d updated records, %d new organizations, %d bad rows skipped, in %s\n",
		total.Created, total.Updated, total.OrgsCreated, bad, time.Since(start).Round(time.Millisecond))
	return nil
}

// filePart is a run of whole records of a file; offset is what to add to
// the line numbers the server reports for it.
type filePart struct {
	body   []byte
	offset int
}

// splitRecords cuts a JSON Lines or CSV file into parts of at most about
// max bytes, at record boundaries. A CSV part starts with the file's header
// row; a line break inside a quoted CSV field is not a boundary (an even
// number of quotes so far says a record has ended). Offsets count lines in
// JSON Lines and records (rows) in CSV, as the readers number them.
func splitRecords(raw []byte, csv bool, max int) []filePart {
	lines := bytes.SplitAfter(raw, []byte("\n"))
	var header []byte
	first := 0
	if csv && len(lines) > 0 {
		// The header is the first record, which may itself span lines.
		i, quotes := 0, 0
		for ; i < len(lines); i++ {
			quotes += bytes.Count(lines[i], []byte(`"`))
			if quotes%2 == 0 {
				break
			}
		}
		first = min(i+1, len(lines))
		header = bytes.Join(lines[:first], nil)
	}
	var parts []filePart
	var cur bytes.Buffer
	done, partStart, quotes := 0, 0, 0 // records done; records before the part
	for i := first; i < len(lines); i++ {
		if len(lines[i]) == 0 {
			continue // after the last line break
		}
		cur.Write(lines[i])
		if csv {
			quotes += bytes.Count(lines[i], []byte(`"`))
		}
		if quotes%2 != 0 {
			continue // inside a quoted field
		}
		done++
		if cur.Len()+len(header) >= max {
			parts = append(parts, filePart{body: append(append([]byte(nil), header...), cur.Bytes()...), offset: partStart})
			cur.Reset()
			partStart = done
		}
	}
	if cur.Len() > 0 {
		parts = append(parts, filePart{body: append(append([]byte(nil), header...), cur.Bytes()...), offset: partStart})
	}
	if len(parts) == 0 {
		parts = append(parts, filePart{body: raw})
	}
	return parts
}

func postImport(ctx context.Context, server, token, name, format string, p filePart) (remoteAnswer, error) {
	q := url.Values{"format": {format}, "name": {filepath.Base(name)}, "line_offset": {strconv.Itoa(p.offset)}}
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimRight(server, "/")+"/api/v1/admin/import?"+q.Encode(), bytes.NewReader(p.body))
	if err != nil {
		return remoteAnswer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return remoteAnswer{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if resp.StatusCode == http.StatusRequestEntityTooLarge {
		return remoteAnswer{}, fmt.Errorf("the server refused %d bytes as too large; save the sheet as CSV (sent in parts), or import with the service stopped", len(p.body))
	}
	if resp.StatusCode/100 != 2 {
		return remoteAnswer{}, fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(body))
	}
	var ans remoteAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return remoteAnswer{}, fmt.Errorf("the server's answer: %w", err)
	}
	return ans, nil
}
