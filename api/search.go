package api

import (
	"context"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/search"
)

// searchParams are the query parameters of GET /offers and GET /needs.
var searchParams = []string{"q", "sector", "country", "trl_min", "trl_max", "cooperation", "language", "org_kind", "sort", "limit", "cursor"}

// searchPage is the answer to a search.
type searchPage[T any] struct {
	Items      []searchItem[T]          `json:"items"`
	Total      uint64                   `json:"total"`
	Facets     map[string]search.Facets `json:"facets"`
	NextCursor string                   `json:"next_cursor,omitempty"`
}

type searchItem[T any] struct {
	Record   T                   `json:"record"`
	Score    float64             `json:"score"`
	Snippets map[string][]string `json:"snippets,omitempty"`
	// Translations say which glossary translations of q found a record
	// its words did not ("shore power → điện bờ").
	Translations []string `json:"translations,omitempty"`
}

// syncIndex makes the writes just committed searchable before the API
// acknowledges them (read-your-writes).
// The vocabulary follows the same writes.
func (s *Server) syncIndex() error {
	// Everything committed so far, this request's writes included. Most
	// often a group commit's follower has already brought the vocabulary
	// and the index that far: then there is nothing to wait for, and taking
	// their locks would only queue this answer behind the next group's
	// indexing.
	last, err := s.store.LastChange()
	if err != nil {
		return err
	}
	// The vocabulary only weighs words: when it cannot follow, the write
	// still stands, and the next write catches it up.
	if s.follow.at.Load() < last {
		if err := s.followChanges(context.Background()); err != nil {
			s.log.Error("vocabulary: following the change log", "err", err)
		}
	}
	if s.index == nil || s.index.Applied() >= last {
		return nil
	}
	return s.index.Sync()
}

func (s *Server) searchOffers(c *fiber.Ctx) error {
	return runSearch(c, s, data.KindOffer, s.store.Offer)
}

func (s *Server) searchNeeds(c *fiber.Ctx) error {
	return runSearch(c, s, data.KindNeed, s.store.Need)
}

// listParam splits a repeatable, comma-separated query parameter.
func listParam(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Context().QueryArgs().PeekMulti(name) {
		for _, p := range strings.Split(string(v), ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func parseSearch(c *fiber.Ctx, kind string) (search.Query, error) {
	q := search.Query{
		Kind:        kind,
		Text:        string(c.Context().QueryArgs().Peek("q")),
		Sector:      listParam(c, "sector"),
		Country:     upper(listParam(c, "country")),
		Cooperation: listParam(c, "cooperation"),
		Language:    listParam(c, "language"),
		OrgKind:     listParam(c, "org_kind"),
		Sort:        c.Query("sort"),
		Cursor:      c.Query("cursor"),
	}
	var fields []data.FieldError
	collect := func(err error) {
		if e, ok := err.(*data.Error); ok {
			fields = append(fields, e.Fields...)
		}
	}
	var err error
	if q.Limit, err = queryInt(c, "limit", search.DefaultLimit, 1, search.MaxLimit); err != nil {
		collect(err)
	}
	if q.TRLMin, err = queryInt(c, "trl_min", 0, 1, 9); err != nil {
		collect(err)
	}
	if q.TRLMax, err = queryInt(c, "trl_max", 0, 1, 9); err != nil {
		collect(err)
	}
	collect(q.Validate())
	if len(fields) > 0 {
		sortFields(fields)
		return q, data.Invalid(fields...)
	}
	return q, nil
}

func upper(list []string) []string {
	for i := range list {
		list[i] = strings.ToUpper(list[i])
	}
	return list
}

func runSearch[T any](c *fiber.Ctx, s *Server, kind string, get func(uint64) (T, error)) error {
	q, err := parseSearch(c, kind)
	if err != nil {
		return err
	}
	q.Translations = s.translations(q.Text)
	res, err := s.index.Search(c.UserContext(), q)
	if err != nil {
		return err
	}
	out := searchPage[T]{Items: make([]searchItem[T], 0, len(res.Hits)), Total: res.Total, Facets: res.Facets, NextCursor: res.NextCursor}
	for _, h := range res.Hits {
		rec, err := get(h.ID)
		if data.ErrorCode(err) == data.ENOTFOUND {
			continue // deleted between the search and this read
		} else if err != nil {
			return err
		}
		out.Items = append(out.Items, searchItem[T]{Record: rec, Score: h.Score, Snippets: h.Snippets, Translations: h.Translations})
	}
	return c.JSON(out)
}

// Translations of a search's text: at most this many, and per concept at
// most maxPerConcept per language (its preferred terms first).
const (
	maxTranslations = 24
	maxPerConcept   = 3
)

// translations are the glossary's equivalents of the terms of text in the
// other languages, so that search crosses languages as matching does.
func (s *Server) translations(text string) []search.Translation {
	if s.cfg.Glossary == nil || !hasLetters(text) {
		return nil
	}
	var out []search.Translation
	for _, x := range s.cfg.Glossary.Expand(text) {
		per := map[string]int{}
		for _, eq := range x.Equivalents {
			if per[eq.Lang] >= maxPerConcept || data.Fold(eq.Text) == data.Fold(x.Found.Text) {
				continue
			}
			per[eq.Lang]++
			out = append(out, search.Translation{Term: x.Found.Text, Text: eq.Text, Lang: eq.Lang})
			if len(out) == maxTranslations {
				return out
			}
		}
	}
	return out
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
