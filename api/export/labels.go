package export

import (
	"fmt"
	"strings"
	"time"
)

// labels are the words of the exports in one language.
type labels struct {
	// Spreadsheet columns and sheets.
	Date, Time, Table, Host, HostCountry, Guest, GuestCountry, Delegation string
	Interpreter, Need, Offer, Status, Reason                              string
	Organization, OrgID, Side, Country, Languages, BringsInterpreter      string
	MaxMeetings, Meetings, UnplacedCount, AvailableSlots, AllSlots        string
	SheetDay                                                              func(n int, d time.Time) string
	SheetUnplaced, SheetParticipants, SheetSchedule                       string
	Yes, No, Scheduled, Cancelled, SideHost, SideGuest                    string
	Provisional                                                           string
	// Agenda (PDF, calendar).
	AgendaTitle, Venue, TimeZone, Counterpart, Topic              string
	TheyNeed, TheyOffer, YouNeed, YouOffer, NeedLabel, OfferLabel string
	InterpreterNeeded, NoMeetings, Generated, Page                string
	MeetingWith, TableN, NotAvailable                             string
	DayHeading                                                    func(d time.Time) string
	ProvisionalNote, CancelledNote                                string
	// Reasons says the scheduler's unplaced reason codes in words.
	Reasons map[string]string
}

var labelsEN = labels{
	Date: "Date", Time: "Time", Table: "Table", Host: "Host", HostCountry: "Host country",
	Guest: "Guest", GuestCountry: "Guest country", Delegation: "Delegation",
	Interpreter: "Interpreter needed", Need: "Need", Offer: "Offer", Status: "Status", Reason: "Reason",
	Organization: "Organization", OrgID: "Org ID", Side: "Side", Country: "Country",
	Languages: "Languages", BringsInterpreter: "Brings interpreter", MaxMeetings: "Max meetings",
	Meetings: "Meetings", UnplacedCount: "Unplaced", AvailableSlots: "Available slots", AllSlots: "all",
	SheetDay: func(n int, d time.Time) string {
		return fmt.Sprintf("Day %d (%s)", n, d.Format("2006-01-02"))
	},
	SheetUnplaced: "Unplaced", SheetParticipants: "Participants", SheetSchedule: "Schedule",
	Yes: "Yes", No: "No", Scheduled: "Scheduled", Cancelled: "Cancelled",
	SideHost: "host", SideGuest: "guest",
	Provisional: "PROVISIONAL",
	AgendaTitle: "Meeting agenda", Venue: "Venue", TimeZone: "Times in", Counterpart: "Meeting with",
	Topic: "Topic", TheyNeed: "They need", TheyOffer: "They offer", YouNeed: "You need", YouOffer: "You offer",
	NeedLabel: "Need", OfferLabel: "Offer",
	InterpreterNeeded: "Interpreter needed", NoMeetings: "No meetings are scheduled for you yet.",
	Generated: "Generated", Page: "Page",
	MeetingWith: "Meeting with", TableN: "Table %d", NotAvailable: "not available",
	DayHeading:      func(d time.Time) string { return d.Format("Monday, 2 January 2006") },
	ProvisionalNote: "Provisional schedule: it may still change before the organizer publishes it.",
	CancelledNote:   "cancelled",
	Reasons: map[string]string{
		"no_common_free_slot":     "no free slot common to both",
		"tables_full":             "all tables taken in every common free slot",
		"slot_removed":            "its slot was removed from the event",
		"participant_removed":     "a participant left the event",
		"over_capacity":           "more meetings than a participant's maximum",
		"participant_unavailable": "a participant is not available at that time",
	},
}

var viWeekdays = [...]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

var labelsVI = labels{
	Date: "Ngày", Time: "Thời gian", Table: "Bàn", Host: "Doanh nghiệp chủ nhà", HostCountry: "Quốc gia chủ nhà",
	Guest: "Đối tác khách", GuestCountry: "Quốc gia khách", Delegation: "Đoàn",
	Interpreter: "Cần phiên dịch", Need: "Nhu cầu", Offer: "Chào bán", Status: "Trạng thái", Reason: "Lý do",
	Organization: "Tổ chức", OrgID: "Mã tổ chức", Side: "Vai trò", Country: "Quốc gia",
	Languages: "Ngôn ngữ", BringsInterpreter: "Tự có phiên dịch", MaxMeetings: "Số cuộc gặp tối đa",
	Meetings: "Số cuộc gặp", UnplacedCount: "Chưa xếp được", AvailableSlots: "Khung giờ", AllSlots: "tất cả",
	SheetDay: func(n int, d time.Time) string {
		return fmt.Sprintf("Ngày %d (%s)", n, d.Format("02-01-2006"))
	},
	SheetUnplaced: "Chưa xếp lịch", SheetParticipants: "Đơn vị tham gia", SheetSchedule: "Lịch gặp",
	Yes: "Có", No: "Không", Scheduled: "Đã xếp lịch", Cancelled: "Đã hủy",
	SideHost: "chủ nhà", SideGuest: "khách",
	Provisional: "DỰ KIẾN",
	AgendaTitle: "Lịch gặp gỡ", Venue: "Địa điểm", TimeZone: "Giờ theo", Counterpart: "Gặp",
	Topic: "Nội dung", TheyNeed: "Đối tác cần", TheyOffer: "Đối tác chào", YouNeed: "Bạn cần", YouOffer: "Bạn chào",
	NeedLabel: "Nhu cầu", OfferLabel: "Chào bán",
	InterpreterNeeded: "Cần phiên dịch", NoMeetings: "Bạn chưa có cuộc gặp nào được xếp lịch.",
	Generated: "Xuất lúc", Page: "Trang",
	MeetingWith: "Gặp", TableN: "Bàn %d", NotAvailable: "không tham gia",
	DayHeading: func(d time.Time) string {
		return fmt.Sprintf("%s, %s", viWeekdays[d.Weekday()], d.Format("02/01/2006"))
	},
	ProvisionalNote: "Lịch dự kiến: có thể còn thay đổi trước khi ban tổ chức công bố.",
	CancelledNote:   "đã hủy",
	Reasons: map[string]string{
		"no_common_free_slot":     "hai bên không có khung giờ trống chung",
		"tables_full":             "hết bàn ở mọi khung giờ trống chung",
		"slot_removed":            "khung giờ đã bị xóa khỏi sự kiện",
		"participant_removed":     "một bên đã rút khỏi sự kiện",
		"over_capacity":           "vượt số cuộc gặp tối đa của một bên",
		"participant_unavailable": "một bên không rảnh vào giờ đó",
	},
}

// labelsFor returns the labels for lang: Vietnamese for "vi..." and
// English otherwise.
func labelsFor(lang string) *labels {
	if isVietnamese(lang) {
		return &labelsVI
	}
	return &labelsEN
}

func (l *labels) yesNo(b bool) string {
	if b {
		return l.Yes
	}
	return l.No
}

func (l *labels) status(m Meeting) string {
	if m.Cancelled() {
		return l.Cancelled
	}
	return l.Scheduled
}

func (l *labels) side(s string) string {
	switch s {
	case SideHost:
		return l.SideHost
	case SideGuest:
		return l.SideGuest
	}
	return s
}

// reason says an unplaced reason in words: a known code is translated,
// with its detail after a colon kept ("slot_removed: slot 3"); any other
// text is shown as it is.
func (l *labels) reason(reason string) string {
	code, detail, _ := strings.Cut(reason, ":")
	if s, ok := l.Reasons[strings.TrimSpace(code)]; ok {
		if d := clean(detail); d != "" {
			return s + ": " + d
		}
		return s
	}
	return clean(reason)
}

// countriesVI are the Vietnamese names of the countries most often at
// events here, by English short name.
var countriesVI = map[string]string{
	"Vietnam": "Việt Nam", "Viet Nam": "Việt Nam", "South Korea": "Hàn Quốc", "Korea": "Hàn Quốc",
	"Korea, Republic of": "Hàn Quốc", "Japan": "Nhật Bản", "China": "Trung Quốc", "Taiwan": "Đài Loan",
	"Hong Kong": "Hồng Kông", "Singapore": "Singapore", "Thailand": "Thái Lan", "Malaysia": "Malaysia",
	"Indonesia": "Indonesia", "Philippines": "Philippines", "Laos": "Lào", "Cambodia": "Campuchia",
	"India": "Ấn Độ", "Australia": "Úc", "New Zealand": "New Zealand", "France": "Pháp", "Germany": "Đức",
	"Belgium": "Bỉ", "Netherlands": "Hà Lan", "United Kingdom": "Vương quốc Anh", "Italy": "Ý",
	"Spain": "Tây Ban Nha", "Switzerland": "Thụy Sĩ", "Sweden": "Thụy Điển", "Denmark": "Đan Mạch",
	"Finland": "Phần Lan", "Norway": "Na Uy", "Austria": "Áo", "Poland": "Ba Lan", "Czechia": "Séc",
	"Russia": "Nga", "United States": "Hoa Kỳ", "USA": "Hoa Kỳ", "Canada": "Canada", "Israel": "Israel",
	"Luxembourg": "Luxembourg", "Ireland": "Ireland", "Portugal": "Bồ Đào Nha",
}

// country is a country name in the labels' language: Vietnamese exports
// say the common countries in Vietnamese, others as given.
func (l *labels) country(name string) string {
	name = clean(name)
	if l == &labelsVI {
		if vi, ok := countriesVI[name]; ok {
			return vi
		}
	}
	return name
}

// orgLabel is "Name (Country)".
func (l *labels) orgLabel(p Party) string {
	name := clean(p.Name)
	if c := l.country(p.Country); c != "" && !strings.Contains(name, "("+c+")") {
		return name + " (" + c + ")"
	}
	return name
}
