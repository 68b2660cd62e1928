package export

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/signintech/gopdf"
)

// Page geometry in points (A4 portrait).
const (
	pageW, pageH   = 595.28, 841.89
	marginX        = 42.0
	marginTop      = 44.0
	marginBottom   = 52.0
	contentW       = pageW - 2*marginX
	colTimeW       = 84.0
	colTableW      = 40.0
	colWithW       = 172.0
	colTopicW      = contentW - colTimeW - colTableW - colWithW
	rowPad         = 5.0
	lineGap        = 1.35 // line height as a multiple of the font size
	freeRowHeight  = 17.0
	tableHeadRoom  = 18.0
	dayHeadingRoom = 24.0
)

var (
	stTitle     = style{size: 17, bold: true, r: 20, g: 33, b: 61}
	stSubtitle  = style{size: 10, r: 70, g: 70, b: 70}
	stOrg       = style{size: 14, bold: true, r: 20, g: 20, b: 20}
	stOrgMeta   = style{size: 10, r: 70, g: 70, b: 70}
	stSmallGrey = style{size: 8.5, r: 110, g: 110, b: 110}
	stDay       = style{size: 11.5, bold: true, r: 20, g: 33, b: 61}
	stColHead   = style{size: 8.5, bold: true, r: 90, g: 90, b: 90}
	stTime      = style{size: 10, bold: true, r: 20, g: 20, b: 20}
	stTable     = style{size: 12, bold: true, r: 20, g: 33, b: 61}
	stName      = style{size: 10, r: 20, g: 20, b: 20}
	stTopic     = style{size: 9, r: 40, g: 40, b: 40}
	stFlag      = style{size: 8.5, bold: true, r: 176, g: 74, b: 0}
	stFree      = style{size: 8.5, r: 150, g: 150, b: 150}
	stWarn      = style{size: 10, bold: true, r: 150, g: 30, b: 30}
	stWatermark = style{size: 80, bold: true, r: 236, g: 236, b: 236}
)

// agendaRow is one row of the agenda table, laid out before drawing.
type agendaRow struct {
	day       int
	time      string
	table     string
	name      []string
	meta      []string
	flag      string
	topic     []string
	free      bool
	note      string // of a free row: "—" or "not available"
	cancelled bool
	height    float64
}

// WritePDF writes one participant's agenda as a printable A4 PDF (English,
// or Vietnamese for lang "vi"): the event, its venue and time zone, the
// participant, then per day each slot with its time, table, counterpart
// (country, delegation), what the meeting is about (the need and the offer,
// from the participant's point of view) and whether an interpreter is
// needed; runs of free slots are one short row, and so are runs of slots
// outside the participant's availability ("not available"). A provisional schedule has
// a watermark and a warning. Fonts are embedded, so Vietnamese and Korean
// names print right offline. Returns ErrNotParticipant if orgID is not in
// the event.
func WritePDF(w io.Writer, s Schedule, orgID uint64, lang string) error {
	p, err := prepare(s)
	if err != nil {
		return err
	}
	me, ok := p.participant(orgID)
	if !ok {
		return ErrNotParticipant
	}
	l := labelsFor(lang)
	// A long day (30 slots, long titles) would take more than two pages:
	// then each need and offer gets one line, cut with an ellipsis.
	var gp *gopdf.GoPdf
	for _, topicLines := range []int{3, 1} {
		gp = &gopdf.GoPdf{}
		gp.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
		gp.SetInfo(gopdf.PdfInfo{
			Title:        clean(s.Event.Name) + " – " + clean(me.Name),
			Subject:      l.AgendaTitle,
			Creator:      "techmatch",
			Producer:     "techmatch",
			CreationDate: s.GeneratedAt,
		})
		tw, err := newTextWriter(gp)
		if err != nil {
			return err
		}
		d := &agendaDoc{p: p, l: l, tw: tw, gp: gp, me: me, topicLines: topicLines}
		if err := d.render(d.layoutRows(orgID)); err != nil {
			return err
		}
		if d.pages <= 2 {
			break
		}
	}
	_, err = gp.WriteTo(w)
	return err
}

type agendaDoc struct {
	p  *prepared
	l  *labels
	tw *textWriter
	gp *gopdf.GoPdf
	me Party
	y  float64
	// topicLines caps the lines of each need and offer.
	topicLines int
	// page numbers are drawn at the end, when the count is known.
	pages int
}

// layoutRows builds the rows of the agenda table with their wrapped lines
// and heights.
func (d *agendaDoc) layoutRows(orgID uint64) []agendaRow {
	p, l, tw := d.p, d.l, d.tw
	bySlot := map[int][]Meeting{}
	for _, m := range p.agendaOf(orgID) {
		bySlot[m.Slot] = append(bySlot[m.Slot], m)
	}
	available := make([]bool, len(p.Event.Slots))
	for i := range available {
		available[i] = len(d.me.AvailableSlots) == 0
	}
	for _, i := range d.me.AvailableSlots {
		if i >= 0 && i < len(available) {
			available[i] = true
		}
	}
	var rows []agendaRow
	for di, dy := range p.days {
		daySlots := dy.slots
		// Days without a meeting for this participant are left out.
		busy := false
		for _, i := range daySlots {
			busy = busy || len(bySlot[i]) > 0
		}
		if !busy {
			continue
		}
		for k := 0; k < len(daySlots); k++ {
			i := daySlots[k]
			ms := bySlot[i]
			if len(ms) == 0 {
				// A run of free slots is one row, and so is a run of slots
				// the participant said it cannot attend.
				j := k
				for j+1 < len(daySlots) && len(bySlot[daySlots[j+1]]) == 0 && available[daySlots[j+1]] == available[i] {
					j++
				}
				sl, el := p.Event.Slots[i], p.Event.Slots[daySlots[j]]
				note := "—"
				if !available[i] {
					note = l.NotAvailable
				}
				rows = append(rows, agendaRow{day: di, free: true, height: freeRowHeight, note: note,
					time: sl.Start.In(p.loc).Format("15:04") + "–" + el.End().In(p.loc).Format("15:04")})
				k = j
				continue
			}
			for _, m := range ms {
				other := counterpart(m, orgID)
				r := agendaRow{day: di, time: p.slotTimes(i), table: fmt.Sprint(m.Table), cancelled: m.Cancelled()}
				name := clean(other.Name)
				if m.Cancelled() {
					name += " (" + l.CancelledNote + ")"
				}
				r.name = tw.wrapMax(name, stName, colWithW-8, 2)
				var meta []string
				if c := l.country(other.Country); c != "" {
					meta = append(meta, c)
				}
				if dl := clean(other.Delegation); dl != "" && dl != clean(other.Country) && dl != l.country(other.Country) {
					meta = append(meta, l.Delegation+": "+dl)
				}
				if len(other.Languages) > 0 {
					meta = append(meta, strings.ToUpper(strings.Join(other.Languages, ", ")))
				}
				if len(meta) > 0 {
					r.meta = tw.wrapMax(strings.Join(meta, " · "), stSmallGrey, colWithW-8, 1)
				}
				if m.InterpreterNeeded && !m.Cancelled() {
					r.flag = l.InterpreterNeeded
				}
				for _, line := range topicLines(l, m, orgID) {
					r.topic = append(r.topic, tw.wrapMax(line, stTopic, colTopicW-4, d.topicLines)...)
				}
				left := float64(len(r.name))*stName.size*lineGap + float64(len(r.meta))*stSmallGrey.size*lineGap
				if r.flag != "" {
					left += stFlag.size * lineGap
				}
				right := float64(len(r.topic)) * stTopic.size * lineGap
				r.height = max(left, right, stTable.size*lineGap) + 2*rowPad
				rows = append(rows, r)
			}
		}
	}
	return rows
}

func (d *agendaDoc) newPage() error {
	d.gp.AddPage()
	d.pages++
	if d.p.Provisional {
		// The watermark goes first, under everything else.
		txt := d.l.Provisional
		wd := d.tw.width(txt, stWatermark)
		d.gp.Rotate(40, pageW/2, pageH/2)
		if _, err := d.tw.draw(pageW/2-wd/2, pageH/2+stWatermark.size/3, txt, stWatermark); err != nil {
			return err
		}
		d.gp.RotateReset()
	}
	d.y = marginTop
	if d.pages > 1 {
		head := clean(d.p.Event.Name) + " – " + clean(d.me.Name)
		if lines := d.tw.wrap(head, stSmallGrey, contentW); len(lines) > 0 {
			if _, err := d.tw.draw(marginX, d.y+stSmallGrey.size, lines[0], stSmallGrey); err != nil {
				return err
			}
		}
		d.y += stSmallGrey.size*lineGap + 8
	}
	return nil
}

// lines draws lines of text from the current y, advancing it.
func (d *agendaDoc) lines(x float64, lines []string, st style) error {
	for _, ln := range lines {
		if _, err := d.tw.draw(x, d.y+st.size, ln, st); err != nil {
			return err
		}
		d.y += st.size * lineGap
	}
	return nil
}

func (d *agendaDoc) render(rows []agendaRow) error {
	p, l, tw, gp := d.p, d.l, d.tw, d.gp
	if err := d.newPage(); err != nil {
		return err
	}
	// Heading: event, venue, the participant, the time zone.
	if err := d.lines(marginX, tw.wrap(clean(p.Event.Name), stTitle, contentW), stTitle); err != nil {
		return err
	}
	if v := clean(p.Event.Venue); v != "" {
		if err := d.lines(marginX, tw.wrap(l.Venue+": "+v, stSubtitle, contentW), stSubtitle); err != nil {
			return err
		}
	}
	d.y += 8
	gp.SetStrokeColor(20, 33, 61)
	gp.SetLineWidth(1.2)
	gp.Line(marginX, d.y, pageW-marginX, d.y)
	d.y += 10
	if err := d.lines(marginX, tw.wrap(l.AgendaTitle+": "+clean(d.me.Name), stOrg, contentW), stOrg); err != nil {
		return err
	}
	var meta []string
	if c := l.country(d.me.Country); c != "" {
		meta = append(meta, c)
	}
	if sd := l.side(d.me.Side); sd != "" {
		meta = append(meta, sd)
	}
	if dl := clean(d.me.Delegation); dl != "" {
		meta = append(meta, l.Delegation+": "+dl)
	}
	if len(meta) > 0 {
		if err := d.lines(marginX, tw.wrap(strings.Join(meta, " · "), stOrgMeta, contentW), stOrgMeta); err != nil {
			return err
		}
	}
	if err := d.lines(marginX, []string{l.TimeZone + " " + zoneLabel(p)}, stSmallGrey); err != nil {
		return err
	}
	if p.Provisional {
		d.y += 6
		box := tw.wrap(l.ProvisionalNote, stWarn, contentW-16)
		h := float64(len(box))*stWarn.size*lineGap + 10
		gp.SetFillColor(253, 236, 234)
		gp.SetStrokeColor(150, 30, 30)
		gp.SetLineWidth(0.8)
		gp.RectFromUpperLeftWithStyle(marginX, d.y, contentW, h, "FD")
		d.y += 5
		if err := d.lines(marginX+8, box, stWarn); err != nil {
			return err
		}
		d.y += 5
	}
	d.y += 10
	if len(rows) == 0 {
		return d.finish(d.lines(marginX, tw.wrap(l.NoMeetings, stName, contentW), stName))
	}
	lastDay := -1
	for _, r := range rows {
		need := r.height
		if r.day != lastDay {
			need += dayHeadingRoom + tableHeadRoom
		}
		if d.y+need > pageH-marginBottom {
			if err := d.newPage(); err != nil {
				return err
			}
			if r.day == lastDay {
				if err := d.columnHeads(); err != nil {
					return err
				}
			}
		}
		if r.day != lastDay {
			d.y += 4
			if err := d.lines(marginX, []string{l.DayHeading(p.days[r.day].date)}, stDay); err != nil {
				return err
			}
			d.y += 2
			if err := d.columnHeads(); err != nil {
				return err
			}
			lastDay = r.day
		}
		if err := d.row(r); err != nil {
			return err
		}
	}
	return d.finish(nil)
}

// zoneLabel is "Asia/Ho_Chi_Minh (UTC+07:00)"; an event whose slots span a
// summer-time change names each offset in turn: "Europe/Berlin (UTC+01:00 /
// UTC+02:00)".
func zoneLabel(p *prepared) string {
	starts := make([]time.Time, len(p.Event.Slots))
	for i, s := range p.Event.Slots {
		starts[i] = s.Start
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	var offs []string
	for _, at := range starts {
		off := "UTC" + at.In(p.loc).Format("-07:00")
		if len(offs) == 0 || offs[len(offs)-1] != off {
			offs = append(offs, off)
		}
	}
	if len(offs) == 0 {
		offs = append(offs, "UTC"+p.GeneratedAt.In(p.loc).Format("-07:00"))
	}
	return p.loc.String() + " (" + strings.Join(offs, " / ") + ")"
}

func (d *agendaDoc) columnHeads() error {
	l := d.l
	x := marginX
	for _, c := range []struct {
		text string
		w    float64
	}{{l.Time, colTimeW}, {l.Table, colTableW}, {l.Counterpart, colWithW}, {l.Topic, colTopicW}} {
		if _, err := d.tw.draw(x, d.y+stColHead.size, strings.ToUpper(c.text), stColHead); err != nil {
			return err
		}
		x += c.w
	}
	d.y += stColHead.size*lineGap + 3
	d.gp.SetStrokeColor(150, 150, 150)
	d.gp.SetLineWidth(0.6)
	d.gp.Line(marginX, d.y, pageW-marginX, d.y)
	return nil
}

func (d *agendaDoc) row(r agendaRow) error {
	gp, tw := d.gp, d.tw
	top := d.y
	if r.free {
		if _, err := tw.draw(marginX, top+rowPad+stFree.size, r.time, stFree); err != nil {
			return err
		}
		if _, err := tw.draw(marginX+colTimeW+colTableW, top+rowPad+stFree.size, r.note, stFree); err != nil {
			return err
		}
		d.y = top + r.height
		gp.SetStrokeColor(225, 225, 225)
		gp.SetLineWidth(0.4)
		gp.Line(marginX, d.y, pageW-marginX, d.y)
		return nil
	}
	grey := func(st style) style {
		if r.cancelled {
			st.r, st.g, st.b = 150, 150, 150
		}
		return st
	}
	if _, err := tw.draw(marginX, top+rowPad+stTime.size, r.time, grey(stTime)); err != nil {
		return err
	}
	if _, err := tw.draw(marginX+colTimeW, top+rowPad+stTable.size, r.table, grey(stTable)); err != nil {
		return err
	}
	d.y = top + rowPad
	x := marginX + colTimeW + colTableW
	if err := d.lines(x, r.name, grey(stName)); err != nil {
		return err
	}
	if err := d.lines(x, r.meta, stSmallGrey); err != nil {
		return err
	}
	if r.flag != "" {
		if err := d.lines(x, []string{"▲ " + r.flag}, stFlag); err != nil {
			return err
		}
	}
	d.y = top + rowPad
	if err := d.lines(x+colWithW, r.topic, grey(stTopic)); err != nil {
		return err
	}
	d.y = top + r.height
	gp.SetStrokeColor(210, 210, 210)
	gp.SetLineWidth(0.4)
	gp.Line(marginX, d.y, pageW-marginX, d.y)
	return nil
}

// finish draws the footer of every page: when the file was made and
// "Page n / N".
func (d *agendaDoc) finish(err error) error {
	if err != nil {
		return err
	}
	gen := d.p.GeneratedAt
	left := "techmatch"
	if !gen.IsZero() {
		left = d.l.Generated + " " + gen.In(d.p.loc).Format("2006-01-02 15:04") + " · techmatch"
	}
	for n := 1; n <= d.pages; n++ {
		if err := d.gp.SetPage(n); err != nil {
			return err
		}
		y := pageH - marginBottom + 24
		if _, err := d.tw.draw(marginX, y, left, stSmallGrey); err != nil {
			return err
		}
		right := fmt.Sprintf("%s %d / %d", d.l.Page, n, d.pages)
		wd := d.tw.width(right, stSmallGrey)
		if _, err := d.tw.draw(pageW-marginX-wd, y, right, stSmallGrey); err != nil {
			return err
		}
	}
	return nil
}
