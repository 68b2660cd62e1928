package data

import (
	"errors"
	"reflect"
	"slices"
	"strings"

	"github.com/go-playground/validator/v10"
)

// validate is built once: validator's registration is not safe for
// concurrent use, so every custom tag is registered here, before any use.
var validate = newValidator()

// tagMessages are the messages for every tag our records use. A tag missing
// here would fall back to validator's "Error:Field validation" text; a test
// checks that never happens.
var tagMessages = map[string]func(fe validator.FieldError) string{
	"required":  func(validator.FieldError) string { return "is required" },
	"min":       sizeMessage("at least"),
	"max":       sizeMessage("at most"),
	"len":       func(fe validator.FieldError) string { return "must be exactly " + fe.Param() + " characters" },
	"oneof":     func(fe validator.FieldError) string { return "must be one of: " + fe.Param() },
	"email":     func(validator.FieldError) string { return "must be an e-mail address" },
	"http_url":  func(validator.FieldError) string { return "must be an http or https URL" },
	"uppercase": func(validator.FieldError) string { return "must be upper case" },
	"sector":    func(validator.FieldError) string { return "is not a sector code (see GET /api/v1/sectors)" },
	"country": func(validator.FieldError) string {
		return "must be an ISO 3166-1 alpha-2 country code such as VN or KR"
	},
	"language":    func(validator.FieldError) string { return "must be one of: " + strings.Join(Languages, " ") },
	"cooperation": func(validator.FieldError) string { return "must be one of: " + strings.Join(CooperationTypes, " ") },
	"org_kind":    func(validator.FieldError) string { return "must be one of: " + strings.Join(OrgKinds, " ") },
	"org_size":    func(validator.FieldError) string { return "must be one of: " + strings.Join(OrgSizes, " ") },
	"ipr":         func(validator.FieldError) string { return "must be one of: " + strings.Join(IPRStatuses, " ") },
}

func sizeMessage(bound string) func(fe validator.FieldError) string {
	return func(fe validator.FieldError) string {
		switch fe.Kind() {
		case reflect.String:
			return "must be " + bound + " " + fe.Param() + " characters long"
		case reflect.Slice, reflect.Map:
			return "must have " + bound + " " + fe.Param() + " items"
		default:
			return "must be " + bound + " " + fe.Param()
		}
	}
}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	in := func(list []string) validator.Func {
		return func(fl validator.FieldLevel) bool { return slices.Contains(list, fl.Field().String()) }
	}
	must := func(err error) {
		if err != nil {
			panic(err) // a programming error in the tag set, caught by any test
		}
	}
	must(v.RegisterValidation("sector", func(fl validator.FieldLevel) bool { return IsSector(fl.Field().String()) }))
	must(v.RegisterValidation("country", func(fl validator.FieldLevel) bool { return IsCountry(fl.Field().String()) }))
	must(v.RegisterValidation("language", in(Languages)))
	must(v.RegisterValidation("cooperation", in(CooperationTypes)))
	must(v.RegisterValidation("org_kind", in(OrgKinds)))
	must(v.RegisterValidation("org_size", in(OrgSizes)))
	must(v.RegisterValidation("ipr", in(IPRStatuses)))
	return v
}

// validateStruct runs the tag rules on s and turns failures into field errors
// named by JSON path ("keywords[2]", "budget.currency").
func validateStruct(s any) error {
	err := validate.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return &Error{Code: EINTERNAL, Message: err.Error()}
	}
	fields := make([]FieldError, 0, len(ves))
	for _, fe := range ves {
		fields = append(fields, FieldError{Field: FieldPath(fe.Namespace()), Message: tagMessage(fe)})
	}
	return Invalid(fields...)
}

func tagMessage(fe validator.FieldError) string {
	if m, ok := tagMessages[fe.Tag()]; ok {
		return m(fe)
	}
	return "breaks rule " + fe.Tag()
}

// FieldPath drops the Go struct names from a field path, as the validator
// and the JSON decoder write them, keeping the JSON names:
// "OfferFields.Listing.keywords[2]" becomes "keywords[2]".
func FieldPath(ns string) string {
	parts := strings.Split(ns, ".")
	out := parts[:0]
	for _, p := range parts {
		if p == "" || (p[0] >= 'A' && p[0] <= 'Z') {
			continue // Go struct names; JSON names are lower case
		}
		out = append(out, p)
	}
	return strings.Join(out, ".")
}
