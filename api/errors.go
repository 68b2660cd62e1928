package api

import (
	"context"
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"github.com/techmatch/techmatch/data"
)

// codes maps application error codes to HTTP statuses: the one place that
// does so. Handlers just return errors.
var codes = map[string]int{
	data.ECONFLICT:     fiber.StatusConflict,
	data.EINVALID:      fiber.StatusBadRequest,
	data.ENOTFOUND:     fiber.StatusNotFound,
	data.EUNAUTHORIZED: fiber.StatusUnauthorized,
	data.EFORBIDDEN:    fiber.StatusForbidden,
	data.ETOOLARGE:     fiber.StatusRequestEntityTooLarge,
	data.EINTERNAL:     fiber.StatusInternalServerError,
	codeTooMany:        fiber.StatusTooManyRequests,
}

// Problem is an RFC 9457 problem document, with the bad fields of an input.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors []data.FieldError `json:"errors,omitempty"`
}

// errorHandler writes every error as application/problem+json. Internal
// errors are logged and their text is not shown to the client.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		p := Problem{Type: "about:blank"}
		var fe *fiber.Error
		var ae *data.Error
		switch {
		case errors.As(err, &ae):
			p.Status = codes[ae.Code]
			p.Detail = ae.Message
			p.Errors = ae.Fields
		case errors.As(err, &fe):
			p.Status = fe.Code
			p.Detail = fe.Message
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			// The request ran out of time, or the server is shutting down:
			// nothing is broken, so it is not logged as an error.
			log.Warn("request stopped", "method", c.Method(), "path", c.Path(), "err", err)
			c.Set(fiber.HeaderRetryAfter, "5")
			return writeProblem(c, Problem{Type: "about:blank", Status: fiber.StatusServiceUnavailable,
				Detail: "the request was stopped before it finished (it took too long, or the server is shutting down); try again"})
		default:
			p.Status = fiber.StatusInternalServerError
		}
		if p.Status == 0 {
			p.Status = fiber.StatusInternalServerError
		}
		if p.Status >= 500 {
			log.Error("request failed", "request_id", requestID(c), "method", c.Method(), "route", routeLabel(c), "err", err)
			p.Detail = "an internal error occurred; it has been logged"
		}
		if p.Status == fiber.StatusUnauthorized {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="techmatch"`)
		}
		return writeProblem(c, p)
	}
}

// writeProblem sends p as application/problem+json.
func writeProblem(c *fiber.Ctx, p Problem) error {
	p.Title = statusTitle(p.Status)
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, "application/problem+json")
	body, err := jsonMarshal(p)
	if err != nil {
		return c.SendString(`{"title":"Internal Server Error","status":500}`)
	}
	return c.Send(body)
}

func statusTitle(status int) string {
	if t := fiberStatusMessage(status); t != "" {
		return t
	}
	return "Error"
}
