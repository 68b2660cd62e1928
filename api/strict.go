package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/techmatch/techmatch/data"
)

// multiline are the text fields where a line break or a tab belongs; in
// every other text field they, like every other control character, are
// refused.
var multiline = map[string]bool{
	"description": true, "message": true, "note": true, "notes": true,
	"comment": true, "reason": true,
}

// duplicateKeys returns the path of every member that appears twice in
// one object of the JSON text body ("title", "budget.currency",
// "slots[2].start"). encoding/json silently keeps the last one.
func duplicateKeys(body []byte) []data.FieldError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out []data.FieldError
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return nil
		}
		switch d {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				p := k
				if path != "" {
					p = path + "." + k
				}
				if seen[k] {
					out = append(out, data.FieldError{Field: p, Message: "appears more than once in the object"})
				}
				seen[k] = true
				if err := walk(p); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(path + "[" + strconv.Itoa(i) + "]"); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	if err := walk(""); err != nil {
		return nil // the body's syntax is reported elsewhere
	}
	return out
}

// nullable reports whether member name (a JSON name) of the struct type t
// may be null: only an optional value (a pointer, list or map, which null
// clears) may; a null string, number or flag would be silently ignored.
func nullable(t reflect.Type, name string) bool {
	f, ok := jsonField(t, name)
	if !ok {
		return true // an unknown member is reported as such
	}
	switch f.Type.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// jsonField finds the struct field with JSON name name in t, looking
// through embedded structs.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" {
			if sf, ok := jsonField(f.Type, name); ok {
				return sf, true
			}
			continue
		}
		if tag == name || (tag == "" && f.Name == name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// controlChars returns a field error for every text value in v that holds
// a control character (NUL, an ANSI escape, DEL, C1 controls; line breaks
// and tabs too, except in multi-line fields such as description).
func controlChars(v any) []data.FieldError {
	var out []data.FieldError
	var walk func(rv reflect.Value, path, name string)
	walk = func(rv reflect.Value, path, name string) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(rv.Elem(), path, name)
			}
		case reflect.String:
			if r, ok := badControl(rv.String(), multiline[name]); ok {
				out = append(out, data.FieldError{Field: path, Message: fmt.Sprintf("contains the control character %U; text fields may not hold control characters%s", r, lineNote(name))})
			}
		case reflect.Slice, reflect.Array:
			if rv.Type().Elem().Kind() == reflect.Uint8 {
				return // bytes, not text
			}
			for i := 0; i < rv.Len(); i++ {
				walk(rv.Index(i), path+"["+strconv.Itoa(i)+"]", name)
			}
		case reflect.Map:
			it := rv.MapRange()
			for it.Next() {
				k := fmt.Sprint(it.Key().Interface())
				if r, ok := badControl(k, false); ok {
					out = append(out, data.FieldError{Field: path, Message: fmt.Sprintf("has a key with the control character %U", r)})
				}
				walk(it.Value(), joinPath(path, k), name)
			}
		case reflect.Struct:
			t := rv.Type()
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if tag == "-" {
					continue
				}
				if f.Anonymous && tag == "" {
					walk(rv.Field(i), path, name)
					continue
				}
				if tag == "" {
					tag = f.Name
				}
				walk(rv.Field(i), joinPath(path, tag), tag)
			}
		}
	}
	walk(reflect.ValueOf(v), "", "")
	return out
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func lineNote(name string) string {
	if multiline[name] {
		return " other than line breaks and tabs"
	}
	return ""
}

// badControl returns the first control character in s; line feeds,
// carriage returns and tabs pass where lines is true.
func badControl(s string, lines bool) (rune, bool) {
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if lines && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		return r, true
	}
	return 0, false
}
