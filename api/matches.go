package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/search"
)

// The index is the matching engine's candidate source.
var _ match.Candidates = (*search.Index)(nil)

func parseOrgRef(ref string) uint64 {
	id, _ := strconv.ParseUint(ref, 10, 64)
	return id
}

// matchPage is the answer of GET /needs/{id}/matches and /offers/{id}/matches.
type matchPage[T any] struct {
	Items []matchItem[T] `json:"items"`
	// Abstain is true when even the best counterpart is a weak fit: the
	// list is shown for completeness, not as a recommendation.
	Abstain bool `json:"abstain"`
}

type matchItem[T any] struct {
	Record T `json:"record"`
	match.Match
}

// profiles reads the profiles of refs ("offer/12", "need/7") from the store.
func (s *Server) profiles(refs []string) ([]data.Profile, error) {
	out := make([]data.Profile, 0, len(refs))
	orgs := map[uint64]data.Organization{}
	org := func(id uint64) (data.Organization, error) {
		if o, ok := orgs[id]; ok {
			return o, nil
		}
		o, err := s.store.Organization(id)
		orgs[id] = o
		return o, err
	}
	for _, ref := range refs {
		kind, num, _ := strings.Cut(ref, "/")
		id, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			continue
		}
		var p data.Profile
		switch kind {
		case data.KindOffer:
			o, err := s.store.Offer(id)
			if err != nil {
				continue // deleted since the index answered
			}
			og, err := org(o.OrgID)
			if err != nil {
				continue
			}
			p = data.OfferProfile(o, og)
		case data.KindNeed:
			n, err := s.store.Need(id)
			if err != nil {
				continue
			}
			og, err := org(n.OrgID)
			if err != nil {
				continue
			}
			p = data.NeedProfile(n, og)
		default:
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Server) newEngine(sem *match.Semantic) *match.Engine {
	return &match.Engine{Candidates: s.index, Profiles: s.profiles, Vocab: s.cfg.Vocabulary, Glossary: s.cfg.Glossary, Semantic: sem}
}

func (s *Server) engine() *match.Engine { return s.eng.Load() }

func (s *Server) needMatches(c *fiber.Ctx) error {
	return counterparts(c, s, data.KindNeed, s.engine().MatchNeed, s.store.Offer)
}

func (s *Server) offerMatches(c *fiber.Ctx) error {
	return counterparts(c, s, data.KindOffer, s.engine().MatchOffer, s.store.Need)
}

// counterparts answers GET /{kind}s/{id}/matches: the record's profile,
// ranked by rank, each counterpart read back with get.
func counterparts[T any](c *fiber.Ctx, s *Server, kind string, rank func(data.Profile, int) ([]match.Match, error), get func(uint64) (T, error)) error {
	defer s.timeOp(opMatch)()
	id, err := pathID(c)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 10, 1, 50)
	if err != nil {
		return err
	}
	ps, err := s.profiles([]string{data.RecordRef(kind, id)})
	if err != nil {
		return err
	}
	if len(ps) == 0 || !s.mayRead(c, parseOrgRef(ps[0].OrgRef), ps[0].Live(time.Now())) {
		return data.Errorf(data.ENOTFOUND, "%s %d does not exist", kind, id)
	}
	ms, err := rank(ps[0], limit)
	if err != nil {
		return err
	}
	return c.JSON(matchesOf(ms, get))
}

func matchesOf[T any](ms []match.Match, get func(uint64) (T, error)) matchPage[T] {
	page := matchPage[T]{Items: make([]matchItem[T], 0, len(ms)), Abstain: len(ms) == 0 || ms[0].Strength == "weak"}
	for _, m := range ms {
		_, num, _ := strings.Cut(m.Ref, "/")
		id, _ := strconv.ParseUint(num, 10, 64)
		rec, err := get(id)
		if err != nil {
			continue
		}
		page.Items = append(page.Items, matchItem[T]{Record: rec, Match: m})
	}
	return page
}
