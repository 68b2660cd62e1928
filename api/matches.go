package api

import (
	"context"
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

func (s *Server) newEngine(sem *match.Semantic) *match.Engine {
	return &match.Engine{Candidates: s.index, Profiles: s.store.Profiles, Vocab: s.cfg.Vocabulary, Glossary: s.cfg.Glossary, Semantic: sem}
}

func (s *Server) engine() *match.Engine { return s.eng.Load() }

func (s *Server) needMatches(c *fiber.Ctx) error {
	return counterparts(c, s, data.KindNeed, s.engine().MatchNeed, s.store.Offer)
}

func (s *Server) offerMatches(c *fiber.Ctx) error {
	return counterparts(c, s, data.KindOffer, s.engine().MatchOffer, s.store.Need)
}

// counterparts answers GET /{kind}s/{id}/matches: the record's profile,
// ranked by rank, each counterpart read back with get. A record that does
// not exist (or that the caller may not see) is 404; a store that cannot
// be read is a 500, logged.
func counterparts[T any](c *fiber.Ctx, s *Server, kind string, rank func(context.Context, data.Profile, int) ([]match.Match, error), get func(uint64) (T, error)) error {
	defer s.timeOp(opMatch)()
	id, err := pathID(c)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 10, 1, 50)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	ps, err := s.store.Profiles(ctx, []string{data.RecordRef(kind, id)})
	if err != nil {
		return err
	}
	if len(ps) == 0 || !s.mayRead(c, parseOrgRef(ps[0].OrgRef), ps[0].Live(time.Now())) {
		return data.Errorf(data.ENOTFOUND, "%s %d does not exist", kind, id)
	}
	ms, err := rank(ctx, ps[0], limit)
	if err != nil {
		return err
	}
	page, err := matchesOf(ms, get)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// matchesOf reads each match's record back with get; a record deleted
// since it was ranked is left out.
func matchesOf[T any](ms []match.Match, get func(uint64) (T, error)) (matchPage[T], error) {
	page := matchPage[T]{Items: make([]matchItem[T], 0, len(ms)), Abstain: len(ms) == 0 || ms[0].Strength == "weak"}
	for _, m := range ms {
		_, num, _ := strings.Cut(m.Ref, "/")
		id, _ := strconv.ParseUint(num, 10, 64)
		rec, err := get(id)
		if data.ErrorCode(err) == data.ENOTFOUND {
			continue
		} else if err != nil {
			return page, err
		}
		page.Items = append(page.Items, matchItem[T]{Record: rec, Match: m})
	}
	return page, nil
}
