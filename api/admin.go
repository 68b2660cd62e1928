package api

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"
)

func (s *Server) reindex(c *fiber.Ctx) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	defer s.timeOp(opReindex)()
	start := time.Now()
	if err := s.index.Rebuild(c.UserContext()); err != nil {
		return err
	}
	n, err := s.index.DocCount()
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"documents": n, "seconds": time.Since(start).Seconds()})
}

func (s *Server) backup(c *fiber.Ctx) error {
	if err := s.requireAdmin(c); err != nil {
		return err
	}
	// The copy is taken in one read transaction, so it is consistent; it
	// is buffered because Fiber writes the body after the handler returns.
	var buf bytes.Buffer
	if _, err := s.store.Backup(c.UserContext(), &buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="techmatch.db"`)
	return c.Send(buf.Bytes())
}
