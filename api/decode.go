package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/techmatch/techmatch/data"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func fiberStatusMessage(status int) string { return utils.StatusMessage(status) }

// validatable is a record's writable fields.
type validatable interface{ Validate() error }

// decodeInput decodes the body into dst (which may already hold values: a
// PATCH overlays the body on the stored record) and validates the result.
// It reports every bad field at once: broken UTF-8, unknown fields and wrong
// types in the body, and the rules the decoded record breaks.
func decodeInput(c *fiber.Ctx, dst validatable, extra ...data.FieldError) error {
	bad, err := decodeStrict(c, dst)
	if err != nil {
		return err
	}
	bad = append(bad, extra...)
	verr := dst.Validate()
	if verr == nil && len(bad) == 0 {
		return nil
	}
	// A member that could not be decoded is reported once, as it was sent,
	// not again as "required" because it stayed empty.
	if e, ok := verr.(*data.Error); ok && len(bad) > 0 {
		kept := e.Fields[:0:0]
		for _, f := range e.Fields {
			if !coveredBy(f.Field, bad) {
				kept = append(kept, f)
			}
		}
		verr = data.Invalid(kept...)
	}
	return withFields(verr, bad)
}

func coveredBy(field string, bad []data.FieldError) bool {
	for _, b := range bad {
		if b.Field != "" && (field == b.Field || strings.HasPrefix(field, b.Field+"[") || strings.HasPrefix(field, b.Field+".")) {
			return true
		}
	}
	return false
}

// decodeStrict decodes the good members of a JSON object body into dst and
// returns the bad ones by name. The error is for a body that is not a JSON
// object at all.
func decodeStrict(c *fiber.Ctx, dst any) ([]data.FieldError, error) {
	return decodeBody(c.Body(), string(c.Request().Header.ContentType()), dst)
}

// decodeBody is decodeStrict on a body and its content type.
func decodeBody(body []byte, ct string, dst any) ([]data.FieldError, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, data.Invalid(data.FieldError{Field: "", Message: "the request body is empty; send a JSON object"})
	}
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, data.Invalid(data.FieldError{Message: "Content-Type must be application/json, not " + ct})
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil || members == nil {
		if !utf8.Valid(body) {
			return nil, data.Invalid(data.FieldError{Message: "the body is not valid UTF-8"})
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// Not Go's "cannot unmarshal array into Go value of type map[...]".
			return nil, data.Invalid(data.FieldError{Message: "the body must be a JSON object, not " + te.Value})
		}
		return nil, data.Invalid(data.FieldError{Message: "the body must be a JSON object: " + jsonErrorText(err)})
	}
	// A member named twice, or holding an object that names one twice, is
	// refused rather than letting the last one win.
	fields := duplicateKeys(body)
	good := map[string]json.RawMessage{}
	for name, raw := range members {
		if coveredBy(name, fields) {
			continue
		}
		if _, known := jsonField(reflect.TypeOf(dst), name); !known {
			// encoding/json would take "Title" or "tItle" for "title":
			// member names are exact.
			fields = append(fields, data.FieldError{Field: name, Message: "is not a known field (names are case-sensitive)"})
			continue
		}
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) && !nullable(reflect.TypeOf(dst), name) {
			fields = append(fields, data.FieldError{Field: name, Message: "must not be null (leave it out to keep its value)"})
			continue
		}
		if !utf8.Valid(raw) || !utf8.ValidString(name) {
			fields = append(fields, data.FieldError{Field: strings.ToValidUTF8(name, "?"), Message: "is not valid UTF-8"})
			continue
		}
		// Surrogates are \uD800-\uDFFF: only a member with such an escape
		// needs the closer look.
		if bytes.Contains(raw, []byte(`\ud`)) || bytes.Contains(raw, []byte(`\uD`)) {
			if err := checkEscapes(raw); err != nil {
				fields = append(fields, data.FieldError{Field: name, Message: err.Error()})
				continue
			}
		}
		// Decode the member alone into a scratch value of dst's type, so each
		// bad member is named, not just the first.
		one, _ := json.Marshal(map[string]json.RawMessage{name: raw})
		scratch := newLike(dst)
		if err := strictUnmarshal(one, scratch); err != nil {
			if inner := elementErrors(dst, name, raw); len(inner) > 0 {
				fields = append(fields, inner...)
			} else {
				fields = append(fields, memberError(name, err))
			}
		} else if bad := controlChars(scratch); len(bad) > 0 {
			fields = append(fields, bad...)
		} else {
			good[name] = raw
		}
	}
	if err := checkTrailing(body); err != nil {
		return nil, data.Invalid(data.FieldError{Message: err.Error()})
	}
	raw, _ := json.Marshal(good)
	if err := strictUnmarshal(raw, dst); err != nil {
		fields = append(fields, memberError("", err))
	}
	return fields, nil
}

// elementErrors names the bad parts of a list of objects (member name of
// dst) that did not decode, as name[i].field, by decoding each element on
// its own; nil when the member is not such a list or no element is to blame.
func elementErrors(dst any, name string, raw json.RawMessage) []data.FieldError {
	f, ok := jsonField(reflect.TypeOf(dst), name)
	if !ok || f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Struct {
		return nil
	}
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return nil
	}
	var out []data.FieldError
	for i, e := range elems {
		prefix := name + "[" + strconv.Itoa(i) + "]"
		bad, err := decodeBody(e, "", reflect.New(f.Type.Elem()).Interface())
		if err != nil {
			out = append(out, data.FieldError{Field: prefix, Message: "must be an object"})
			continue
		}
		for _, b := range bad {
			b.Field = strings.TrimSuffix(prefix+"."+b.Field, ".")
			out = append(out, b)
		}
	}
	return out
}

// checkTrailing rejects anything after the body's JSON object.
func checkTrailing(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func strictUnmarshal(b []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// checkEscapes rejects lone UTF-16 surrogates written as \u escapes, which
// encoding/json would silently turn into U+FFFD.
func checkEscapes(raw []byte) error {
	s := string(raw)
	for i := 0; i+6 <= len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] == '\\' {
			i++
			continue
		}
		if s[i+1] != 'u' {
			continue
		}
		v, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
		if err != nil {
			continue
		}
		if v >= 0xD800 && v <= 0xDBFF {
			if i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
				if w, err := strconv.ParseUint(s[i+8:i+12], 16, 32); err == nil && w >= 0xDC00 && w <= 0xDFFF {
					i += 11
					continue
				}
			}
			return errors.New("contains a lone UTF-16 surrogate escape (not valid Unicode)")
		}
		if v >= 0xDC00 && v <= 0xDFFF {
			return errors.New("contains a lone UTF-16 surrogate escape (not valid Unicode)")
		}
	}
	return nil
}

func memberError(name string, err error) data.FieldError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var pe *time.ParseError
	switch {
	case errors.As(err, &te):
		field := data.FieldPath(te.Field)
		if field == "" {
			field = name
		}
		return data.FieldError{Field: field, Message: fmt.Sprintf("must be %s, not %s", jsonTypeName(te.Type.Kind().String()), te.Value)}
	case errors.As(err, &se):
		return data.FieldError{Field: name, Message: "is not valid JSON"}
	case errors.As(err, &pe):
		return data.FieldError{Field: name, Message: "must be a date and time in RFC 3339, such as 2026-12-10T09:00:00+07:00"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return data.FieldError{Field: f, Message: "is not a known field"}
	}
	return data.FieldError{Field: name, Message: jsonErrorText(err)}
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "int", "int64", "uint64", "float64", "int32", "uint32":
		return "a number"
	case "slice", "array":
		return "a list"
	case "bool":
		return "true or false"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "a " + kind
}

func jsonErrorText(err error) string {
	if err == nil {
		return "null is not an object"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
