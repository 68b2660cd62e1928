package match

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ScheduleInput is what ScheduleMeetings places: meetings into slots
// 0..Slots-1, at most Tables meetings per slot (Tables <= 0: no limit).
//
// Available maps a party to its slot availability: slot s is available
// when Available[party][s] is true. A party that is absent, or whose list
// is empty, is available in every slot; slots beyond a non-empty list are
// not available.
type ScheduleInput struct {
	Slots     int
	Tables    int
	Meetings  []SchedMeeting // index = meeting number
	Available map[uint64][]bool

	// Optional, for the sentences of UnplacedMeeting.Detail: party names
	// ("host 12" otherwise) and a label per slot such as its start time,
	// shown beside the slot number ("slot 3 (10:00)").
	Names      map[uint64]string
	SlotLabels []string
}

// SchedMeeting is one meeting to place. Slot -1 means not yet placed; a
// slot >= 0 is kept (placed by the organizer), and so is Table when it is
// in 1..Tables and free (0: any table). When not every meeting fits, the
// ones with the higher Score (the match list's) are kept first; with equal
// scores, the lower meeting numbers.
type SchedMeeting struct {
	Host, Guest uint64
	Slot        int
	Table       int
	Score       float64
}

// Placement puts meeting number Meeting in Slot at Table (1..Tables).
type Placement struct {
	Meeting, Slot, Table int
}

// UnplacedMeeting is a meeting ScheduleMeetings could not place, with a
// reason code and a sentence naming the slots.
type UnplacedMeeting struct {
	Meeting int
	Reason  string // one of the Unplaced* codes
	Detail  string
}

// Schedule is the result of ScheduleMeetings. SlotsUsed counts the slots
// holding at least one meeting; LowerBound is the largest number of
// meetings of any one party (fixed ones included): no schedule uses fewer
// slots.
type Schedule struct {
	Placed     []Placement // by slot, then table
	Unplaced   []UnplacedMeeting
	SlotsUsed  int
	LowerBound int
}

// Reasons of UnplacedMeeting.
const (
	// UnplacedNoCommonSlot: no slot in which both parties are available.
	UnplacedNoCommonSlot = "no_common_slot"
	// UnplacedTablesFull: every common slot in which both are free has
	// all its tables taken.
	UnplacedTablesFull = "tables_full"
	// UnplacedParticipantBusy: in every common slot one of the two
	// already has a meeting.
	UnplacedParticipantBusy = "participant_busy"
	// UnplacedFixedSlotUnavailable: a meeting fixed in a slot that does
	// not exist or in which a party is not available.
	UnplacedFixedSlotUnavailable = "fixed_slot_unavailable"
	// UnplacedInvalid: a meeting of a party with itself.
	UnplacedInvalid = "invalid_meeting"
)

// ScheduleMeetings places meetings in slots and at tables: at most one
// meeting per party per slot, at most Tables per slot, only in slots both
// parties are available; fixed meetings keep their slot. Every meeting is
// either placed or listed as unplaced with its reason.
//
// Without availability limits or fixed meetings, and with Slots >=
// LowerBound and Tables >= ceil(meetings / LowerBound), it uses exactly
// the first LowerBound slots: the meetings form a bipartite multigraph of
// maximum degree D = LowerBound, which König's theorem colours with D
// colours; each meeting takes the first colour free at both ends or, when
// none is, a Kempe chain (an alternating path of two colours) is flipped
// to free one. The colour classes are then evened out (moving a meeting
// along an alternating path from a fuller slot to an emptier one) so that
// no slot needs more than ceil(meetings / D) tables. With availability
// limits (NP-complete in general) the same moves serve a heuristic: the
// meeting with the fewest slots still open goes next (as DSATUR does for
// vertex colouring), into its earliest possible slot, chains restricted to
// slots where every moved meeting is allowed; room is then made in full
// slots, and each meeting still unplaced takes a slot by displacing the
// meetings in its way, which are placed elsewhere in turn or replaced by
// another unplaced meeting of their parties (ejection chains, two levels
// deep, undone when they fail). On small random instances this places all
// but one meeting in a thousand of the exhaustive optimum.
//
// The result depends only on the input; meetings are taken in index order
// among equals.
func ScheduleMeetings(in ScheduleInput) Schedule {
	s := newScheduler(in)
	s.run()
	return s.result()
}

type scheduler struct {
	in       ScheduleInput
	slots    int
	tables   int
	parties  []uint64 // vertex -> party id
	u, v     []int32  // meeting -> host, guest vertex
	avail    []bool   // vertex*slots + slot
	busy     []int32  // vertex*slots + slot -> meeting, -1 free
	slotOf   []int32  // meeting -> slot, -1 unplaced
	fixed    []bool
	members  [][]int32 // slot -> meetings
	pos      []int32   // meeting -> position in members[slotOf]
	reason   []string  // fixed meetings refused
	detail   []string
	degree   []int32
	maxDeg   int
	stamp    []int32 // meeting -> walk stamp
	curStamp int32
	chain    []int32
	options  []int32   // meeting -> number of slots both parties are available in
	locked   []bool    // meetings a repair in progress may not move
	inc      [][]int32 // party -> its meetings
	journal  []journalEntry
	logging  bool
}

// journalEntry records a meeting's slot before a change, so that a repair
// that fails can be undone.
type journalEntry struct{ e, prev int32 }

func newScheduler(in ScheduleInput) *scheduler {
	n := len(in.Meetings)
	s := &scheduler{in: in, slots: max(in.Slots, 0), tables: in.Tables}
	if s.tables <= 0 {
		s.tables = n
	}
	ids := make([]uint64, 0, 2*n)
	for _, m := range in.Meetings {
		ids = append(ids, m.Host, m.Guest)
	}
	slices.Sort(ids)
	s.parties = slices.Compact(ids)
	vertex := func(id uint64) int32 {
		i, _ := slices.BinarySearch(s.parties, id)
		return int32(i)
	}
	nv := len(s.parties)
	s.u, s.v = make([]int32, n), make([]int32, n)
	s.degree = make([]int32, nv)
	for i, m := range in.Meetings {
		s.u[i], s.v[i] = vertex(m.Host), vertex(m.Guest)
		if m.Host != m.Guest {
			s.degree[s.u[i]]++
			s.degree[s.v[i]]++
		}
	}
	for _, d := range s.degree {
		s.maxDeg = max(s.maxDeg, int(d))
	}
	s.avail = make([]bool, nv*s.slots)
	s.busy = make([]int32, nv*s.slots)
	for x, id := range s.parties {
		a := in.Available[id]
		for t := 0; t < s.slots; t++ {
			s.avail[x*s.slots+t] = len(a) == 0 || t < len(a) && a[t]
			s.busy[x*s.slots+t] = -1
		}
	}
	s.slotOf = make([]int32, n)
	s.pos = make([]int32, n)
	s.fixed = make([]bool, n)
	s.reason, s.detail = make([]string, n), make([]string, n)
	s.stamp = make([]int32, n)
	for i := range s.slotOf {
		s.slotOf[i] = -1
	}
	s.members = make([][]int32, s.slots)
	return s
}

func (s *scheduler) free(x int32, t int) bool { return s.busy[int(x)*s.slots+t] < 0 }

func (s *scheduler) availableAt(x int32, t int) bool { return s.avail[int(x)*s.slots+t] }

func (s *scheduler) allowed(e int32, t int) bool {
	return s.availableAt(s.u[e], t) && s.availableAt(s.v[e], t)
}

func (s *scheduler) other(e, x int32) int32 {
	if s.u[e] == x {
		return s.v[e]
	}
	return s.u[e]
}

func (s *scheduler) place(e int32, t int) {
	if s.logging {
		s.journal = append(s.journal, journalEntry{e, -1})
	}
	s.slotOf[e] = int32(t)
	s.busy[int(s.u[e])*s.slots+t] = e
	s.busy[int(s.v[e])*s.slots+t] = e
	s.pos[e] = int32(len(s.members[t]))
	s.members[t] = append(s.members[t], e)
}

func (s *scheduler) remove(e int32) {
	t := int(s.slotOf[e])
	if s.logging {
		s.journal = append(s.journal, journalEntry{e, int32(t)})
	}
	s.busy[int(s.u[e])*s.slots+t] = -1
	s.busy[int(s.v[e])*s.slots+t] = -1
	ms := s.members[t]
	last := ms[len(ms)-1]
	ms[s.pos[e]] = last
	s.pos[last] = s.pos[e]
	s.members[t] = ms[:len(ms)-1]
	s.slotOf[e] = -1
}

func (s *scheduler) count(t int) int { return len(s.members[t]) }

// undo reverts the changes journaled since mark.
func (s *scheduler) undo(mark int) {
	logging := s.logging
	s.logging = false
	for i := len(s.journal) - 1; i >= mark; i-- {
		j := s.journal[i]
		if s.slotOf[j.e] >= 0 {
			s.remove(j.e)
		}
		if j.prev >= 0 {
			s.place(j.e, int(j.prev))
		}
	}
	s.journal = s.journal[:mark]
	s.logging = logging
}

func (s *scheduler) run() {
	n := len(s.in.Meetings)
	var free []int32
	for i, m := range s.in.Meetings {
		e := int32(i)
		switch {
		case m.Host == m.Guest:
			s.reason[e] = UnplacedInvalid
			s.detail[e] = fmt.Sprintf("%s cannot meet itself", s.name(m.Host, "party"))
		case m.Slot >= 0:
			s.fix(e, m.Slot)
		default:
			free = append(free, e)
		}
	}
	if s.slots == 0 {
		return
	}
	// Most constrained first: fewest common slots, then the busiest
	// parties, then the best score, then meeting number.
	s.options = make([]int32, n)
	s.locked = make([]bool, n)
	options := s.options
	for _, e := range free {
		for t := 0; t < s.slots; t++ {
			if s.allowed(e, t) {
				options[e]++
			}
		}
	}
	slices.SortStableFunc(free, func(a, b int32) int {
		if c := cmp.Compare(options[a], options[b]); c != 0 {
			return c
		}
		da := max(s.degree[s.u[a]], s.degree[s.v[a]])
		db := max(s.degree[s.u[b]], s.degree[s.v[b]])
		if c := cmp.Compare(db, da); c != 0 {
			return c
		}
		return cmp.Compare(s.in.Meetings[b].Score, s.in.Meetings[a].Score)
	})

	// Colour first with the tables ignored, in the first LowerBound slots
	// if possible (König), then anywhere. The order is dynamic (as DSATUR for vertex colouring): next is the
	// meeting with the fewest slots still open to both its parties, ties
	// by the order above.
	var pending []int32
	s.inc = s.incidence()
	inc := s.inc
	rank := make([]int64, n)
	var queue rankHeap
	key := func(e int32) int64 { return int64(s.open(e))<<32 | rank[e] }
	for i, e := range free {
		rank[e] = int64(i)
		if options[e] > 0 {
			queue.push(rankItem{key(e), e})
		}
	}
	done := make([]bool, n)
	for len(queue) > 0 {
		it := queue.pop()
		e := it.v
		if done[e] {
			continue
		}
		if k := key(e); k != it.k {
			queue.push(rankItem{k, e}) // stale: a neighbour moved
			continue
		}
		done[e] = true
		if !s.colour(e, min(s.maxDeg, s.slots), false) && !s.colour(e, s.slots, false) {
			pending = append(pending, e)
			continue
		}
		for _, x := range [2]int32{s.u[e], s.v[e]} {
			for _, f := range inc[x] {
				if !done[f] && !s.fixed[f] && options[f] > 0 {
					queue.push(rankItem{key(f), f})
				}
			}
		}
	}
	s.equalize()
	pending = append(pending, s.enforceTables()...)
	// Then the meetings left over, tables counted, making room where needed.
	slices.SortFunc(pending, func(e, f int32) int { return s.compare(e, f) })
	for _, e := range pending {
		if !s.colour(e, s.slots, true) {
			s.makeRoom(e)
		}
	}
	s.repair()
}

// ejectDepth bounds the ejection chains of repair: a meeting may displace
// others, which may displace others in turn, this many levels deep.
const ejectDepth = 2

// repair places the meetings still unplaced for which every common slot
// has a party busy: the meeting takes such a slot, the one or two meetings
// in its way are placed elsewhere (directly, by a Kempe chain, or by
// displacing others in turn); a chain that fails is undone.
func (s *scheduler) repair() {
	s.logging = true
	defer func() { s.logging = false }()
	for pass := 0; pass < 2; pass++ {
		improved := false
		for _, e := range s.priority() {
			if s.slotOf[e] >= 0 || s.reason[e] != "" || s.options[e] == 0 {
				continue
			}
			s.journal = s.journal[:0]
			if s.eject(e, ejectDepth) {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}

// fill places, instead of the meeting f taken out, another unplaced
// meeting of f's parties.
func (s *scheduler) fill(f int32) bool {
	for _, x := range [2]int32{s.u[f], s.v[f]} {
		for _, g := range s.inc[x] {
			if g != f && s.slotOf[g] < 0 && !s.locked[g] && s.reason[g] == "" && s.options[g] > 0 && s.colour(g, s.slots, true) {
				return true
			}
		}
	}
	return false
}

// eject places e in a slot allowed for it by taking out the meetings of
// its parties there and placing those again; on failure it undoes its
// changes and returns false.
func (s *scheduler) eject(e int32, depth int) bool {
	mark := len(s.journal)
	x, y := s.u[e], s.v[e]
	s.locked[e] = true
	defer func() { s.locked[e] = false }()
	for a := 0; a < s.slots; a++ {
		if !s.allowed(e, a) {
			continue
		}
		var out []int32
		ok := true
		for _, p := range [2]int32{x, y} {
			f := s.busy[int(p)*s.slots+a]
			if f < 0 || slices.Contains(out, f) {
				continue
			}
			if s.fixed[f] || s.locked[f] {
				ok = false
				break
			}
			out = append(out, f)
		}
		if !ok || len(out) == 0 || s.count(a)-len(out) >= s.tables {
			continue
		}
		for _, f := range out {
			s.remove(f)
			s.locked[f] = true
		}
		s.place(e, a)
		placed := true
		for _, f := range out {
			// f goes elsewhere, or another unplaced meeting of its parties
			// takes its place in the count (f then waits for a later pass).
			if !s.colour(f, s.slots, true) && (depth <= 1 || !s.eject(f, depth-1)) && !s.fill(f) {
				placed = false
				break
			}
		}
		for _, f := range out {
			s.locked[f] = false
		}
		if placed {
			return true
		}
		s.undo(mark)
	}
	return false
}

// open counts the slots allowed for e in which both parties are free.
func (s *scheduler) open(e int32) int {
	n := 0
	for t := 0; t < s.slots; t++ {
		if s.allowed(e, t) && s.free(s.u[e], t) && s.free(s.v[e], t) {
			n++
		}
	}
	return n
}

// incidence lists the meetings of each party.
func (s *scheduler) incidence() [][]int32 {
	inc := make([][]int32, len(s.parties))
	for e := range s.u {
		if s.u[e] != s.v[e] {
			inc[s.u[e]] = append(inc[s.u[e]], int32(e))
			inc[s.v[e]] = append(inc[s.v[e]], int32(e))
		}
	}
	return inc
}

// fix places a meeting the organizer put in slot t, if it still fits.
func (s *scheduler) fix(e int32, t int) {
	s.fixed[e] = true
	switch {
	case t >= s.slots:
		s.reason[e] = UnplacedFixedSlotUnavailable
		s.detail[e] = fmt.Sprintf("fixed in slot %d, but the event has %d slots", t, s.slots)
	case !s.availableAt(s.u[e], t) || !s.availableAt(s.v[e], t):
		who := s.host(e)
		if s.availableAt(s.u[e], t) {
			who = s.guest(e)
		}
		s.reason[e] = UnplacedFixedSlotUnavailable
		s.detail[e] = fmt.Sprintf("fixed in %s, where %s is not available", s.slotName(t), who)
	case !s.free(s.u[e], t) || !s.free(s.v[e], t):
		x := s.u[e]
		if s.free(x, t) {
			x = s.v[e]
		}
		f := s.busy[int(x)*s.slots+t]
		s.reason[e] = UnplacedParticipantBusy
		s.detail[e] = fmt.Sprintf("fixed in %s, where %s already meets %s", s.slotName(t), s.host(f), s.guest(f))
	case s.count(t) >= s.tables:
		s.reason[e] = UnplacedTablesFull
		s.detail[e] = fmt.Sprintf("fixed in %s, where %s", s.slotName(t), s.tablesTaken())
	default:
		s.place(e, t)
	}
}

// colour places meeting e in a slot below limit: the earliest one free for
// both parties, or else one freed by flipping a Kempe chain. With tables,
// no slot may exceed the table count.
func (s *scheduler) colour(e int32, limit int, tables bool) bool {
	x, y := s.u[e], s.v[e]
	for t := 0; t < limit; t++ {
		if s.allowed(e, t) && s.free(x, t) && s.free(y, t) && (!tables || s.count(t) < s.tables) {
			s.place(e, t)
			return true
		}
	}
	// a is free at one end and busy at the other, b free at the other: the
	// a/b chain from the other end cannot reach the first one (bipartite),
	// and flipping it frees a at both.
	for a := 0; a < limit; a++ {
		if !s.allowed(e, a) {
			continue
		}
		for _, ends := range [2][2]int32{{x, y}, {y, x}} {
			p, q := ends[0], ends[1]
			if !s.free(p, a) || s.free(q, a) {
				continue
			}
			for b := 0; b < limit; b++ {
				if b == a || !s.free(q, b) {
					continue
				}
				s.walk(q, a, b)
				// Avoiding p matters only when a party is on both sides
				// (the graph is then not bipartite).
				if !s.flippable(a, b, p, -1) {
					continue
				}
				na := (len(s.chain) + 1) / 2 // chain edges now in a
				nb := len(s.chain) / 2
				if tables && (s.count(a)-na+nb+1 > s.tables || s.count(b)-nb+na > s.tables) {
					continue
				}
				s.flip(a, b)
				s.place(e, a)
				return true
			}
		}
	}
	return false
}

// walk collects into s.chain the path from x along edges coloured a, b,
// a, ... (x must have no b edge, so the path cannot close on itself).
func (s *scheduler) walk(x int32, a, b int) {
	s.chain = s.chain[:0]
	c, d := a, b
	for {
		e := s.busy[int(x)*s.slots+c]
		if e < 0 {
			return
		}
		s.chain = append(s.chain, e)
		x = s.other(e, x)
		c, d = d, c
	}
}

// flippable tells whether every meeting of s.chain may swap between slots
// a and b, and the chain avoids parties p and q.
func (s *scheduler) flippable(a, b int, p, q int32) bool {
	for _, e := range s.chain {
		if s.fixed[e] || s.locked[e] || s.u[e] == p || s.v[e] == p || s.u[e] == q || s.v[e] == q {
			return false
		}
		to := a
		if int(s.slotOf[e]) == a {
			to = b
		}
		if !s.allowed(e, to) {
			return false
		}
	}
	return true
}

// flip swaps slots a and b on the meetings of s.chain.
func (s *scheduler) flip(a, b int) {
	to := make([]int, len(s.chain))
	for i, e := range s.chain {
		to[i] = a
		if int(s.slotOf[e]) == a {
			to[i] = b
		}
		s.remove(e)
	}
	for i, e := range s.chain {
		s.place(e, to[i])
	}
}

// shift moves one meeting net from slot a to slot b by flipping an a/b
// path that starts and ends in a, avoiding parties p and q. With tables,
// b may not exceed the table count.
func (s *scheduler) shift(a, b int, p, q int32, tables bool) bool {
	if tables && s.count(b) >= s.tables {
		return false
	}
	s.curStamp++
	for i := 0; i < len(s.members[a]); i++ {
		e := s.members[a][i]
		if s.stamp[e] == s.curStamp {
			continue
		}
		for _, x := range [2]int32{s.u[e], s.v[e]} {
			if !s.free(x, b) {
				continue
			}
			s.walk(x, a, b)
			for _, c := range s.chain {
				s.stamp[c] = s.curStamp
			}
			if len(s.chain)%2 == 1 && s.flippable(a, b, p, q) {
				s.flip(a, b)
				return true
			}
		}
	}
	return false
}

// used returns the slots holding meetings.
func (s *scheduler) used() []int {
	var out []int
	for t := 0; t < s.slots; t++ {
		if s.count(t) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// equalize evens out the number of meetings of the slots in use (an
// equitable colouring when no move is restricted), so that fewer tables
// suffice.
func (s *scheduler) equalize() {
	stuck := make([]bool, s.slots)
	for {
		used := s.used()
		hi := -1
		for _, t := range used {
			if !stuck[t] && (hi < 0 || s.count(t) > s.count(hi)) {
				hi = t
			}
		}
		if hi < 0 {
			return
		}
		slices.SortStableFunc(used, func(a, b int) int { return cmp.Compare(s.count(a), s.count(b)) })
		moved := false
		for _, lo := range used {
			if s.count(lo)+1 >= s.count(hi) {
				break
			}
			if s.shift(hi, lo, -1, -1, false) {
				moved = true
				break
			}
		}
		if !moved {
			stuck[hi] = true
		}
	}
}

// enforceTables moves meetings out of slots with more meetings than tables,
// into the emptiest slots in use first, then into unused ones; the
// meetings that cannot move are taken out and returned.
func (s *scheduler) enforceTables() []int32 {
	var out []int32
	for t := 0; t < s.slots; t++ {
		for s.count(t) > s.tables {
			if !s.shiftOut(t, -1, -1) {
				break
			}
		}
		// Take out the lowest-scored meetings, the latest among equals.
		for s.count(t) > s.tables {
			worst := int32(-1)
			for _, e := range s.members[t] {
				if !s.fixed[e] && (worst < 0 || s.worse(e, worst)) {
					worst = e
				}
			}
			s.remove(worst)
			out = append(out, worst)
		}
	}
	return out
}

// compare orders meetings by priority: the higher score first, then the
// lower meeting number.
func (s *scheduler) compare(e, f int32) int {
	if c := cmp.Compare(s.in.Meetings[f].Score, s.in.Meetings[e].Score); c != 0 {
		return c
	}
	return cmp.Compare(e, f)
}

// worse tells whether meeting e is kept after meeting f.
func (s *scheduler) worse(e, f int32) bool { return s.compare(e, f) > 0 }

// priority lists the meetings in priority order.
func (s *scheduler) priority() []int32 {
	order := make([]int32, len(s.in.Meetings))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(e, f int32) int { return s.compare(e, f) })
	return order
}

// shiftOut moves one meeting net out of slot t into a slot with a free
// table, avoiding parties p and q.
func (s *scheduler) shiftOut(t int, p, q int32) bool {
	order := make([]int, 0, s.slots)
	for b := 0; b < s.slots; b++ {
		if b != t {
			order = append(order, b)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := s.count(a) == 0, s.count(b) == 0
		if ea != eb {
			if ea {
				return 1
			}
			return -1
		}
		return cmp.Compare(s.count(a), s.count(b))
	})
	for _, b := range order {
		if s.shift(t, b, p, q, true) {
			return true
		}
	}
	return false
}

// makeRoom places e in a common slot where both parties are free but the
// tables are taken, by moving another meeting out of it.
func (s *scheduler) makeRoom(e int32) bool {
	x, y := s.u[e], s.v[e]
	for t := 0; t < s.slots; t++ {
		if s.allowed(e, t) && s.free(x, t) && s.free(y, t) && s.shiftOut(t, x, y) {
			s.place(e, t)
			return true
		}
	}
	return false
}

// name is a party's name for the details: its name if given, else its
// role and id ("host 12").
func (s *scheduler) name(id uint64, role string) string {
	if n := s.in.Names[id]; n != "" {
		return n
	}
	return role + " " + strconv.FormatUint(id, 10)
}

func (s *scheduler) host(e int32) string  { return s.name(s.in.Meetings[e].Host, "host") }
func (s *scheduler) guest(e int32) string { return s.name(s.in.Meetings[e].Guest, "guest") }

func (s *scheduler) tablesTaken() string {
	if s.tables == 1 {
		return "the one table is taken"
	}
	return fmt.Sprintf("all %d tables are taken", s.tables)
}

// slotName is "slot 3", or "slot 3 (10:00)" with a label.
func (s *scheduler) slotName(t int) string {
	return "slot " + s.slotNumber(t)
}

func (s *scheduler) slotNumber(t int) string {
	if t < len(s.in.SlotLabels) && s.in.SlotLabels[t] != "" {
		return strconv.Itoa(t) + " (" + s.in.SlotLabels[t] + ")"
	}
	return strconv.Itoa(t)
}

// why explains why meeting e is not placed.
func (s *scheduler) why(e int32) (string, string) {
	if s.reason[e] != "" {
		return s.reason[e], s.detail[e]
	}
	x, y := s.u[e], s.v[e]
	if s.slots == 0 {
		return UnplacedNoCommonSlot, "the event has no slots"
	}
	var common, open []int
	var busy []string
	for t := 0; t < s.slots; t++ {
		if !s.allowed(e, t) {
			continue
		}
		common = append(common, t)
		switch {
		case s.free(x, t) && s.free(y, t):
			open = append(open, t)
		case !s.free(x, t) && !s.free(y, t):
			busy = append(busy, s.slotName(t)+": both")
		case !s.free(x, t):
			busy = append(busy, s.slotName(t)+": "+s.host(e))
		default:
			busy = append(busy, s.slotName(t)+": "+s.guest(e))
		}
	}
	switch {
	case len(common) == 0:
		return UnplacedNoCommonSlot, fmt.Sprintf("%s is available in %s and %s in %s: no slot in common",
			s.host(e), s.slotList(s.availableSlots(x)), s.guest(e), s.slotList(s.availableSlots(y)))
	case len(open) > 0:
		return UnplacedTablesFull, fmt.Sprintf("%s in %s, where both are free", s.tablesTaken(), s.slotList(open))
	default:
		return UnplacedParticipantBusy, fmt.Sprintf("both are available in %s, but one of them already has a meeting in each (%s)",
			s.slotList(common), strings.Join(busy, "; "))
	}
}

func (s *scheduler) availableSlots(x int32) []int {
	var out []int
	for t := 0; t < s.slots; t++ {
		if s.availableAt(x, t) {
			out = append(out, t)
		}
	}
	return out
}

// slotList names slots: "slot 3", "slots 0, 1, 4", "no slot".
func (s *scheduler) slotList(ts []int) string {
	switch len(ts) {
	case 0:
		return "no slot"
	case 1:
		return s.slotName(ts[0])
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = s.slotNumber(t)
	}
	return "slots " + strings.Join(parts, ", ")
}

func (s *scheduler) result() Schedule {
	out := Schedule{LowerBound: s.maxDeg}
	for t := 0; t < s.slots; t++ {
		ms := slices.Clone(s.members[t])
		if len(ms) == 0 {
			continue
		}
		out.SlotsUsed++
		slices.Sort(ms)
		taken := make(map[int]bool, len(ms))
		table := make(map[int32]int, len(ms))
		// Fixed meetings keep the organizer's table when it is valid.
		for _, e := range ms {
			if tb := s.in.Meetings[e].Table; s.fixed[e] && tb >= 1 && tb <= s.tables && !taken[tb] {
				table[e] = tb
				taken[tb] = true
			}
		}
		next := 1
		for _, e := range ms {
			if _, ok := table[e]; ok {
				continue
			}
			for taken[next] {
				next++
			}
			table[e] = next
			taken[next] = true
		}
		start := len(out.Placed)
		for _, e := range ms {
			out.Placed = append(out.Placed, Placement{Meeting: int(e), Slot: t, Table: table[e]})
		}
		slices.SortFunc(out.Placed[start:], func(a, b Placement) int { return cmp.Compare(a.Table, b.Table) })
	}
	for e := range s.in.Meetings {
		if s.slotOf[e] < 0 {
			r, d := s.why(int32(e))
			out.Unplaced = append(out.Unplaced, UnplacedMeeting{Meeting: e, Reason: r, Detail: d})
		}
	}
	return out
}
