package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// registerView is the registration form, or once registered the token,
// shown this once.
type registerView struct {
	Form  *formView
	Token string
	Org   data.Organization
}

func (s *Server) registerPage(c *fiber.Ctx, w *webCtx) error {
	f := newForm("org", w.lang)
	f.Action = "/register"
	f.Val["kind"] = data.OrgEnterprise
	if w.lang == "vi" {
		f.Val["country"] = "VN"
		f.Multi["languages"] = setOf([]string{"vi"})
	}
	return s.render(c, w, 200, "register", tr(w.lang, "register.title"), "signin", registerView{Form: f})
}

// register creates an organization as POST /api/v1/organizations does
// (country required, the same validation), signs it in and shows its token
// once: only the token's hash is stored.
func (s *Server) register(c *fiber.Ctx, w *webCtx) error {
	f := newForm("org", w.lang)
	f.Action = "/register"
	f.keep(c, orgText, orgMulti)
	var of data.OrganizationFields
	f.fillOrg(&of)
	f.addErrors(of.Validate())
	if !f.ok() {
		return s.render(c, w, fiber.StatusUnprocessableEntity, "register", tr(w.lang, "register.title"), "signin", registerView{Form: f})
	}
	token, hash := newToken()
	org, err := s.store.CreateOrganization(of, hash)
	if data.ErrorCode(err) == data.ECONFLICT {
		f.bad("name", errMessage(err))
		return s.render(c, w, fiber.StatusConflict, "register", tr(w.lang, "register.title"), "signin", registerView{Form: f})
	} else if err != nil {
		return err
	}
	if err := s.syncIndex(); err != nil {
		return err
	}
	s.startSession(c, session{OrgID: org.ID})
	return s.render(c, w, fiber.StatusCreated, "register", tr(w.lang, "register.done_title"), "my", registerView{Token: token, Org: org})
}
