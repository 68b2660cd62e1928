package demo

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

func mustLoad(t *testing.T) Dataset {
	t.Helper()
	ds, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return ds
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		ds := mustLoad(t)
		lang := func(want string, langs ...string) int {
			n := 0
			for _, l := range langs {
				if l == want {
					n++
				}
			}
			return n
		}
		var offerLangs, needLangs []string
		for _, o := range ds.Offers {
			offerLangs = append(offerLangs, o.Language)
		}
		for _, n := range ds.Needs {
			needLangs = append(needLangs, n.Language)
		}
		for _, c := range []struct {
			what     string
			got, min int
		}{
			{"organizations", len(ds.Orgs), 44},
			{"offers", len(ds.Offers), 70},
			{"needs", len(ds.Needs), 45},
			{"Vietnamese needs", lang("vi", needLangs...), 30},
			{"English needs", lang("en", needLangs...), 8},
			{"Korean offers", lang("ko", offerLangs...), 8},
			{"Vietnamese offers", lang("vi", offerLangs...), 10},
		} {
			if c.got < c.min {
				t.Errorf("%s: got %d, want at least %d", c.what, c.got, c.min)
			}
		}
	})

	t.Run("ErrUnknownField", func(t *testing.T) {
		fsys := fstest.MapFS{
			"orgs.jsonl":   {Data: []byte(`{"key":"a","name":"Org A","kind":"partner","country":"KR"}` + "\n\n" + `{"key":"b","nmae":"typo"}` + "\n")},
			"offers.jsonl": {Data: nil},
			"needs.jsonl":  {Data: nil},
		}
		_, err := load(fsys)
		if err == nil || !strings.Contains(err.Error(), "orgs.jsonl:3") || !strings.Contains(err.Error(), "nmae") {
			t.Fatalf("err = %v, want one naming orgs.jsonl:3 and the field", err)
		}
	})

	t.Run("ErrTrailingData", func(t *testing.T) {
		fsys := fstest.MapFS{
			"orgs.jsonl":   {Data: nil},
			"offers.jsonl": {Data: []byte(`{"org":"a","title":"One"} {"org":"a","title":"Two"}`)},
			"needs.jsonl":  {Data: nil},
		}
		_, err := load(fsys)
		if err == nil || !strings.Contains(err.Error(), "offers.jsonl:1") {
			t.Fatalf("err = %v, want one naming offers.jsonl:1", err)
		}
	})

	t.Run("ErrWrongType", func(t *testing.T) {
		fsys := fstest.MapFS{
			"orgs.jsonl":   {Data: nil},
			"offers.jsonl": {Data: nil},
			"needs.jsonl":  {Data: []byte(`{"org":"a","title":"Need","min_trl":"high"}`)},
		}
		_, err := load(fsys)
		if err == nil || !strings.Contains(err.Error(), "needs.jsonl:1") {
			t.Fatalf("err = %v, want one naming needs.jsonl:1", err)
		}
	})
}

func TestRecordsValidate(t *testing.T) {
	ds := mustLoad(t)
	for i, o := range ds.Orgs {
		if err := o.Validate(); err != nil {
			t.Errorf("orgs.jsonl record %d (%s): %v", i+1, o.Key, describe(err))
		}
	}
	for i, o := range ds.Offers {
		if err := o.Validate(); err != nil {
			t.Errorf("offers.jsonl record %d (%q): %v", i+1, o.Title, describe(err))
		}
	}
	for i, n := range ds.Needs {
		if err := n.Validate(); err != nil {
			t.Errorf("needs.jsonl record %d (%q): %v", i+1, n.Title, describe(err))
		}
	}
}

// describe spells out the field errors of a *data.Error, which its Error
// method only counts.
func describe(err error) string {
	var e *data.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + " " + f.Message
	}
	return err.Error() + ": " + strings.Join(parts, "; ")
}

func TestReferences(t *testing.T) {
	ds := mustLoad(t)
	orgs := make(map[string]bool, len(ds.Orgs))
	for _, o := range ds.Orgs {
		if o.Key == "" {
			t.Errorf("organization %q has no key", o.Name)
		}
		if orgs[o.Key] {
			t.Errorf("organization key %q is used twice", o.Key)
		}
		orgs[o.Key] = true
	}
	titles := make(map[string]bool, len(ds.Offers))
	for _, o := range ds.Offers {
		if !orgs[o.Org] {
			t.Errorf("offer %q: unknown organization %q", o.Title, o.Org)
		}
		if titles[o.Title] {
			t.Errorf("two offers are titled %q", o.Title)
		}
		titles[o.Title] = true
	}
	for _, n := range ds.Needs {
		if !orgs[n.Org] {
			t.Errorf("need %q: unknown organization %q", n.Title, n.Org)
		}
	}
}

func TestTextIsNFC(t *testing.T) {
	ds := mustLoad(t)
	var n int
	eachString(reflect.ValueOf(ds), "Dataset", func(path, s string) {
		n++
		if !utf8.ValidString(s) {
			t.Errorf("%s: invalid UTF-8", path)
		} else if !norm.NFC.IsNormalString(s) {
			t.Errorf("%s: not NFC: %q", path, s)
		}
	})
	if n == 0 {
		t.Fatal("no strings visited")
	}
}

// TestLanguageTags catches a text tagged with the wrong language: Vietnamese
// texts carry Vietnamese diacritics, Korean texts Hangul, English texts neither.
func TestLanguageTags(t *testing.T) {
	ds := mustLoad(t)
	check := func(kind, lang, title, desc string) {
		text := title + " " + desc
		hangul, viet := 0, 0
		for _, r := range text {
			switch {
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case strings.ContainsRune("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ", unicode.ToLower(r)):
				viet++
			}
		}
		switch lang {
		case "vi":
			if viet == 0 || hangul > 0 {
				t.Errorf("%s %q is tagged vi but does not read as Vietnamese", kind, title)
			}
		case "ko":
			if hangul == 0 {
				t.Errorf("%s %q is tagged ko but has no Hangul", kind, title)
			}
		case "en":
			if hangul > 0 || viet > 3 {
				t.Errorf("%s %q is tagged en but reads as Korean or Vietnamese", kind, title)
			}
		default:
			t.Errorf("%s %q: unexpected language %q", kind, title, lang)
		}
	}
	for _, o := range ds.Offers {
		check("offer", o.Language, o.Title, o.Description)
	}
	for _, n := range ds.Needs {
		check("need", n.Language, n.Title, n.Description)
	}
}

// eachString calls fn for every string reachable from v, with a path naming it.
func eachString(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), path, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				eachString(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachString(v.Index(i), path+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}
