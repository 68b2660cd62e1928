package api

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// importAnswer is the answer of POST /admin/import: what the import did,
// and the rows it skipped by line and field (the rest were loaded).
type importAnswer struct {
	Items       int               `json:"items"`
	Created     int               `json:"created"`
	Updated     int               `json:"updated"`
	OrgsCreated int               `json:"orgs_created"`
	BadRows     []ingest.RowError `json:"bad_rows"`
	Seconds     float64           `json:"seconds"`
	Format      string            `json:"format"`
}

// importFormat says how to read an upload: ?format= (jsonl, csv, xlsx),
// else the file name's extension (?name= or the form part's), else the
// content type, else a ZIP signature means XLSX and anything else JSON
// Lines.
func importFormat(c *fiber.Ctx, name string, body []byte) (string, error) {
	switch f := strings.ToLower(c.Query("format")); f {
	case "jsonl", "csv", "xlsx":
		return f, nil
	case "json":
		return "jsonl", nil
	case "":
	default:
		return "", data.Invalid(data.FieldError{Field: "format", Message: "must be jsonl, csv or xlsx"})
	}
	if name == "" {
		name = c.Query("name")
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".json":
		return "jsonl", nil
	case ".csv":
		return "csv", nil
	case ".xlsx":
		return "xlsx", nil
	}
	ct := string(c.Request().Header.ContentType())
	switch {
	case strings.Contains(ct, "spreadsheetml") || bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return "xlsx", nil
	case strings.HasPrefix(ct, "text/csv"):
		return "csv", nil
	}
	return "jsonl", nil
}

// adminImport loads offers and needs from an uploaded file (the organizer
// only), as `techmatch import` does with the service stopped: JSON Lines,
// CSV or XLSX, as the raw body or a form's "file" part. Rows without ids
// update the record with the same natural key. ?line_offset=N adds N to
// the reported line numbers (for a file sent in parts).
func (s *Server) adminImport(c *fiber.Ctx) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	defer s.timeOp(opImport)()
	start := time.Now()
	body, name := c.Body(), ""
	if strings.HasPrefix(string(c.Request().Header.ContentType()), "multipart/form-data") {
		fh, err := c.FormFile("file")
		if err != nil {
			return data.Invalid(data.FieldError{Field: "file", Message: "send the file as the form's \"file\" part"})
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if body, err = io.ReadAll(f); err != nil {
			return err
		}
		name = fh.Filename
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return data.Invalid(data.FieldError{Field: "file", Message: "the upload is empty: send JSON Lines, CSV or XLSX"})
	}
	format, err := importFormat(c, name, body)
	if err != nil {
		return err
	}
	offset, err := queryInt(c, "line_offset", 0, 0, 1<<30)
	if err != nil {
		return err
	}
	read := map[string]func(io.Reader) ([]data.ImportItem, []ingest.RowError, error){
		"jsonl": ingest.ReadJSONL, "csv": ingest.ReadCSV, "xlsx": ingest.ReadXLSX,
	}[format]
	items, bad, err := read(bytes.NewReader(body))
	if err != nil {
		return data.Invalid(data.FieldError{Field: "file", Message: "cannot be read as " + format + ": " + err.Error()})
	}
	for i := range bad {
		bad[i].Line += offset
	}
	res, err := s.store.Import(c.UserContext(), items)
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	s.compactAfterImport(res.Created + res.Updated)
	if bad == nil {
		bad = []ingest.RowError{}
	}
	return c.JSON(importAnswer{Items: len(items), Created: res.Created, Updated: res.Updated, OrgsCreated: res.OrgsCreated,
		BadRows: bad, Seconds: time.Since(start).Seconds(), Format: format})
}
