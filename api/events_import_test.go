package api_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
)

type importResp struct {
	DryRun    bool `json:"dry_run"`
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	Errors    []struct {
		Line   int               `json:"line"`
		Errors []data.FieldError `json:"errors"`
	} `json:"errors"`
}

func (ts *testServer) upload(t *testing.T, path, token, filename string, content []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", filename)
	w.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

func TestAPI_EventParticipantImport(t *testing.T) {
	f := newEventFixture(t, 3, 2, 2)
	ts := f.ts
	newcomer := ts.register(t, "Lyon Port Équipements", "FR", "partner")
	sheet := []byte("Organization,Side,Delegation,Max meetings,Available slots,Languages,Interpreter\n" +
		"Haiphong Host 0,host,,5,09:00; 09:25,\"Vietnamese, English\",no\n" + // update
		"Lyon Port Équipements,guest,France,,morning,French,yes\n" + // new
		"Nobody Such Ltd,guest,France,2,,,\n" + // unknown organization
		"Busan Guest 1,spectator,Korea,2,,,\n" + // bad side
		"Busan Guest 2,guest,Korea,2,07:15,,\n") // no slot starts at 07:15
	path := f.path("/participants/import")
	check := func(r response, dry bool, created, updated, unchanged int) importResp {
		t.Helper()
		if r.Status != 200 {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		var rep importResp
		r.JSON(t, &rep)
		if rep.DryRun != dry || rep.Created != created || rep.Updated != updated || rep.Unchanged != unchanged {
			t.Fatalf("report %+v, want created %d updated %d unchanged %d", rep, created, updated, unchanged)
		}
		lines := map[int]string{}
		for _, e := range rep.Errors {
			if len(e.Errors) > 0 {
				lines[e.Line] = e.Errors[0].Field
			}
		}
		if lines[4] != "org" || lines[5] != "side" || lines[6] != "available_slots" || len(lines) != 3 {
			t.Fatalf("bad rows %+v", rep.Errors)
		}
		return rep
	}
	participants := func() map[uint64]data.Participant {
		var ps []data.Participant
		ts.mustOK(t, 200, "GET", f.path("/participants"), adminToken, nil).JSON(t, &ps)
		out := map[uint64]data.Participant{}
		for _, p := range ps {
			out[p.OrgID] = p
		}
		return out
	}
	check(ts.upload(t, path+"?dry_run=true", adminToken, "participants.csv", sheet), true, 1, 1, 0)
	if ps := participants(); len(ps) != 8 || ps[f.hostID(0)].MaxMeetings != 2 {
		t.Fatalf("a dry run wrote: %d participants, host 0 %+v", len(ps), ps[f.hostID(0)])
	}
	check(ts.upload(t, path, adminToken, "participants.csv", sheet), false, 1, 1, 0)
	ps := participants()
	h0, nc := ps[f.hostID(0)], ps[newcomer.Organization.ID]
	if len(ps) != 9 || h0.MaxMeetings != 5 || fmt.Sprint(h0.AvailableSlots) != "[0 1]" || h0.Delegation != "" {
		t.Fatalf("host 0 after import: %+v", h0)
	}
	if nc.Side != "guest" || nc.Delegation != "France" || nc.MaxMeetings != 3 || !nc.BringsInterpreter || fmt.Sprint(nc.Languages) != "[fr]" {
		t.Fatalf("newcomer after import: %+v", nc)
	}
	// The same file again updates nothing and duplicates nothing.
	check(ts.upload(t, path, adminToken, "participants.csv", sheet), false, 0, 0, 2)
	if len(participants()) != 9 {
		t.Fatal("a second import duplicated participants")
	}

	// The same rows as XLSX, raw body.
	x := excelize.NewFile()
	for i, line := range [][]any{
		{"Tên tổ chức", "Vai trò", "Đoàn", "Số cuộc gặp tối đa"},
		{"Busan Guest 3", "khách", "Hàn Quốc", 1},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &line)
	}
	var xb bytes.Buffer
	x.Write(&xb)
	r := ts.do(t, "POST", path, adminToken, xb.Bytes())
	if r.Status != 200 {
		t.Fatalf("xlsx import: %d %s", r.Status, r.Body)
	}
	if p := participants()[f.guestID(3)]; p.MaxMeetings != 1 || p.Delegation != "Hàn Quốc" {
		t.Fatalf("guest 3 after the xlsx import: %+v", p)
	}
	// Bad uploads and callers.
	if r := ts.upload(t, path, adminToken, "p.csv", []byte("Colour,Size\nred,big\n")); r.Status != 400 {
		t.Fatalf("a sheet without the needed columns: %d %s", r.Status, r.Body)
	}
	if r := ts.upload(t, path, f.hosts[0].Token, "p.csv", sheet); r.Status != 403 {
		t.Fatalf("a participant imported: %d", r.Status)
	}
}
