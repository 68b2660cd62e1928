package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writePDF renders an agenda; with EXPORT_KEEP=dir set it also keeps the
// file there, for looking at.
func writePDF(t *testing.T, s Schedule, orgID uint64, lang, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, s, orgID, lang); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if dir := os.Getenv("EXPORT_KEEP"); dir != "" {
		path = filepath.Join(dir, name)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("TECHMATCH_REQUIRE_TOOLS") != "" {
			// CI installs poppler-utils: a missing tool there is a broken
			// install step, not a reason to skip.
			t.Fatalf("%s is missing and TECHMATCH_REQUIRE_TOOLS is set", name)
		}
		t.Skipf("%s is missing: install Debian's poppler-utils (apt-get install -y poppler-utils) to read PDFs back", name)
	}
}

// pdfText extracts the text of a PDF with pdftotext.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// pdfPages reads the page count with pdfinfo.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestWritePDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	t.Run("HostAgendaVietnamese", func(t *testing.T) {
		path := writePDF(t, testSchedule(), hostDongHai.OrgID, "vi", "host-vi.pdf")
		if n := pdfPages(t, path); n != 1 {
			t.Errorf("pages = %d, want 1", n)
		}
		text := pdfText(t, path)
		for _, want := range []string{
			"Techfest Hải Phòng 2026 – Kết nối cung cầu công", // two marks on one letter: ế, ố, ầ
			"Lịch gặp gỡ: Công ty Cổ phần Cơ khí Đông Hải",
			"한빛로보틱스 주식회사", "서연바이오텍 (Seoyeon Biotech)",
			"Địa điểm: Trung tâm Hội nghị Thành phố Hải Phòng",
			"Müller Präzisionstechnik GmbH", "Cần phiên dịch", "09:00–09:20", "Thứ năm, 10/12/2026",
			"Bạn cần: Tự động hóa dây chuyền hàn khung", "Đối tác chào: 협동 로봇 용접 셀",
			"Asia/Ho_Chi_Minh (UTC+07:00)", "Trang 1 / 1",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
		// Meetings of others are not on this agenda.
		if strings.Contains(text, "Société Lumière Verte") {
			t.Error("another participant's meeting is on the agenda")
		}
	})
	t.Run("GuestAgendaEnglishProvisional", func(t *testing.T) {
		s := testSchedule()
		s.Provisional = true
		path := writePDF(t, s, guestHanbit.OrgID, "en", "guest-en.pdf")
		text := pdfText(t, path)
		// Hanbit is available in slots 0-3 and 9-10 only.
		if !regexp.MustCompile(`10:20–11:00\s+not available`).MatchString(text) {
			t.Errorf("slots outside the availability are not marked:\n%s", text)
		}
		for _, want := range []string{"Meeting agenda: 한빛로보틱스 주식회사", "Công ty Cổ phần Cơ khí Đông",
			"Provisional schedule: it may still change", "Bạch", "(cancelled)", "Viện Nghiên cứu Ứng dụng",
			"They need: Cảm biến đo độ mặn", "You offer: IoT 염도 센서", "Interpreter needed"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("FullDayFitsTwoPages", func(t *testing.T) {
		// 30 slots in one day, a meeting in every one, long titles.
		s := testSchedule()
		s.Event.Slots = slotsFrom(time.Date(2026, 12, 10, 8, 0, 0, 0, hcm), 30, 20)
		s.Meetings = nil
		guests := []Party{guestHanbit, guestSeoyeon, guestLumiere, guestMuller}
		for i := 0; i < 30; i++ {
			g := guests[i%len(guests)]
			g.OrgID = uint64(100 + i)
			s.Meetings = append(s.Meetings, Meeting{ID: uint64(i + 1), Slot: i, Table: i%12 + 1, Host: hostDongHai, Guest: g,
				InterpreterNeeded: i%3 == 0, NeedSide: SideHost,
				NeedTitle:  "Giải pháp số hóa quy trình kiểm định chất lượng sản phẩm cơ khí chính xác cho đóng tàu",
				OfferTitle: "스마트 팩토리 품질 검사 자동화 솔루션 (Smart factory quality inspection)"})
		}
		path := writePDF(t, s, hostDongHai.OrgID, "vi", "full-day.pdf")
		if n := pdfPages(t, path); n != 2 {
			t.Errorf("pages = %d, want 2", n)
		}
		text := pdfText(t, path)
		if !strings.Contains(text, "Trang 2 / 2") || !strings.Contains(text, "17:40–18:00") {
			t.Errorf("second page or last slot missing:\n%s", text)
		}
	})
	t.Run("NoMeetings", func(t *testing.T) {
		s := testSchedule()
		s.Participants = append(s.Participants, Party{OrgID: 31, Name: "Công ty Khởi nghiệp Rạng Đông", Side: SideHost})
		text := pdfText(t, writePDF(t, s, 31, "vi", "none.pdf"))
		if !strings.Contains(text, "Bạn chưa có cuộc gặp nào được xếp lịch.") {
			t.Errorf("no empty-agenda note:\n%s", text)
		}
	})
	t.Run("JapaneseAndChinese", func(t *testing.T) {
		s := testSchedule()
		s.Meetings[0].Guest.Name = "金沢電子株式会社 (カナザワ)"
		s.Meetings[0].OfferTitle = "协作焊接机器人 / 協働溶接ロボット"
		text := pdfText(t, writePDF(t, s, hostDongHai.OrgID, "en", "cjk.pdf"))
		for _, want := range []string{"金沢電子株式会社 (カナザワ)", "协作焊接机器人 / 協働溶接ロボット"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("UnknownScriptDoesNotFail", func(t *testing.T) {
		// Ethiopic is in no embedded font: it prints as U+FFFD, the rest of
		// the name stays.
		s := testSchedule()
		s.Meetings[0].Guest.Name = "ኢትዮ Robotics"
		text := pdfText(t, writePDF(t, s, hostDongHai.OrgID, "en", "unknown.pdf"))
		if !strings.Contains(text, "\uFFFD") || !strings.Contains(text, "Robotics") {
			t.Errorf("name lost:\n%s", text)
		}
	})
	t.Run("ErrNotParticipant", func(t *testing.T) {
		if err := WritePDF(&bytes.Buffer{}, testSchedule(), 999, "en"); !errors.Is(err, ErrNotParticipant) {
			t.Fatalf("err = %v", err)
		}
	})
}

func BenchmarkWritePDF(b *testing.B) {
	s := testSchedule()
	for b.Loop() {
		if err := WritePDF(io.Discard, s, hostDongHai.OrgID, "vi"); err != nil {
			b.Fatal(err)
		}
	}
}

// Agendas are rendered concurrently by the server: the embedded fonts are
// shared and must not be written to.
func TestWritePDFConcurrent(t *testing.T) {
	s := testSchedule()
	var want bytes.Buffer
	if err := WritePDF(&want, s, guestHanbit.OrgID, "en"); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 8)
	for i := 0; i < 8; i++ {
		go func() {
			var buf bytes.Buffer
			if err := WritePDF(&buf, s, guestHanbit.OrgID, "en"); err != nil {
				t.Error(err)
			}
			got <- buf.Bytes()
		}()
	}
	for i := 0; i < 8; i++ {
		if b := <-got; !bytes.Equal(b, want.Bytes()) {
			t.Fatalf("a concurrent render differs from a lone one (%d bytes, want %d)", len(b), want.Len())
		}
	}
}

// bigSchedule is a 300 × 200 event: 2,400 meetings over 24 slots.
func bigSchedule() Schedule {
	s := testSchedule()
	s.Event.Slots = slotsFrom(time.Date(2026, 12, 10, 8, 0, 0, 0, hcm), 24, 20)
	s.Event.Tables = 100
	s.Meetings, s.Participants = nil, nil
	for h := 0; h < 300; h++ {
		p := hostDongHai
		p.OrgID, p.Name = uint64(1000+h), fmt.Sprintf("Công ty Cổ phần Đông Hải %d", h)
		s.Participants = append(s.Participants, p)
	}
	for g := 0; g < 200; g++ {
		p := guestHanbit
		p.OrgID, p.Name = uint64(2000+g), fmt.Sprintf("한빛로보틱스 %d", g)
		s.Participants = append(s.Participants, p)
	}
	for i := 0; i < 2400; i++ {
		s.Meetings = append(s.Meetings, Meeting{ID: uint64(i + 1), Slot: i / 100, Table: i%100 + 1,
			Host: s.Participants[i%300], Guest: s.Participants[300+i%200],
			NeedTitle: "Tự động hóa dây chuyền hàn khung thép", OfferTitle: "협동 로봇 용접 셀", NeedSide: SideHost})
	}
	return s
}

func BenchmarkWriteXLSX(b *testing.B) {
	s := bigSchedule()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, s, "en"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	s := bigSchedule()
	for b.Loop() {
		if err := WriteCSV(io.Discard, s, "en"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteICS(b *testing.B) {
	s := bigSchedule()
	for b.Loop() {
		if err := WriteICS(io.Discard, s, 1000, "en"); err != nil {
			b.Fatal(err)
		}
	}
}
