package api

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
	"github.com/techmatch/techmatch/data/ingest"
)

// importReport is the answer of POST /events/{id}/participants/import.
type importReport struct {
	DryRun    bool                       `json:"dry_run"`
	Created   int                        `json:"created"`
	Updated   int                        `json:"updated"`
	Unchanged int                        `json:"unchanged"`
	Rows      []bolt.ImportedParticipant `json:"rows"`
	// Errors are the rows not applied, each with its line and the fields
	// at fault; the other rows were applied (or, in a dry run, would be).
	Errors []bolt.RowProblem `json:"errors"`
}

// uploadedSheet reads the uploaded sheet: a multipart form's "file", or
// the raw body. It says whether it is XLSX (by ?format=, file name,
// content type or the ZIP signature); otherwise it is CSV.
func uploadedSheet(c *fiber.Ctx) ([]byte, bool, error) {
	body := c.Body()
	name := ""
	if strings.HasPrefix(string(c.Request().Header.ContentType()), "multipart/form-data") {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, false, data.Invalid(data.FieldError{Field: "file", Message: "send the sheet as the form's \"file\" part"})
		}
		f, err := fh.Open()
		if err != nil {
			return nil, false, err
		}
		defer f.Close()
		if body, err = io.ReadAll(f); err != nil {
			return nil, false, err
		}
		name = fh.Filename
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false, data.Invalid(data.FieldError{Field: "file", Message: "the upload is empty: send a CSV or XLSX sheet"})
	}
	switch format := c.Query("format"); format {
	case "csv":
		return body, false, nil
	case "xlsx":
		return body, true, nil
	case "":
	default:
		return nil, false, data.Invalid(data.FieldError{Field: "format", Message: "must be csv or xlsx"})
	}
	ct := string(c.Request().Header.ContentType())
	isXLSX := strings.EqualFold(filepath.Ext(name), ".xlsx") || strings.Contains(ct, "spreadsheetml") || bytes.HasPrefix(body, []byte("PK\x03\x04"))
	return body, isXLSX, nil
}

// orgNameIndex maps folded organization names to their ids.
func (s *Server) orgNameIndex() (map[string][]uint64, error) {
	idx := map[string][]uint64{}
	for after := uint64(0); ; {
		orgs, err := s.store.Organizations(after, 1000)
		if err != nil {
			return nil, err
		}
		if len(orgs) == 0 {
			return idx, nil
		}
		for _, o := range orgs {
			k := nameKey(o.Name)
			idx[k] = append(idx[k], o.ID)
		}
		after = orgs[len(orgs)-1].ID
	}
}

func nameKey(name string) string { return strings.Join(strings.Fields(data.Fold(name)), " ") }

func (s *Server) importParticipants(c *fiber.Ctx) error {
	ev, err := s.adminEvent(c)
	if err != nil {
		return err
	}
	body, isXLSX, err := uploadedSheet(c)
	if err != nil {
		return err
	}
	dryRun, err := queryFlag(c, "dry_run")
	if err != nil {
		return err
	}
	rep, err := s.importSheet(ev, body, isXLSX, dryRun)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// importSheet reads a participant sheet and applies its good rows to the
// event (or, with dryRun, only says what they would do). The API and the
// organizer's import page share it.
func (s *Server) importSheet(ev data.Event, body []byte, isXLSX, dryRun bool) (importReport, error) {
	read := ingest.ReadParticipantsCSV
	if isXLSX {
		read = ingest.ReadParticipantsXLSX
	}
	rows, bad, err := read(bytes.NewReader(body), ev.EventFields)
	if err != nil {
		if data.ErrorCode(err) == data.EINVALID {
			return importReport{}, err
		}
		return importReport{}, data.Invalid(data.FieldError{Field: "file", Message: "cannot read the sheet: " + err.Error()})
	}
	rep := importReport{DryRun: dryRun, Rows: []bolt.ImportedParticipant{}, Errors: []bolt.RowProblem{}}
	for _, b := range bad {
		rep.Errors = append(rep.Errors, bolt.RowProblem{Line: b.Line, Errors: b.Fields})
	}
	var names map[string][]uint64
	var imports []bolt.ParticipantImport
	for _, r := range rows {
		org := r.OrgID
		if org != 0 {
			if o, err := s.store.Organization(org); err != nil {
				rep.Errors = append(rep.Errors, bolt.RowProblem{Line: r.Line, Errors: []data.FieldError{{Field: "org_id", Message: fmt.Sprintf("organization %d does not exist", org)}}})
				continue
			} else if r.OrgName != "" && nameKey(o.Name) != nameKey(r.OrgName) {
				rep.Errors = append(rep.Errors, bolt.RowProblem{Line: r.Line, OrgID: org, Errors: []data.FieldError{{Field: "org", Message: fmt.Sprintf("organization %d is %q, not %q", org, o.Name, r.OrgName)}}})
				continue
			}
		} else {
			if names == nil {
				if names, err = s.orgNameIndex(); err != nil {
					return importReport{}, err
				}
			}
			switch ids := names[nameKey(r.OrgName)]; len(ids) {
			case 0:
				rep.Errors = append(rep.Errors, bolt.RowProblem{Line: r.Line, Errors: []data.FieldError{{Field: "org", Message: fmt.Sprintf("no organization is named %q: register it first, or give its org_id", r.OrgName)}}})
				continue
			case 1:
				org = ids[0]
			default:
				rep.Errors = append(rep.Errors, bolt.RowProblem{Line: r.Line, Errors: []data.FieldError{{Field: "org", Message: fmt.Sprintf("%d organizations are named %q (ids %v): give the org_id", len(ids), r.OrgName, ids)}}})
				continue
			}
		}
		imports = append(imports, bolt.ParticipantImport{Line: r.Line, OrgID: org, ParticipantFields: r.ParticipantFields, Given: r.Given})
	}
	done, problems, err := s.store.ImportParticipants(ev.ID, imports, rep.DryRun)
	if err != nil {
		return importReport{}, err
	}
	rep.Errors = append(rep.Errors, problems...)
	for _, d := range done {
		rep.Rows = append(rep.Rows, d)
		switch d.Action {
		case "created":
			rep.Created++
		case "updated":
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	return rep, nil
}

// queryFlag reads a true/false query parameter (absent is false). Unlike
// fiber's QueryBool it refuses a value it cannot read: ?dry_run=yes must not
// quietly mean "apply".
func queryFlag(c *fiber.Ctx, name string) (bool, error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, data.Invalid(data.FieldError{Field: name, Message: "must be true or false"})
	}
	return b, nil
}
