package match

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/techmatch/techmatch/data"
)

// This file turns an event's records into the inputs of the match list and
// the scheduler (candidate pairs scored by the engine, capacities,
// availability) and their results back into records.

// Intent lifts: a pair one side must meet ranks above one it would meet,
// whatever the listings say; each side's intent adds.
const (
	MustMeetLift  = 0.5
	WouldMeetLift = 0.2
)

// OrgListings are the live needs and offers of one organization.
type OrgListings struct {
	Needs, Offers []data.Profile
}

// PairScore is the engine's best reading of a host-guest pair: the need and
// offer that fit best, in either direction.
type PairScore struct {
	Score   float64
	NeedID  uint64
	OfferID uint64
	Match   Match
	Found   bool
	// need and offer are the pair's profiles, for explaining it again in
	// an event's terms (see forMeeting).
	need, offer *data.Profile
}

// forMeeting restates the pair's match for a meeting of participants a and
// b: whether it needs an interpreter is the event's verdict (their
// languages, and whether one of them brings an interpreter), not the
// records' languages alone.
func (ps PairScore) forMeeting(a, b data.Participant) Match {
	m := ps.Match
	if ps.need == nil || ps.offer == nil {
		return m
	}
	if need := data.InterpreterNeeded(a, b); need != m.Interpreter {
		m.Interpreter = need
		m.Explanation = explain(&m, ps.need, ps.offer)
	}
	return m
}

// ScorePair scores need against offer directly, without a candidate search:
// the same components, reciprocity and explanation as MatchNeed.
func (e *Engine) ScorePair(need, offer *data.Profile) Match {
	m := e.score(e.prepare(need), e.prepare(offer), 0, e.tuning())
	m.Ref, m.Profile = offer.Ref, *offer
	return m
}

// BestPair is the best need/offer pair between a and b: a's needs against
// b's offers and b's needs against a's offers. Every combination gets the
// engine's score; the best one also its shared terms, strength and
// explanation.
func (e *Engine) BestPair(a, b OrgListings) PairScore {
	return e.bestPair(e.prepareListings(a), e.prepareListings(b), nil, -1)
}

// preparedListings are an organization's listings prepared for scoring.
type preparedListings struct {
	needs, offers []*side
}

func (e *Engine) prepareListings(l OrgListings) preparedListings {
	var p preparedListings
	for i := range l.Needs {
		p.needs = append(p.needs, e.prepare(&l.Needs[i]))
	}
	for i := range l.Offers {
		p.offers = append(p.offers, e.prepare(&l.Offers[i]))
	}
	return p
}

// bestPair finds the best pair of a and b, with the cosines of cos (nil:
// computed pair by pair). A best pair scoring below floor is returned with
// its score only and called weak: no shared terms, strength or explanation.
func (e *Engine) bestPair(a, b preparedListings, cos *cosineTable, floor float64) PairScore {
	t := e.tuning()
	var bn, bo *side
	best := -1.0
	try := func(needs, offers []*side) {
		for _, n := range needs {
			for _, o := range offers {
				// The total alone decides which pair is best; the rest of
				// the match is worked out once, for that pair.
				var m Match
				if cos != nil {
					m, _ = e.componentsOf(n, o, cos.cosine(n, o), 0, t)
				} else {
					m, _ = e.components(n, o, 0, t)
				}
				if m.Score > best {
					best, bn, bo = m.Score, n, o
				}
			}
		}
	}
	try(a.needs, b.offers)
	try(b.needs, a.offers)
	if bn == nil {
		return PairScore{}
	}
	if best < floor {
		return PairScore{Score: best, NeedID: refID(bn.p.Ref), OfferID: refID(bo.p.Ref), Match: Match{Score: best, Strength: "weak"}, Found: true}
	}
	m := e.score(bn, bo, 0, t)
	m.Ref, m.Profile = bo.p.Ref, *bo.p
	return PairScore{Score: m.Score, NeedID: refID(bn.p.Ref), OfferID: refID(bo.p.Ref), Match: m, Found: true, need: bn.p, offer: bo.p}
}

func refID(ref string) uint64 {
	_, num, _ := strings.Cut(ref, "/")
	id, _ := strconv.ParseUint(num, 10, 64)
	return id
}

// EventCandidate is one host-guest pair the match list may choose.
type EventCandidate struct {
	data.ProposedMeeting
	// Base is the engine's score before the intents' lift.
	Base float64
}

// EventCandidates scores every host-guest pair of the event with the
// engine (see BestPair) and lifts it by the intents. A pair either side
// said no_thanks to, or that the organizer forbids or marks as met before,
// is never a candidate; a pair with only a weak fit is one only when an
// intent asks for it. Accepted requests and force rules are forced in.
// Pairs come best first. It stops with ctx's error when ctx ends.
func (e *Engine) EventCandidates(ctx context.Context, st data.EventState, listings map[uint64]OrgListings) ([]EventCandidate, error) {
	var hosts, guests []data.Participant
	for _, p := range st.Participants {
		if p.Side == data.SideHost {
			hosts = append(hosts, p)
		} else {
			guests = append(guests, p)
		}
	}
	type pair = orgPair
	intents := map[pair][]string{} // (host, guest) -> "host:must_meet", ...
	excluded := map[pair]string{}
	for _, in := range st.Intents {
		k, who := pair{in.FromOrgID, in.ToOrgID}, "host"
		if isGuest(st.Participants, in.FromOrgID) {
			k, who = pair{in.ToOrgID, in.FromOrgID}, "guest"
		}
		if in.Intent == data.IntentNoThanks {
			excluded[k] = "no_thanks"
		}
		intents[k] = append(intents[k], who+":"+in.Intent)
	}
	forced := map[pair]string{}
	for _, r := range st.Rules {
		k := pair{r.HostOrgID, r.GuestOrgID}
		switch r.Rule {
		case data.RuleForce:
			forced[k] = "the organizer set this meeting"
		default:
			excluded[k] = r.Rule
		}
	}
	for _, r := range st.Requests {
		if r.Status != data.RequestAccepted {
			continue
		}
		k := pair{r.FromOrgID, r.ToOrgID}
		if isGuest(st.Participants, r.FromOrgID) {
			k = pair{r.ToOrgID, r.FromOrgID}
		}
		forced[k] = fmt.Sprintf("request %d accepted", r.ID)
	}
	prepared := make(map[uint64]preparedListings, len(st.Participants))
	var hn, ho, gn, gof []*side
	for _, p := range st.Participants {
		pl := e.prepareListings(listings[p.OrgID])
		prepared[p.OrgID] = pl
		if p.Side == data.SideHost {
			hn, ho = append(hn, pl.needs...), append(ho, pl.offers...)
		} else {
			gn, gof = append(gn, pl.needs...), append(gof, pl.offers...)
		}
	}
	cos := newCosineTable(hn, ho, gn, gof)
	// Hosts are scored in parallel, each against every guest; the engine
	// is safe for concurrent use.
	perHost := make([][]EventCandidate, len(hosts))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue // drain: the caller gave up
				}
				perHost[i] = e.hostCandidates(hosts[i], guests, prepared, cos, intents, excluded, forced)
			}
		}()
	}
	for i := range hosts {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []EventCandidate
	for _, cs := range perHost {
		out = append(out, cs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].HostOrgID != out[j].HostOrgID {
			return out[i].HostOrgID < out[j].HostOrgID
		}
		return out[i].GuestOrgID < out[j].GuestOrgID
	})
	return out, nil
}

type orgPair = [2]uint64

// hostCandidates are the candidate pairs of one host with every guest.
func (e *Engine) hostCandidates(h data.Participant, guests []data.Participant, prepared map[uint64]preparedListings, cos *cosineTable,
	intents map[orgPair][]string, excluded, forced map[orgPair]string) []EventCandidate {
	var out []EventCandidate
	for _, g := range guests {
		k := orgPair{h.OrgID, g.OrgID}
		if _, no := excluded[k]; no {
			continue
		}
		lift := 0.0
		var said []string
		for _, x := range intents[k] {
			who, what, _ := strings.Cut(x, ":")
			switch what {
			case data.IntentMustMeet:
				lift += MustMeetLift
				said = append(said, who+" must meet")
			case data.IntentWouldMeet:
				lift += WouldMeetLift
				said = append(said, who+" would meet")
			}
		}
		why, isForced := forced[k]
		// Only a pair scoring GoodAt or more can be other than weak
		// (Strength): below it, and with no intent or force to carry
		// it, the pair is no candidate, and its full match is not
		// worked out.
		floor := -1.0
		if !isForced && lift == 0 {
			floor = GoodAt
		}
		best := e.bestPair(prepared[h.OrgID], prepared[g.OrgID], cos, floor)
		if !isForced && lift == 0 && (!best.Found || best.Match.Strength == "weak") {
			continue
		}
		c := EventCandidate{Base: best.Score}
		c.HostOrgID, c.GuestOrgID = h.OrgID, g.OrgID
		c.Score = round4(best.Score + lift)
		c.NeedID, c.OfferID = best.NeedID, best.OfferID
		c.Forced = isForced
		var reason []string
		if isForced {
			reason = append(reason, "Forced: "+why+".")
		}
		if len(said) > 0 {
			sort.Strings(said)
			reason = append(reason, "Intent: "+strings.Join(said, ", ")+".")
		}
		if best.Found {
			reason = append(reason, best.forMeeting(h, g).Explanation)
		} else {
			reason = append(reason, "No published need or offer of the two to compare.")
		}
		c.Reason = strings.Join(reason, " ")
		out = append(out, c)
	}
	return out
}

func isGuest(ps []data.Participant, org uint64) bool {
	for _, p := range ps {
		if p.OrgID == org {
			return p.Side == data.SideGuest
		}
	}
	return false
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// capacities are the participants' max_meetings, bounded by how many slots
// each is available in (nobody meets twice in one slot).
func capacities(st data.EventState) (hosts, guests []MeetingParty) {
	for _, p := range st.Participants {
		mp := MeetingParty{ID: p.OrgID, Capacity: min(p.MaxMeetings, p.AvailableCount(len(st.Event.Slots)))}
		if p.Side == data.SideHost {
			hosts = append(hosts, mp)
		} else {
			guests = append(guests, mp)
		}
	}
	return hosts, guests
}

// EventMatchList chooses the event's meetings from the candidates: the set
// with the highest total score under every participant's capacity, forced
// pairs in, and beside it what a greedy pass would reach. Forced pairs that
// alone exceed someone's capacity are listed in Unforced with the reason.
func EventMatchList(st data.EventState, cands []EventCandidate) (data.MatchList, error) {
	hosts, guests := capacities(st)
	pairs := make([]MeetingPair, len(cands))
	byPair := make(map[[2]uint64]*EventCandidate, len(cands))
	for i := range cands {
		c := &cands[i]
		pairs[i] = MeetingPair{Host: c.HostOrgID, Guest: c.GuestOrgID, Score: c.Score, Forced: c.Forced}
		byPair[[2]uint64{c.HostOrgID, c.GuestOrgID}] = c
	}
	res, err := OptimalMatchList(hosts, guests, pairs)
	if err != nil {
		return data.MatchList{}, err
	}
	ml := data.MatchList{EventID: st.Event.ID, Meetings: make([]data.ProposedMeeting, 0, len(res.Meetings)),
		GreedyTotalScore: round4(res.GreedyTotal), GreedyCount: res.GreedyCount, Candidates: len(cands)}
	for _, m := range res.Meetings {
		c := byPair[[2]uint64{m.Host, m.Guest}]
		ml.Meetings = append(ml.Meetings, c.ProposedMeeting)
		ml.TotalScore += c.Score
	}
	ml.TotalScore = round4(ml.TotalScore)
	sort.SliceStable(ml.Meetings, func(i, j int) bool {
		a, b := ml.Meetings[i], ml.Meetings[j]
		if a.HostOrgID != b.HostOrgID {
			return a.HostOrgID < b.HostOrgID
		}
		return a.GuestOrgID < b.GuestOrgID
	})
	for _, u := range res.Unforced {
		c := byPair[[2]uint64{u.Host, u.Guest}]
		nf := c.ProposedMeeting
		nf.Reason = u.Detail
		ml.Unforced = append(ml.Unforced, nf)
	}
	return ml, nil
}
