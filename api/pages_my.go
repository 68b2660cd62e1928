package api

import (
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

type myView struct {
	Org    data.Organization
	Offers []record
	Needs  []record
	Events []myEvent
}

// myEvent is an event the organization takes part in, on its own page.
type myEvent struct {
	Name, URL, Note string
}

func (s *Server) myPage(c *fiber.Ctx, w *webCtx) error {
	if w.user != nil && w.user.Admin {
		return c.Redirect("/organizer", fiber.StatusSeeOther)
	}
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	org, err := s.store.Organization(orgID)
	if err != nil {
		return err
	}
	v := myView{Org: org}
	if v.Offers, v.Needs, err = s.recordsOf(orgID, false); err != nil {
		return err
	}
	v.Events = s.myEvents(w, orgID)
	return s.render(c, w, 200, "my", org.Name, "my", v)
}

func (s *Server) profilePage(c *fiber.Ctx, w *webCtx) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	org, err := s.store.Organization(orgID)
	if err != nil {
		return err
	}
	f := newForm("org", w.lang)
	f.orgValues(org.OrganizationFields)
	return s.render(c, w, 200, "profile", tr(w.lang, "my.edit_profile"), "my", f)
}

func (s *Server) saveProfile(c *fiber.Ctx, w *webCtx) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	f := newForm("org", w.lang)
	f.keep(c, orgText, orgMulti)
	_, err = s.store.UpdateOrganization(orgID, func(o *data.OrganizationFields) error {
		f.fillOrg(o)
		if err := o.Validate(); err != nil {
			return err
		}
		if !f.ok() {
			return errFormInvalid
		}
		return nil
	})
	if err == nil && f.ok() {
		if err := s.syncIndex(); err != nil {
			return err
		}
		setFlash(c, "flash.profile_saved")
		return c.Redirect("/my", fiber.StatusSeeOther)
	}
	if err != nil && !f.addErrors(err) {
		if data.ErrorCode(err) != data.ECONFLICT {
			return err
		}
		f.bad("name", errMessage(err))
	}
	return s.render(c, w, fiber.StatusUnprocessableEntity, "profile", tr(w.lang, "my.edit_profile"), "my", f)
}

func (s *Server) newOfferPage(c *fiber.Ctx, w *webCtx) error {
	return s.newListingPage(c, w, data.KindOffer)
}
func (s *Server) newNeedPage(c *fiber.Ctx, w *webCtx) error {
	return s.newListingPage(c, w, data.KindNeed)
}

func (s *Server) newListingPage(c *fiber.Ctx, w *webCtx, kind string) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	f := newForm(kind, w.lang)
	f.New, f.Action = true, "/my/"+kind+"s/new"
	f.Val["status"] = data.StatusPublished
	if org, err := s.store.Organization(orgID); err == nil && len(org.Sectors) > 0 {
		f.Multi["sectors"] = setOf(org.Sectors)
	}
	return s.render(c, w, 200, "listing_form", tr(w.lang, "form.new_"+kind), "my", f)
}

func (s *Server) createOfferForm(c *fiber.Ctx, w *webCtx) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	f := newForm(data.KindOffer, w.lang)
	f.New, f.Action = true, "/my/offers/new"
	f.keep(c, offerText, listingMulti)
	var of data.OfferFields
	f.fillOffer(&of)
	if f.addErrors(of.Validate()); !f.ok() {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "listing_form", tr(w.lang, "form.new_offer"), "my", f)
	}
	a := s.offersAPI()
	rec, err := a.create(orgID, of)
	if f.addErrors(err) {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "listing_form", tr(w.lang, "form.new_offer"), "my", f)
	} else if err != nil {
		return err
	}
	return s.afterCreate(c, a.listing(&rec), data.KindOffer, rec.ID)
}

func (s *Server) createNeedForm(c *fiber.Ctx, w *webCtx) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	f := newForm(data.KindNeed, w.lang)
	f.New, f.Action = true, "/my/needs/new"
	f.keep(c, needText, listingMulti)
	var nf data.NeedFields
	f.fillNeed(&nf)
	if f.addErrors(nf.Validate()); !f.ok() {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "listing_form", tr(w.lang, "form.new_need"), "my", f)
	}
	a := s.needsAPI()
	rec, err := a.create(orgID, nf)
	if f.addErrors(err) {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "listing_form", tr(w.lang, "form.new_need"), "my", f)
	} else if err != nil {
		return err
	}
	return s.afterCreate(c, a.listing(&rec), data.KindNeed, rec.ID)
}

// afterCreate does what the API does after a new record (vocabulary,
// read-your-writes index sync) and shows the record with its matches.
func (s *Server) afterCreate(c *fiber.Ctx, l *data.Listing, kind string, id uint64) error {
	if err := s.syncIndex(); err != nil {
		return err
	}
	setFlash(c, "flash.posted")
	return c.Redirect(kindPath(kind)+"/"+strconv.FormatUint(id, 10), fiber.StatusSeeOther)
}

// ownRecord reads the record of the address and checks that the signed-in
// organization (or the organizer) may change it.
func (s *Server) ownRecord(c *fiber.Ctx, w *webCtx, kind string) (record, error) {
	if w.user == nil {
		return record{}, data.Errorf(data.EUNAUTHORIZED, "sign in first")
	}
	id, err := pageID(c)
	if err != nil {
		return record{}, err
	}
	r, err := s.readRecord(kind, id)
	if err != nil {
		return record{}, err
	}
	if !w.user.Admin && w.user.OrgID != r.OrgID {
		if !r.IsLive() {
			return record{}, data.Errorf(data.ENOTFOUND, "no such record")
		}
		return record{}, data.Errorf(data.EFORBIDDEN, "another organization's record")
	}
	return r, nil
}

func (s *Server) editOfferPage(c *fiber.Ctx, w *webCtx) error {
	r, err := s.ownRecord(c, w, data.KindOffer)
	if err != nil {
		return err
	}
	o, err := s.store.Offer(r.ID)
	if err != nil {
		return err
	}
	f := newForm(data.KindOffer, w.lang)
	f.ID, f.Action = r.ID, "/my/offers/"+strconv.FormatUint(r.ID, 10)+"/edit"
	f.offerValues(o.OfferFields)
	return s.render(c, w, 200, "listing_form", tr(w.lang, "form.edit_offer"), "my", f)
}

func (s *Server) editNeedPage(c *fiber.Ctx, w *webCtx) error {
	r, err := s.ownRecord(c, w, data.KindNeed)
	if err != nil {
		return err
	}
	n, err := s.store.Need(r.ID)
	if err != nil {
		return err
	}
	f := newForm(data.KindNeed, w.lang)
	f.ID, f.Action = r.ID, "/my/needs/"+strconv.FormatUint(r.ID, 10)+"/edit"
	f.needValues(n.NeedFields)
	return s.render(c, w, 200, "listing_form", tr(w.lang, "form.edit_need"), "my", f)
}

func (s *Server) saveOfferForm(c *fiber.Ctx, w *webCtx) error {
	r, err := s.ownRecord(c, w, data.KindOffer)
	if err != nil {
		return err
	}
	f := newForm(data.KindOffer, w.lang)
	f.ID, f.Action, f.Stored = r.ID, "/my/offers/"+strconv.FormatUint(r.ID, 10)+"/edit", r.Status
	f.keep(c, offerText, listingMulti)
	_, err = s.offersAPI().update(r.ID, func(o *data.Offer) error {
		if !w.user.Admin && w.user.OrgID != o.OrgID {
			return data.Errorf(data.EFORBIDDEN, "another organization's record")
		}
		f.fillOffer(&o.OfferFields)
		if err := o.OfferFields.Validate(); err != nil {
			return err
		}
		if !f.ok() {
			return errFormInvalid
		}
		return nil
	})
	return s.afterSave(c, w, f, err, data.KindOffer, "form.edit_offer")
}

func (s *Server) saveNeedForm(c *fiber.Ctx, w *webCtx) error {
	r, err := s.ownRecord(c, w, data.KindNeed)
	if err != nil {
		return err
	}
	f := newForm(data.KindNeed, w.lang)
	f.ID, f.Action, f.Stored = r.ID, "/my/needs/"+strconv.FormatUint(r.ID, 10)+"/edit", r.Status
	f.keep(c, needText, listingMulti)
	_, err = s.needsAPI().update(r.ID, func(n *data.Need) error {
		if !w.user.Admin && w.user.OrgID != n.OrgID {
			return data.Errorf(data.EFORBIDDEN, "another organization's record")
		}
		f.fillNeed(&n.NeedFields)
		if err := n.NeedFields.Validate(); err != nil {
			return err
		}
		if !f.ok() {
			return errFormInvalid
		}
		return nil
	})
	return s.afterSave(c, w, f, err, data.KindNeed, "form.edit_need")
}

// afterSave shows the form again with its errors, or the saved record.
// A form with errors of its own (a date that is no date) writes nothing.
func (s *Server) afterSave(c *fiber.Ctx, w *webCtx, f *formView, err error, kind, title string) error {
	if err != nil && !f.addErrors(err) {
		return err
	}
	if !f.ok() {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "listing_form", tr(w.lang, title), "my", f)
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	setFlash(c, "flash.saved")
	return c.Redirect(kindPath(kind)+"/"+strconv.FormatUint(f.ID, 10), fiber.StatusSeeOther)
}

func (s *Server) offerStatusForm(c *fiber.Ctx, w *webCtx) error {
	return s.setStatus(c, w, data.KindOffer)
}
func (s *Server) needStatusForm(c *fiber.Ctx, w *webCtx) error {
	return s.setStatus(c, w, data.KindNeed)
}

// setStatus archives, publishes or drafts one of the organization's records.
func (s *Server) setStatus(c *fiber.Ctx, w *webCtx, kind string) error {
	r, err := s.ownRecord(c, w, kind)
	if err != nil {
		return err
	}
	st := c.FormValue("status")
	if st != data.StatusArchived && st != data.StatusPublished && st != data.StatusDraft {
		return data.Invalid(data.FieldError{Field: "status", Message: "must be one of: draft published archived"})
	}
	owner := func(orgID uint64) error {
		if !w.user.Admin && w.user.OrgID != orgID {
			return data.Errorf(data.EFORBIDDEN, "another organization's record")
		}
		return nil
	}
	if kind == data.KindNeed {
		_, err = s.needsAPI().update(r.ID, func(n *data.Need) error {
			n.Status = st
			return owner(n.OrgID)
		})
	} else {
		_, err = s.offersAPI().update(r.ID, func(o *data.Offer) error {
			o.Status = st
			return owner(o.OrgID)
		})
	}
	if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	setFlash(c, "flash.status_"+st)
	return c.Redirect(kindPath(kind)+"/"+strconv.FormatUint(r.ID, 10), fiber.StatusSeeOther)
}

// myMatchesPage shows the best counterparts of each live record of the
// organization.
func (s *Server) myMatchesPage(c *fiber.Ctx, w *webCtx) error {
	orgID, err := requireOrg(w)
	if err != nil {
		return err
	}
	offers, needs, err := s.recordsOf(orgID, true)
	if err != nil {
		return err
	}
	var out []recordView
	for _, r := range append(needs, offers...) {
		v := recordView{R: r, Counter: otherKind(r.Kind)}
		ms, abstain, err := s.bestMatches(c.UserContext(), w.lang, r.Kind, r.ID, 5)
		if err != nil {
			return err
		}
		v.Abstain = abstain
		v.Matches, v.Weak = splitWeak(ms)
		out = append(out, v)
	}
	return s.render(c, w, 200, "my_matches", tr(w.lang, "my.matches"), "my", out)
}

// errFormInvalid aborts a write whose form has errors of its own (a date
// that is no date): the fields are already marked on the form.
var errFormInvalid = &data.Error{Code: data.EINVALID, Message: "the form has invalid fields"}

func sortStrings(s []string) { sort.Strings(s) }
