package api_test

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/techmatch/techmatch/data"
)

// participantSheet writes an XLSX registration sheet as an organizer gets
// it: Vietnamese headers, names rather than ids, one row for an
// organization that never registered and one with a side that is neither.
func participantSheet(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	rows := [][]any{
		{"Tên tổ chức", "Vai trò", "Đoàn", "Số cuộc gặp tối đa", "Khung giờ"},
		{"Công ty CP Cảng Container Sao Biển Đình Vũ", "chủ nhà", "", 4, ""},
		{"Công ty TNHH Khai thác Bến Container Quốc tế Ngọc Lân", "host", "", 4, "sáng"},
		{"Énergie Quai SAS", "khách", "Pháp", 3, ""},
		{"Seaport Intelligence Inc. (씨포트인텔리전스)", "guest", "Hàn Quốc", 3, ""},
		{"Công ty Ma Không Đăng Ký", "guest", "Atlantis", 2, ""},
		{"Hanbit Energy Storage Co., Ltd. (한빛에너지저장)", "maybe", "Hàn Quốc", 2, ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "dang-ky.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBrowser_EventFromImportToAgenda(t *testing.T) {
	ts := mustStartDemo(t)
	ctx := browserTab(t)
	org := b{t: t, ctx: ctx, url: ts.URL}

	// The organizer creates the event.
	org.open("/signin")
	org.do("token", chromedp.SendKeys(chromedp.CSS("#token"), adminToken))
	org.submit(`form.form button[type=submit]`)
	org.open("/lang?to=en&next=/organizer")
	org.do("event", chromedp.SetValue(chromedp.CSS("#in-ev_name"), "Techfest Haiphong: technology connection"),
		chromedp.SetValue(chromedp.CSS("#in-venue"), "Trung tâm Hội nghị Thành phố Hải Phòng"),
		chromedp.SetValue(chromedp.CSS("#in-day"), "2026-12-10"),
		chromedp.SetValue(chromedp.CSS("#in-tables"), "2"),
		chromedp.SetValue(chromedp.CSS("#in-count"), "6"))
	org.submit(`form[action="/organizer/events"] button[type=submit]`)
	loc := org.location()
	if !strings.HasPrefix(loc, "/organizer/events/") {
		t.Fatalf("after creating: %s: %s", loc, clipText(org.text("main"), 600))
	}
	eventID, _ := strconv.ParseUint(strings.TrimPrefix(loc, "/organizer/events/"), 10, 64)
	base := "/organizer/events/" + strconv.FormatUint(eventID, 10)

	// Import from XLSX: the preview names the bad rows by line, nothing is
	// written until the organizer confirms.
	org.do("upload", chromedp.SetUploadFiles(chromedp.CSS("#sheet"), []string{participantSheet(t)}))
	org.submit("#import-preview")
	org.mustSee("#import-bad", "Line 6", "Công ty Ma Không Đăng Ký", "Line 7")
	org.mustSee("#import-good", "Énergie Quai SAS", "adds a participant")
	if ps, _ := ts.Store.Participants(eventID); len(ps) != 0 {
		t.Fatalf("the preview wrote %d participants", len(ps))
	}
	org.shot("organizer-import-preview")
	org.submit("#import-commit")
	org.mustSee("#import-result", "4 participants added")
	org.mustSee("#participants", "Énergie Quai SAS", "Công ty CP Cảng Container Sao Biển Đình Vũ", "Pháp")
	if ps, _ := ts.Store.Participants(eventID); len(ps) != 4 {
		t.Fatalf("%d participants after the import", len(ps))
	}
	org.shot("organizer-participants")

	// The enterprise asks the French partner for a meeting.
	ent := b{t: t, ctx: browserTab(t), url: ts.URL}
	ent.open("/signin")
	ent.do("token", chromedp.SendKeys(chromedp.CSS("#token"), "demo-sao-bien-port"))
	ent.submit(`form.form button[type=submit]`)
	ent.mustSee("main", "Techfest Haiphong: technology connection")
	ent.click(`a[href="/my/events/` + strconv.FormatUint(eventID, 10) + `"]`)
	ent.mustSee("main", "Nên gặp ai", "Énergie Quai SAS", "Cặp phù hợp nhất")
	ent.shot("enterprise-event")
	var energie uint64
	for _, p := range mustParticipants(t, ts, eventID) {
		if o, _ := ts.Store.Organization(p.OrgID); o.Name == "Énergie Quai SAS" {
			energie = o.ID
		}
	}
	// From its shore-power need, the best match (the French partner, in
	// English) carries a request button for the event both attend.
	var need data.Need
	for _, p := range mustParticipants(t, ts, eventID) {
		ns, _ := ts.Store.NeedsOf(p.OrgID)
		for _, n := range ns {
			if strings.HasPrefix(n.Title, "Đầu tư hệ thống cấp điện từ bờ") {
				need = n
			}
		}
	}
	if need.ID == 0 {
		t.Fatal("the demo shore-power need is missing")
	}
	ent.open("/needs/" + strconv.FormatUint(need.ID, 10))
	form := `.best form.request-form:has(input[name=to_org_id][value="` + strconv.FormatUint(energie, 10) + `"])`
	ent.mustSee(form, "Đề nghị gặp tại Techfest Haiphong")
	ent.do("message", chromedp.SetValue(chromedp.CSS(form+" input[name=message]"), "Chúng tôi muốn trao đổi về điện bờ 6,6 kV."))
	ent.shot("enterprise-need-request")
	ent.submit(form + " button")
	if loc := ent.location(); loc != "/needs/"+strconv.FormatUint(need.ID, 10) {
		t.Fatalf("after the request: %s", loc)
	}
	ent.mustSee(".flash", "Đã gửi yêu cầu")
	ent.mustSee(".best", "Đang chờ trả lời")
	ent.open("/my/events/" + strconv.FormatUint(eventID, 10))
	ent.mustSee("main", "Yêu cầu bạn đã gửi", "Énergie Quai SAS")
	// It would rather not meet the Korean partner: an intent the match
	// list honours.
	var seaport uint64
	for _, p := range mustParticipants(t, ts, eventID) {
		if o, _ := ts.Store.Organization(p.OrgID); strings.HasPrefix(o.Name, "Seaport Intelligence") {
			seaport = o.ID
		}
	}
	intent := `form.intent-form:has(input[name=to_org_id][value="` + strconv.FormatUint(seaport, 10) + `"])`
	ent.do("no thanks", chromedp.SetValue(chromedp.CSS(intent+" select"), "no_thanks"))
	ent.submit(intent + " button")
	ent.mustSee(".flash", "Đã lưu mong muốn")

	// The partner accepts it.
	par := b{t: t, ctx: browserTab(t), url: ts.URL}
	par.open("/signin")
	par.do("token", chromedp.SendKeys(chromedp.CSS("#token"), "demo-energie-quai"))
	par.submit(`form.form button[type=submit]`)
	par.open("/my/events/" + strconv.FormatUint(eventID, 10))
	par.mustSee("main", "Requests to answer (1)", "Công ty CP Cảng Container Sao Biển Đình Vũ", "điện bờ 6,6 kV")
	par.shot("partner-inbox")
	par.submit(`ul.requests form[action$="/accept"] button`)
	par.mustSee(".flash", "Accepted")
	par.mustSee("main", "Answered requests", "Accepted")

	// The organizer sees it, builds the match list (the accepted request
	// forced in) and the schedule, moves a meeting and publishes.
	org.open(base + "/requests")
	org.mustSee("main", "Énergie Quai SAS", "Accepted")
	org.open(base + "/matches")
	org.submit("#build-matchlist")
	org.mustSee("#ml-totals", "Optimal total score", "Greedy total score")
	org.mustSee("#matchlist", "Énergie Quai SAS", "forced")
	if ml, _ := ts.Store.EventState(eventID); ml.MatchList != nil {
		for _, m := range ml.MatchList.Meetings {
			if m.GuestOrgID == seaport && mustOrgName(t, ts, m.HostOrgID) == "Công ty CP Cảng Container Sao Biển Đình Vũ" {
				t.Fatal("a no-thanks pair is in the match list")
			}
		}
	}
	org.shot("organizer-matchlist")
	org.open(base + "/schedule")
	org.submit("#build-schedule")
	org.mustSee(".flash", "The schedule is built")
	org.mustSee("#grid", "Table 1", "Énergie Quai SAS")
	org.mustSee("#slots-used", "no schedule can use fewer than")
	sch, _ := ts.Store.Schedule(eventID)
	if len(sch.Meetings) < 2 {
		t.Fatalf("%d meetings placed", len(sch.Meetings))
	}
	// A move onto a slot where one side already meets is refused and said so.
	first, clash := sch.Meetings[0], data.Meeting{}
	for _, m := range sch.Meetings[1:] {
		if m.Slot != first.Slot && (m.HostOrgID == first.HostOrgID || m.GuestOrgID == first.GuestOrgID) {
			clash = m
			break
		}
	}
	if clash.ID == 0 {
		t.Fatalf("no meeting shares a participant with meeting %d in another slot: %+v", first.ID, sch.Meetings)
	}
	{
		sel := "#move-" + strconv.FormatUint(first.ID, 10)
		org.do("choose a busy slot", chromedp.SetValue(chromedp.CSS(sel+" select[name=slot]"), strconv.Itoa(clash.Slot)))
		org.submit(sel + ` button[value=move]`)
		org.mustSee(".problem", "Refused", "already has meeting")
		org.shot("organizer-move-refused")
	}
	// A move to a free slot goes through.
	free := len(mustEvent(t, ts, eventID).Slots) - 1
	sel := "#move-" + strconv.FormatUint(first.ID, 10)
	org.do("choose a free slot", chromedp.SetValue(chromedp.CSS(sel+" select[name=slot]"), strconv.Itoa(free)), chromedp.SetValue(chromedp.CSS(sel+" select[name=table]"), "2"))
	org.submit(sel + ` button[value=move]`)
	org.mustSee(".flash", "The meeting is moved")
	if sch, _ := ts.Store.Schedule(eventID); sch.Meetings[0].Slot != free || sch.Meetings[0].Table != 2 {
		t.Fatalf("moved meeting at slot %d table %d", sch.Meetings[0].Slot, sch.Meetings[0].Table)
	}
	org.shot("organizer-schedule")
	org.submit("#publish")
	org.mustSee(".flash", "The schedule is published")

	// The enterprise downloads its agenda.
	ent.open("/my/events/" + strconv.FormatUint(eventID, 10))
	ent.mustSee("main", "Lịch gặp", "Énergie Quai SAS")
	ent.shot("enterprise-agenda")
	cookies := ent.eval(`document.cookie`) // HttpOnly: the session is not readable by scripts
	if strings.Contains(cookies, "tm_session") {
		t.Fatal("the session cookie is readable by scripts")
	}
	pdf := ent.download("/my/events/" + strconv.FormatUint(eventID, 10) + "/agenda.pdf")
	if !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("agenda.pdf starts %q", pdf[:min(len(pdf), 16)])
	}
	if txt := pdfText(t, pdf); txt != "" && !strings.Contains(txt, "Énergie Quai SAS") {
		t.Fatalf("the PDF agenda does not name the partner: %s", clipText(txt, 800))
	}
	ics := string(ent.download("/my/events/" + strconv.FormatUint(eventID, 10) + "/agenda.ics"))
	if !strings.Contains(ics, "BEGIN:VCALENDAR") || !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "Énergie Quai SAS") {
		t.Fatalf("agenda.ics: %s", clipText(ics, 800))
	}
}

// download fetches a file with the tab's own cookies, the way a click on
// the download link would.
func (x b) download(path string) []byte {
	x.t.Helper()
	got, err := chromedp.Run(x.ctx, chromedp.Evaluate[string](`fetch(`+strconv.Quote(path)+`, {credentials: "same-origin"}).then(async r => {
		if (!r.ok) throw new Error("HTTP " + r.status);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const c of b) s += String.fromCharCode(c);
		return btoa(s);
	})`, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		x.t.Fatalf("download %s: %v", path, err)
	}
	raw, err := base64.StdEncoding.DecodeString(got)
	if err != nil {
		x.t.Fatal(err)
	}
	return raw
}

// pdfText is the text of a PDF by pdftotext, "" where it is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	path := filepath.Join(t.TempDir(), "agenda.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func mustParticipants(t *testing.T, ts *testServer, id uint64) []data.Participant {
	ps, err := ts.Store.Participants(id)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func mustEvent(t *testing.T, ts *testServer, id uint64) data.Event {
	ev, err := ts.Store.Event(id)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func mustOrgName(t *testing.T, ts *testServer, id uint64) string {
	o, err := ts.Store.Organization(id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Name
}
