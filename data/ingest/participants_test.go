package ingest

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/techmatch/techmatch/data"
	"github.com/xuri/excelize/v2"
)

// twoDayEvent has six 20-minute slots from 09:00 Hanoi time on 10 and 11
// December 2026: slots 0-5, then 6-11.
func twoDayEvent(t *testing.T) data.EventFields {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	ev := data.EventFields{Name: "Techfest Hải Phòng", Timezone: "Asia/Ho_Chi_Minh", Tables: 10}
	for _, day := range []int{10, 11} {
		for i := 0; i < 6; i++ {
			ev.Slots = append(ev.Slots, data.Slot{Start: time.Date(2026, 12, day, 9, 20*i, 0, 0, loc), Minutes: 20})
		}
	}
	return ev
}

func TestReadParticipantsCSV(t *testing.T) {
	ev := twoDayEvent(t)
	t.Run("GoodAndBadRows", func(t *testing.T) {
		in := "Organization,Org ID,Side,Delegation,Max meetings,Available slots,Languages,Interpreter\n" +
			"Công ty Cổ phần Cơ khí Đông Hải,,host,,6,\"09:00-10:00\",\"Vietnamese, English\",no\n" +
			"한빛로보틱스 주식회사,,guest,Korea,8,\"2026-12-11 09:00, 2026-12-11 09:20\",한국어,yes\n" +
			",42,Khách,France,,,fr,\n" +
			"\n" + // blank rows are skipped but counted
			"Société Lumière Verte,,visitor,France,nine,09:10,Klingon,maybe\n" +
			",,guest,,,,,\n" +
			"Müller GmbH,,neither,Germany,3,#13,,\n"
		rows, bad, err := ReadParticipantsCSV(strings.NewReader(in), ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d good rows, want 3: %+v", len(rows), rows)
		}
		r := rows[0]
		if r.Line != 2 || r.OrgName != "Công ty Cổ phần Cơ khí Đông Hải" || r.Side != data.SideHost || r.MaxMeetings != 6 ||
			!reflect.DeepEqual(r.AvailableSlots, []int{0, 1, 2, 6, 7, 8}) || !reflect.DeepEqual(r.Languages, []string{"vi", "en"}) ||
			r.BringsInterpreter || !r.Gave("brings_interpreter") {
			t.Errorf("row 2 = %+v", r)
		}
		r = rows[1]
		if r.Line != 3 || r.Delegation != "Korea" || !reflect.DeepEqual(r.AvailableSlots, []int{6, 7}) ||
			!reflect.DeepEqual(r.Languages, []string{"ko"}) || !r.BringsInterpreter {
			t.Errorf("row 3 = %+v", r)
		}
		r = rows[2]
		if r.Line != 4 || r.OrgID != 42 || r.Side != data.SideGuest || r.Gave("max_meetings") || r.Gave("available_slots") ||
			!r.Gave("delegation") || r.AvailableSlots != nil {
			t.Errorf("row 4 = %+v (given %v)", r, r.Given)
		}
		want := map[int][]string{
			6: {"max_meetings", "available_slots", "languages", "brings_interpreter"},
			7: {"org"},
			8: {"side", "available_slots"},
		}
		if len(bad) != len(want) {
			t.Fatalf("bad rows = %+v", bad)
		}
		for _, b := range bad {
			var fields []string
			for _, f := range b.Fields {
				fields = append(fields, f.Field)
				if f.Message == "" || strings.Contains(f.Message, "Error:Field") {
					t.Errorf("line %d %s: message %q", b.Line, f.Field, f.Message)
				}
			}
			if !reflect.DeepEqual(fields, want[b.Line]) {
				t.Errorf("line %d: fields %v, want %v (%+v)", b.Line, fields, want[b.Line], b.Fields)
			}
		}
		if !strings.Contains(bad[0].Fields[1].Message, "09:00, 09:20, 09:40") {
			t.Errorf("a time that is no slot's start should list the starts: %q", bad[0].Fields[1].Message)
		}
	})
	t.Run("VietnameseHeadersSemicolons", func(t *testing.T) {
		in := "\ufeffTên tổ chức;Vai trò;Đoàn;Số cuộc gặp tối đa;Khung giờ;Ngôn ngữ;Tự có phiên dịch\r\n" +
			"Công ty TNHH Thủy sản Bạch Đằng;Chủ nhà;;5;sáng;tiếng Việt;Không\r\n" +
			"서연바이오텍;khách;Hàn Quốc;4;9h đến 10h;tiếng Hàn / tiếng Anh;Có\r\n"
		rows, bad, err := ReadParticipantsCSV(strings.NewReader(in), ev)
		if err != nil || len(bad) != 0 {
			t.Fatalf("err %v, bad %+v", err, bad)
		}
		if len(rows) != 2 || rows[0].Side != data.SideHost || len(rows[0].AvailableSlots) != 12 ||
			rows[1].Side != data.SideGuest || !reflect.DeepEqual(rows[1].AvailableSlots, []int{0, 1, 2, 6, 7, 8}) ||
			!reflect.DeepEqual(rows[1].Languages, []string{"ko", "en"}) || !rows[1].BringsInterpreter {
			t.Errorf("rows = %+v", rows)
		}
	})
	t.Run("ScheduleExportSheetReadsBack", func(t *testing.T) {
		// The columns of the participants sheet of the schedule export.
		in := "Organization,Org ID,Side,Country,Delegation,Languages,Brings interpreter,Max meetings,Meetings,Unplaced\n" +
			"Công ty Cổ phần Cơ khí Đông Hải,11,host,Vietnam,,vi,No,6,3,0\n" +
			"한빛로보틱스 주식회사,21,guest,Korea,Korea,ko,No,6,2,0\n"
		rows, bad, err := ReadParticipantsCSV(strings.NewReader(in), ev)
		if err != nil || len(bad) != 0 || len(rows) != 2 {
			t.Fatalf("rows %+v bad %+v err %v", rows, bad, err)
		}
		if rows[0].OrgID != 11 || rows[0].MaxMeetings != 6 || rows[1].OrgID != 21 || rows[1].Delegation != "Korea" {
			t.Errorf("rows = %+v", rows)
		}
		vi := "Tổ chức,Mã tổ chức,Vai trò,Quốc gia,Đoàn,Ngôn ngữ,Tự có phiên dịch,Số cuộc gặp tối đa,Số cuộc gặp,Chưa xếp được\n" +
			"Công ty Cổ phần Cơ khí Đông Hải,11,chủ nhà,Vietnam,,vi,Không,6,3,0\n"
		rows, bad, err = ReadParticipantsCSV(strings.NewReader(vi), ev)
		if err != nil || len(bad) != 0 || len(rows) != 1 || rows[0].OrgID != 11 || rows[0].MaxMeetings != 6 || rows[0].Side != data.SideHost {
			t.Fatalf("rows %+v bad %+v err %v", rows, bad, err)
		}
	})
	t.Run("ErrHeaderWithoutSide", func(t *testing.T) {
		_, _, err := ReadParticipantsCSV(strings.NewReader("Organization,Delegation\nA,B\n"), ev)
		var e *data.Error
		if !errors.As(err, &e) || e.Code != data.EINVALID || !strings.Contains(e.Message, `"side"`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("MalformedRowReported", func(t *testing.T) {
		in := "org,side\nA,host\n\"B,guest\nC,guest\n"
		rows, bad, err := ReadParticipantsCSV(strings.NewReader(in), ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || len(bad) != 1 || bad[0].Line != 3 {
			t.Errorf("rows %+v bad %+v", rows, bad)
		}
	})
}

func TestSlotCells(t *testing.T) {
	ix := newSlotIndex(twoDayEvent(t))
	for _, c := range []struct {
		cell string
		want []int // nil: every slot
		err  string
	}{
		{"09:00, 09:20", []int{0, 1, 6, 7}, ""},
		{"9h40", []int{2, 8}, ""},
		{"09.40", []int{2, 8}, ""},
		{"9 giờ 20", []int{1, 7}, ""},
		{"09:00-10:00", []int{0, 1, 2, 6, 7, 8}, ""},
		{"09:00 – 09:40", []int{0, 1, 6, 7}, ""},
		{"9:00 to 9:40", []int{0, 1, 6, 7}, ""},
		{"2026-12-11 09:00-10:00", []int{6, 7, 8}, ""},
		{"11/12/2026 10:40", []int{11}, ""},
		{"11/12 10:40", []int{11}, ""},
		{"11.12.2026", []int{6, 7, 8, 9, 10, 11}, ""},
		{"#1; #12", []int{0, 11}, ""},
		{"all", nil, ""},
		{"Tất cả", nil, ""},
		{"afternoon", nil, "matches no slot"},
		{"09:10", nil, "not the start of any slot"},
		{"10:00-10:10", nil, "holds no whole slot"},
		{"2026-12-12 09:00", nil, "no slots on 2026-12-12"},
		{"#13", nil, "out of range"},
		{"soon", nil, "is not a time"},
		{"10:00-09:00", nil, "not a range"},
	} {
		got, msg := ix.parse(c.cell, false, false)
		if c.err != "" {
			if !strings.Contains(msg, c.err) {
				t.Errorf("%q: message %q, want it to say %q", c.cell, msg, c.err)
			}
			continue
		}
		if msg != "" || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q = %v (%q), want %v", c.cell, got, msg, c.want)
		}
	}
	t.Run("XLSXTimeCells", func(t *testing.T) {
		// 0.375 is 09:00; 46367.375 is 2026-12-11 09:00 in the 1900 system.
		if got, msg := ix.parse("0.375", true, false); msg != "" || !reflect.DeepEqual(got, []int{0, 6}) {
			t.Errorf("0.375 = %v %q", got, msg)
		}
		if got, msg := ix.parse("46367.375", true, false); msg != "" || !reflect.DeepEqual(got, []int{6}) {
			t.Errorf("46367.375 = %v %q", got, msg)
		}
	})
}

func TestReadParticipantsXLSX(t *testing.T) {
	ev := twoDayEvent(t)
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	for i, row := range [][]any{
		{"Tên tổ chức / Organization", "Side", "Max meetings", "Available slots", "Languages", "Interpreter"},
		{"Viện Nghiên cứu Ứng dụng Nguyễn Trãi", "host", 4, "", "vi; fr", "không"},
		{"Société Lumière Verte", "guest", 5.0, nil, "French", "x"},
		{"Bad Row Co.", "guest", -1, "", "", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	// A real time cell: 09:20 as a fraction of a day, shown as a time.
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
	f.SetCellValue(sheet, "D3", 9.0/24+20.0/(24*60))
	f.SetCellStyle(sheet, "D3", "D3", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, bad, err := ReadParticipantsXLSX(&buf, ev)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(bad) != 1 || bad[0].Line != 4 || bad[0].Fields[0].Field != "max_meetings" {
		t.Fatalf("rows %+v bad %+v", rows, bad)
	}
	if rows[0].OrgName != "Viện Nghiên cứu Ứng dụng Nguyễn Trãi" || rows[0].MaxMeetings != 4 || rows[0].AvailableSlots != nil ||
		!reflect.DeepEqual(rows[0].Languages, []string{"vi", "fr"}) {
		t.Errorf("row 2 = %+v", rows[0])
	}
	if rows[1].MaxMeetings != 5 || !reflect.DeepEqual(rows[1].AvailableSlots, []int{1, 7}) || !rows[1].BringsInterpreter {
		t.Errorf("row 3 = %+v", rows[1])
	}
}

// FuzzReadParticipantsCSV: whatever a sheet holds, reading it never panics,
// every row it returns is valid for the event, and every bad row names its
// line.
func FuzzReadParticipantsCSV(f *testing.F) {
	f.Add("org,side,available slots,languages\nĐông Hải,host,\"09:00-10:00, #3\",vi\n")
	f.Add("Tên tổ chức;Vai trò;Khung giờ\nA;khách;11/12 9h20\nB;x;24:00\n")
	f.Add("org_id,side,max meetings\n0,guest,1e9\n\"7,host\n")
	f.Fuzz(func(t *testing.T, in string) {
		ev := twoDayEvent(t)
		rows, bad, err := ReadParticipantsCSV(strings.NewReader(in), ev)
		var e *data.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("reading from a string failed: %v", err)
		}
		for _, r := range rows {
			if r.OrgID == 0 && r.OrgName == "" {
				t.Fatalf("row without an organization: %+v", r)
			}
			if verr := r.ParticipantFields.Validate(len(ev.Slots)); verr != nil {
				t.Fatalf("invalid row returned: %v", verr)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || len(b.Fields) == 0 {
				t.Fatalf("bad row report %+v", b)
			}
		}
	})
}
