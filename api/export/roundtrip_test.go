package export_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/techmatch/techmatch/api/export"
	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/ingest"
)

// The participants sheet of the schedule workbook is a participant sheet:
// an organizer can edit it and import it back into the event.
func TestParticipantsSheetReadsBack(t *testing.T) {
	for _, lang := range []string{"en", "vi"} {
		t.Run(lang, func(t *testing.T) {
			s := export.TestSchedule()
			var buf bytes.Buffer
			if err := export.WriteXLSX(&buf, s, lang); err != nil {
				t.Fatal(err)
			}
			ev := data.EventFields{Name: s.Event.Name, Timezone: s.Event.TimeZone, Tables: s.Event.Tables}
			for _, sl := range s.Event.Slots {
				ev.Slots = append(ev.Slots, data.Slot{Start: sl.Start, Minutes: sl.Minutes})
			}
			rows, bad, err := ingest.ReadParticipantsXLSX(&buf, ev)
			if err != nil || len(bad) != 0 {
				t.Fatalf("err %v, bad rows %+v", err, bad)
			}
			if len(rows) != len(s.Participants) {
				t.Fatalf("%d rows, want %d", len(rows), len(s.Participants))
			}
			for i, p := range s.Participants {
				r := rows[i]
				if r.OrgID != p.OrgID || r.OrgName != p.Name || r.Side != p.Side || r.Delegation != p.Delegation ||
					r.MaxMeetings != p.MaxMeetings || r.BringsInterpreter != p.BringsInterpreter ||
					!reflect.DeepEqual(r.Languages, p.Languages) || !reflect.DeepEqual(r.AvailableSlots, p.AvailableSlots) {
					t.Errorf("row %d:\n got %+v\nwant %+v", r.Line, r, p)
				}
			}
		})
	}
}
