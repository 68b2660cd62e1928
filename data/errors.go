package data

import (
	"errors"
	"fmt"
)

// Error codes. One place in api/ maps them to HTTP statuses.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
)

// FieldError names one bad field of an input and the rule it broke.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error: a code callers can branch on, a message a
// person can read and, for EINVALID, the fields at fault.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s (%d bad fields)", e.Code, e.Message, len(e.Fields))
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors techmatch did not
// make, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Invalid returns an EINVALID error for the given field errors, or nil if
// there are none.
func Invalid(fields ...FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "the input has invalid fields", Fields: fields}
}

// Conflict returns an ECONFLICT error with message and the fields at fault.
func Conflict(message string, fields ...FieldError) error {
	return &Error{Code: ECONFLICT, Message: message, Fields: fields}
}

// MergeFieldErrors adds extra field errors to err (nil or an EINVALID
// *Error); any other error is returned as it is.
func MergeFieldErrors(err error, extra []FieldError) error {
	if err == nil {
		return Invalid(extra...)
	}
	var e *Error
	if errors.As(err, &e) && e.Code == EINVALID {
		e.Fields = append(e.Fields, extra...)
		return e
	}
	return err
}
