package api

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

var pathParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns a Fiber path (/offers/:id) into an OpenAPI one (/offers/{id}).
func openAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

func (s *Server) openAPI(c *fiber.Ctx) error {
	doc := s.openAPIDoc()
	return c.JSON(doc)
}

var openAPIOnce sync.Once
var openAPICache map[string]any

// openAPIDoc builds the OpenAPI 3 document from the route table, with
// schemas derived from the Go types and their validation tags.
func (s *Server) openAPIDoc() map[string]any {
	openAPIOnce.Do(func() { openAPICache = buildOpenAPI(s.routes()) })
	return openAPICache
}

func buildOpenAPI(routes []route) map[string]any {
	paths := map[string]any{}
	problem := map[string]any{"description": "an error, as application/problem+json",
		"content": map[string]any{"application/problem+json": map[string]any{"schema": schemaOf(reflect.TypeOf(Problem{}))}}}
	for _, r := range routes {
		p := openAPIPath(r.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		status := r.Status
		if status == 0 {
			status = 200
		}
		op := map[string]any{"summary": r.Summary, "responses": map[string]any{}}
		resp := map[string]any{"description": r.Summary}
		if r.Response != nil {
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Response))}}
		}
		responses := op["responses"].(map[string]any)
		responses[strconv.Itoa(status)] = resp
		responses["default"] = problem
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}})
		}
		for _, q := range r.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Body))}}}
		}
		if r.Auth != "" {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "techmatch API", "version": "1.0.0",
			"description": "Technology supply-demand matchmaking: organizations, offers, needs, search and matches."},
		"paths": paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf derives a JSON schema from a Go type: JSON names, types, and the
// bounds and enumerations its validate tags state.
func schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint64, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		addStructFields(t, props, &required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

func addStructFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			addStructFields(f.Type, props, required)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		sch := schemaOf(f.Type)
		for _, rule := range strings.Split(f.Tag.Get("validate"), ",") {
			key, val, _ := strings.Cut(rule, "=")
			switch key {
			case "required":
				*required = append(*required, name)
			case "oneof":
				sch["enum"] = strings.Fields(val)
			case "min", "max":
				n, err := strconv.Atoi(val)
				if err != nil {
					continue
				}
				switch sch["type"] {
				case "string":
					sch[key+"Length"] = n
				case "array":
					sch[key+"Items"] = n
				case "integer", "number":
					sch[map[string]string{"min": "minimum", "max": "maximum"}[key]] = n
				}
			}
			if key == "dive" {
				break
			}
		}
		props[name] = sch
	}
}
