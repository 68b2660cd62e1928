package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// principal is who a request acts as: an organization, or the organizer.
type principal struct {
	OrgID uint64
	Admin bool
}

// newToken returns a fresh random token, shown once to its organization,
// and the hash the store keeps.
func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	token = "tm_" + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the hash under which the store keeps a token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// who resolves the request's bearer token. It returns (nil, nil) when the
// request carries none, and EUNAUTHORIZED for a token that is not valid.
func (s *Server) who(c *fiber.Ctx) (*principal, error) {
	h := c.Get(fiber.HeaderAuthorization)
	if h == "" {
		return nil, nil
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, data.Errorf(data.EUNAUTHORIZED, "the Authorization header must be \"Bearer <token>\"")
	}
	token = strings.TrimSpace(token)
	if s.isAdminToken(token) {
		return &principal{Admin: true}, nil
	}
	org, err := s.store.OrganizationByToken(HashToken(token))
	if err != nil {
		return nil, err
	}
	return &principal{OrgID: org.ID}, nil
}

// isAdminToken reports, in constant time, whether token is the organizer's.
// (An organization's token is found by its SHA-256 hash, so its lookup
// reveals nothing about the token either.)
func (s *Server) isAdminToken(token string) bool {
	return s.cfg.AdminToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.AdminToken)) == 1
}

// requireAuth returns the request's principal, or EUNAUTHORIZED.
func (s *Server) requireAuth(c *fiber.Ctx) (*principal, error) {
	p, err := s.who(c)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, data.Errorf(data.EUNAUTHORIZED, "this request needs a token: send \"Authorization: Bearer <token>\"")
	}
	return p, nil
}

// requireOwner checks that the request may write records of orgID: its own
// token or the organizer's. Returns EUNAUTHORIZED or EFORBIDDEN.
func (s *Server) requireOwner(c *fiber.Ctx, orgID uint64) (*principal, error) {
	p, err := s.requireAuth(c)
	if err != nil {
		return nil, err
	}
	if !p.Admin && p.OrgID != orgID {
		return nil, data.Errorf(data.EFORBIDDEN, "this token belongs to another organization")
	}
	return p, nil
}

// requireAdmin returns EUNAUTHORIZED or EFORBIDDEN unless the request
// carries the organizer's token.
func (s *Server) requireAdmin(c *fiber.Ctx) error {
	p, err := s.requireAuth(c)
	if err != nil {
		return err
	}
	if !p.Admin {
		return data.Errorf(data.EFORBIDDEN, "only the organizer's token may do this")
	}
	return nil
}

// mayRead reports whether the request may see a record of orgID that is
// live or not: a draft, archived or expired record is its owner's (and the
// organizer's) business only; to anyone else it does not exist.
func (s *Server) mayRead(c *fiber.Ctx, orgID uint64, live bool) bool {
	if live {
		return true
	}
	p, err := s.who(c)
	return err == nil && p != nil && (p.Admin || p.OrgID == orgID)
}
