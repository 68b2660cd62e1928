package api

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

type orgCreated struct {
	Organization data.Organization `json:"organization"`
	Token        string            `json:"token"`
}

// page is a page of a list read from the store in id order.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func (s *Server) createOrg(c *fiber.Ctx) error {
	var f data.OrganizationFields
	bad, err := decodeStrict(c, &f)
	if err != nil {
		return err
	}
	if f.Country == "" {
		// Imports may leave a country unknown; a registration may not.
		bad = append(bad, data.FieldError{Field: "country", Message: "is required"})
	}
	if err := f.Validate(); err != nil || len(bad) > 0 {
		return withFields(err, bad)
	}
	token, hash := newToken()
	org, err := s.store.CreateOrganization(f, hash)
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	c.Location("/api/v1/organizations/" + strconv.FormatUint(org.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(orgCreated{Organization: org, Token: token})
}

func (s *Server) listOrgs(c *fiber.Ctx) error {
	limit, err := queryInt(c, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	after, err := cursorID(c)
	if err != nil {
		return err
	}
	orgs, err := s.store.Organizations(after, limit)
	if err != nil {
		return err
	}
	p := page[data.Organization]{Items: orgs}
	if p.Items == nil {
		p.Items = []data.Organization{}
	}
	if len(orgs) == limit {
		p.NextCursor = strconv.FormatUint(orgs[len(orgs)-1].ID, 10)
	}
	return c.JSON(p)
}

func cursorID(c *fiber.Ctx) (uint64, error) {
	v := c.Query("cursor")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, data.Invalid(data.FieldError{Field: "cursor", Message: "is not a cursor this API returned"})
	}
	return id, nil
}

func (s *Server) getOrg(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	org, err := s.store.Organization(id)
	if err != nil {
		return err
	}
	return c.JSON(org)
}

func (s *Server) patchOrg(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.requireOwner(c, id); err != nil {
		return err
	}
	org, err := s.store.UpdateOrganization(id, func(f *data.OrganizationFields) error {
		var extra []data.FieldError
		if f.Country == "" {
			extra = append(extra, data.FieldError{Field: "country", Message: "is required"})
		}
		return decodeInput(c, f, extra...)
	})
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	return c.JSON(org)
}

func (s *Server) deleteOrg(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.store.Organization(id); err != nil {
		return err
	}
	if _, err := s.requireOwner(c, id); err != nil {
		return err
	}
	if err := s.store.DeleteOrganization(id); err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) orgOffers(c *fiber.Ctx) error {
	return orgListings(c, s, s.store.OffersOf, func(o *data.Offer) *data.Listing { return &o.Listing })
}

func (s *Server) orgNeeds(c *fiber.Ctx) error {
	return orgListings(c, s, s.store.NeedsOf, func(n *data.Need) *data.Listing { return &n.Listing })
}

// orgListings lists an organization's records: all of them to itself and
// the organizer, the live ones to everyone else.
func orgListings[T any](c *fiber.Ctx, s *Server, of func(uint64) ([]T, error), listing func(*T) *data.Listing) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.store.Organization(id); err != nil {
		return err
	}
	all, err := of(id)
	if err != nil {
		return err
	}
	items := make([]T, 0, len(all))
	now := time.Now()
	for i := range all {
		if s.mayRead(c, id, listing(&all[i]).Live(now)) {
			items = append(items, all[i])
		}
	}
	return c.JSON(page[T]{Items: items})
}

// withFields adds extra field errors to err, an EINVALID error or nil.
func withFields(err error, extra []data.FieldError) error {
	var fields []data.FieldError
	if e, ok := err.(*data.Error); ok && e.Code == data.EINVALID {
		fields = append(fields, e.Fields...)
	} else if err != nil {
		return err
	}
	fields = append(fields, extra...)
	sortFields(fields)
	return data.Invalid(fields...)
}
