package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// listingAPI binds the handlers shared by offers and needs to one kind.
type listingAPI[T any, F any] struct {
	kind    string // "offers" or "needs"
	create  func(orgID uint64, f F) (T, error)
	get     func(id uint64) (T, error)
	update  func(id uint64, fn func(*T) error) (T, error)
	delete  func(id uint64) error
	fields  func(*T) *F
	meta    func(*T) data.Meta
	listing func(*T) *data.Listing
}

func (s *Server) offersAPI() listingAPI[data.Offer, data.OfferFields] {
	return listingAPI[data.Offer, data.OfferFields]{
		kind: "offers", create: s.store.CreateOffer, get: s.store.Offer, update: s.store.UpdateOffer,
		delete:  s.store.DeleteOffer,
		fields:  func(o *data.Offer) *data.OfferFields { return &o.OfferFields },
		meta:    func(o *data.Offer) data.Meta { return o.Meta },
		listing: func(o *data.Offer) *data.Listing { return &o.Listing },
	}
}

func (s *Server) needsAPI() listingAPI[data.Need, data.NeedFields] {
	return listingAPI[data.Need, data.NeedFields]{
		kind: "needs", create: s.store.CreateNeed, get: s.store.Need, update: s.store.UpdateNeed,
		delete:  s.store.DeleteNeed,
		fields:  func(n *data.Need) *data.NeedFields { return &n.NeedFields },
		meta:    func(n *data.Need) data.Meta { return n.Meta },
		listing: func(n *data.Need) *data.Listing { return &n.Listing },
	}
}

func (s *Server) createOffer(c *fiber.Ctx) error { return createListing(c, s, s.offersAPI()) }
func (s *Server) getOffer(c *fiber.Ctx) error    { return getListing(c, s, s.offersAPI()) }
func (s *Server) patchOffer(c *fiber.Ctx) error  { return patchListing(c, s, s.offersAPI()) }
func (s *Server) deleteOffer(c *fiber.Ctx) error { return deleteListing(c, s, s.offersAPI()) }
func (s *Server) createNeed(c *fiber.Ctx) error  { return createListing(c, s, s.needsAPI()) }
func (s *Server) getNeed(c *fiber.Ctx) error     { return getListing(c, s, s.needsAPI()) }
func (s *Server) patchNeed(c *fiber.Ctx) error   { return patchListing(c, s, s.needsAPI()) }
func (s *Server) deleteNeed(c *fiber.Ctx) error  { return deleteListing(c, s, s.needsAPI()) }

func createListing[T, F any](c *fiber.Ctx, s *Server, a listingAPI[T, F]) error {
	p, err := s.requireAuth(c)
	if err != nil {
		return err
	}
	orgID := p.OrgID
	if p.Admin {
		// The organizer posts on behalf of an organization named in org_id.
		v, err := strconv.ParseUint(c.Query("org_id"), 10, 64)
		if err != nil || v == 0 {
			return data.Invalid(data.FieldError{Field: "org_id", Message: "the organizer's token must name the organization: ?org_id=N"})
		}
		orgID = v
	} else if v := c.Query("org_id"); v != "" && v != strconv.FormatUint(p.OrgID, 10) {
		// Not silently filed under the caller: an organization's token
		// posts its own records only.
		return data.Errorf(data.EFORBIDDEN, "org_id names another organization: an organization's token posts only its own records (leave org_id out)")
	}
	var f F
	// A new record is published unless the body says otherwise.
	listingOf(&f).Status = data.StatusPublished
	if err := decodeInput(c, any(&f).(validatable)); err != nil {
		return err
	}
	rec, err := a.create(orgID, f)
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	c.Location("/api/v1/" + a.kind + "/" + strconv.FormatUint(a.meta(&rec).ID, 10))
	return c.Status(fiber.StatusCreated).JSON(rec)
}

func getListing[T, F any](c *fiber.Ctx, s *Server, a listingAPI[T, F]) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	rec, err := a.get(id)
	if err != nil {
		return err
	}
	if !s.mayRead(c, a.meta(&rec).OrgID, a.listing(&rec).Live(time.Now())) {
		return data.Errorf(data.ENOTFOUND, "%s %d does not exist", strings.TrimSuffix(a.kind, "s"), id)
	}
	return c.JSON(rec)
}

func patchListing[T, F any](c *fiber.Ctx, s *Server, a listingAPI[T, F]) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := authorizeListing(c, s, a.get, a.meta, a.listing, a.kind, id)
	if err != nil {
		return err
	}
	rec, err := a.update(id, func(r *T) error {
		// The owner is checked again inside the write transaction, so a
		// record that changed hands in between is not written.
		if !p.Admin && p.OrgID != a.meta(r).OrgID {
			return data.Errorf(data.EFORBIDDEN, "this token belongs to another organization")
		}
		return decodeInput(c, any(a.fields(r)).(validatable))
	})
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	return c.JSON(rec)
}

func deleteListing[T, F any](c *fiber.Ctx, s *Server, a listingAPI[T, F]) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := authorizeListing(c, s, a.get, a.meta, a.listing, a.kind, id); err != nil {
		return err
	}
	if err := a.delete(id); err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// authorizeListing answers 404 for a missing record, and for another
// organization's draft, archived or expired record (as GET does, so its
// existence does not show), then 401/403 unless the request's token owns
// it or is the organizer's.
func authorizeListing[T any](c *fiber.Ctx, s *Server, get func(uint64) (T, error), meta func(*T) data.Meta, listing func(*T) *data.Listing, kind string, id uint64) (*principal, error) {
	rec, err := get(id)
	if err != nil {
		return nil, err
	}
	if !s.mayRead(c, meta(&rec).OrgID, listing(&rec).Live(time.Now())) {
		return nil, data.Errorf(data.ENOTFOUND, "%s %d does not exist", strings.TrimSuffix(kind, "s"), id)
	}
	return s.requireOwner(c, meta(&rec).OrgID)
}

// listingOf is the Listing inside a record's writable fields.
func listingOf(f any) *data.Listing {
	switch v := f.(type) {
	case *data.OfferFields:
		return &v.Listing
	case *data.NeedFields:
		return &v.Listing
	}
	return nil
}
