package export

import (
	"strings"
	"testing"
	"time"
)

// An agenda of an event across a summer-time change states both offsets,
// not only the first day's.
func TestWritePDFZoneAcrossSummerTime(t *testing.T) {
	needTool(t, "pdftotext")
	berlin := mustLoad("Europe/Berlin")
	s := testSchedule()
	s.Event.TimeZone = "Europe/Berlin"
	// Saturday before the change (UTC+01:00), Monday after it (UTC+02:00).
	s.Event.Slots = append(slotsFrom(time.Date(2027, 3, 27, 10, 0, 0, 0, berlin), 6, 20),
		slotsFrom(time.Date(2027, 3, 29, 10, 0, 0, 0, berlin), 6, 20)...)
	text := pdfText(t, writePDF(t, s, hostDongHai.OrgID, "en", "berlin.pdf"))
	if !strings.Contains(text, "Europe/Berlin (UTC+01:00 / UTC+02:00)") {
		t.Fatalf("the agenda does not name both offsets:\n%s", text)
	}
	// A one-zone event keeps the single offset.
	text = pdfText(t, writePDF(t, testSchedule(), hostDongHai.OrgID, "en", "hcm.pdf"))
	if !strings.Contains(text, "Asia/Ho_Chi_Minh (UTC+07:00)") || strings.Contains(text, " / UTC") {
		t.Fatalf("one-offset label:\n%s", text)
	}
}
