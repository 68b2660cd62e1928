package export

import (
	"testing"
	"time"
)

// Invented organizations for the tests: Vietnamese hosts, Korean, French and
// German guests.
var (
	hostDongHai = Party{OrgID: 11, Name: "Công ty Cổ phần Cơ khí Đông Hải", Country: "Vietnam", Side: SideHost,
		Languages: []string{"vi"}, MaxMeetings: 6}
	hostBachDang = Party{OrgID: 12, Name: "Công ty TNHH Thủy sản Bạch Đằng", Country: "Vietnam", Side: SideHost,
		Languages: []string{"vi", "en"}, MaxMeetings: 6}
	hostNguyen = Party{OrgID: 13, Name: "Viện Nghiên cứu Ứng dụng Nguyễn Trãi", Country: "Vietnam", Side: SideHost,
		Languages: []string{"vi", "fr"}, MaxMeetings: 4, AvailableSlots: []int{1, 9}}
	guestHanbit = Party{OrgID: 21, Name: "한빛로보틱스 주식회사", Country: "Korea", Side: SideGuest, Delegation: "Korea",
		Languages: []string{"ko"}, MaxMeetings: 6, AvailableSlots: []int{0, 1, 2, 3, 9, 10}}
	guestSeoyeon = Party{OrgID: 22, Name: "서연바이오텍 (Seoyeon Biotech)", Country: "Korea", Side: SideGuest, Delegation: "Korea",
		Languages: []string{"ko", "en"}, BringsInterpreter: true, MaxMeetings: 6}
	guestLumiere = Party{OrgID: 23, Name: "Société Lumière Verte", Country: "France", Side: SideGuest, Delegation: "France",
		Languages: []string{"fr", "en"}, MaxMeetings: 5}
	guestMuller = Party{OrgID: 24, Name: "Müller Präzisionstechnik GmbH", Country: "Germany", Side: SideGuest, Delegation: "Germany",
		Languages: []string{"de", "en"}, MaxMeetings: 5}
)

var hcm = mustLoad("Asia/Ho_Chi_Minh")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// slotsFrom returns n slots of minutes each from start, back to back.
func slotsFrom(start time.Time, n, minutes int) []Slot {
	out := make([]Slot, n)
	for i := range out {
		out[i] = Slot{Start: start.Add(time.Duration(i*minutes) * time.Minute), Minutes: minutes}
	}
	return out
}

// testSchedule is a two-day event in Hai Phong: six 20-minute slots from
// 09:00 each day (slots 0-5 on 10 December, 6-11 on 11 December), and a
// handful of meetings including a cancelled one, titles that look like
// spreadsheet formulas, and an unplaced pair.
func testSchedule() Schedule {
	slots := append(slotsFrom(time.Date(2026, 12, 10, 9, 0, 0, 0, hcm), 6, 20),
		slotsFrom(time.Date(2026, 12, 11, 9, 0, 0, 0, hcm), 6, 20)...)
	return Schedule{
		Event: Event{ID: 7, Name: "Techfest Hải Phòng 2026 – Kết nối cung cầu công nghệ",
			Venue: "Trung tâm Hội nghị Thành phố Hải Phòng", TimeZone: "Asia/Ho_Chi_Minh", Tables: 4, Slots: slots},
		Meetings: []Meeting{
			{ID: 101, Slot: 0, Table: 1, Host: hostDongHai, Guest: guestHanbit, InterpreterNeeded: true,
				NeedTitle: "Tự động hóa dây chuyền hàn khung thép", OfferTitle: "협동 로봇 용접 셀 (Collaborative welding cell)",
				NeedSide: SideHost, Score: 0.91},
			{ID: 102, Slot: 0, Table: 2, Host: hostBachDang, Guest: guestSeoyeon,
				NeedTitle: "Bảo quản lạnh thủy sản sau thu hoạch", OfferTitle: "=HYPERLINK(\"http://evil.example\",\"click\")",
				NeedSide: SideHost, Score: 0.84},
			{ID: 103, Slot: 1, Table: 1, Host: hostNguyen, Guest: guestLumiere,
				NeedTitle: "+Capteurs de qualité de l'eau", OfferTitle: "@SUM(A1:A9)",
				NeedSide: SideGuest, Score: 0.77},
			{ID: 104, Slot: 2, Table: 3, Host: hostDongHai, Guest: guestMuller, InterpreterNeeded: false,
				NeedTitle: "-Gia công CNC chính xác", OfferTitle: "Präzisions-CNC-Fräsen für Schiffsbauteile",
				NeedSide: SideHost, Score: 0.7},
			{ID: 105, Slot: 3, Table: 2, Host: hostBachDang, Guest: guestHanbit, InterpreterNeeded: true,
				NeedTitle: "Robot phân loại cá", OfferTitle: "비전 기반 선별 로봇", NeedSide: SideHost,
				Status: StatusCancelled, Sequence: 1, Score: 0.66},
			{ID: 106, Slot: 7, Table: 1, Host: hostDongHai, Guest: guestSeoyeon,
				NeedTitle: "Xử lý nước thải nhà máy", OfferTitle: "미생물 폐수 처리 기술", NeedSide: SideHost, Score: 0.6},
			{ID: 107, Slot: 9, Table: 4, Host: hostNguyen, Guest: guestHanbit, InterpreterNeeded: true,
				NeedTitle: "Cảm biến đo độ mặn", OfferTitle: "IoT 염도 센서", NeedSide: SideHost, Score: 0.58},
		},
		Unplaced: []Unplaced{
			{Host: hostNguyen, Guest: guestMuller, Reason: "no_common_free_slot"},
			{Host: hostBachDang, Guest: guestLumiere, Reason: "the organizer's own words"},
		},
		Participants: []Party{hostDongHai, hostBachDang, hostNguyen, guestHanbit, guestSeoyeon, guestLumiere, guestMuller},
		GeneratedAt:  time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC),
	}
}

func TestPrepare(t *testing.T) {
	t.Run("DaysInEventZone", func(t *testing.T) {
		p, err := prepare(testSchedule())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.days) != 2 || len(p.days[0].slots) != 6 || len(p.days[1].slots) != 6 {
			t.Fatalf("days = %+v", p.days)
		}
		if got := p.slotTimes(7); got != "09:20–09:40" {
			t.Errorf("slot 7 = %q", got)
		}
	})
	t.Run("DayBoundaryIsLocal", func(t *testing.T) {
		// 23:40 and 00:00 Hanoi time are two days, though both are the
		// same UTC date (16:40 and 17:00 UTC).
		s := testSchedule()
		s.Event.Slots = slotsFrom(time.Date(2026, 12, 10, 23, 40, 0, 0, hcm), 2, 20)
		s.Meetings = nil
		p, err := prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.days) != 2 {
			t.Fatalf("got %d days, want 2", len(p.days))
		}
	})
	t.Run("ErrSlotOutOfRange", func(t *testing.T) {
		s := testSchedule()
		s.Meetings[0].Slot = 12
		if _, err := prepare(s); err == nil {
			t.Fatal("no error for slot 12 of 12")
		}
	})
	t.Run("ErrBadTimeZone", func(t *testing.T) {
		s := testSchedule()
		s.Event.TimeZone = "Asia/Haiphong"
		if _, err := prepare(s); err == nil {
			t.Fatal("no error for a zone that does not exist")
		}
	})
}
