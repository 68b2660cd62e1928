package api

import (
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

func TestMessages_BothLanguagesHaveEveryKey(t *testing.T) {
	for _, lang := range webLangs {
		for _, other := range webLangs {
			for k := range messages[other] {
				if _, ok := messages[lang][k]; !ok {
					t.Errorf("%s lacks %q", lang, k)
				}
			}
		}
	}
	for k, en := range messages["en"] {
		if strings.Count(en, "%") != strings.Count(messages["vi"][k], "%") {
			t.Errorf("%s: %q and %q take different arguments", k, en, messages["vi"][k])
		}
	}
}

// Every validation message a record form can produce reads in Vietnamese.
func TestMessages_ValidationInVietnamese(t *testing.T) {
	long := strings.Repeat("x", 400)
	kw := make([]string, 41)
	for i := range kw {
		kw[i] = "k"
	}
	var fields []data.FieldError
	collect := func(err error) {
		if e, ok := err.(*data.Error); ok {
			fields = append(fields, e.Fields...)
		}
	}
	collect(data.OfferFields{Listing: data.Listing{Title: "x", Keywords: kw, Sectors: []string{"nope"}, Cooperation: []string{"x"}, Markets: []string{"XX"}, Language: "zz", Status: "x"}, TRL: 12, IPR: "x"}.Validate())
	collect(data.OfferFields{Listing: data.Listing{Title: long, Description: strings.Repeat("y", 20001), Keywords: []string{""}}, TRL: -1}.Validate())
	collect(data.NeedFields{Listing: data.Listing{Title: "ok title", Status: "published"}, MinTRL: 10, Budget: &data.Budget{Min: 5, Max: 1, Currency: "usd"}}.Validate())
	collect(data.NeedFields{Listing: data.Listing{Title: "ok title", Status: "published"}, Budget: &data.Budget{Currency: "US"}}.Validate())
	collect(data.OrganizationFields{Name: "x", Kind: "x", Country: "xx", Website: "ftp://x", Email: "nope", Size: "x", Languages: []string{"zz"}}.Validate())
	if len(fields) < 15 {
		t.Fatalf("only %d messages to check", len(fields))
	}
	for _, f := range fields {
		if _, ok := viMessage(f.Message); !ok {
			t.Errorf("%s: %q has no Vietnamese", f.Field, f.Message)
		}
	}
}

func TestHighlightHTML(t *testing.T) {
	for in, want := range map[string]string{
		"a <mark>b</mark> c":                         "a <mark>b</mark> c",
		"&lt;script&gt;<mark>x</mark>":               "&lt;script&gt;<mark>x</mark>",
		"&lt;mark&gt;<mark>fake</mark>&lt;/mark&gt;": "&lt;mark&gt;<mark>fake</mark>&lt;/mark&gt;",
		"<mark>open":                                 "open",
		"&amp;lt;b&amp;gt;":                          "&amp;lt;b&amp;gt;",
		"raw <b>bold</b>":                            "raw &lt;b&gt;bold&lt;/b&gt;",
	} {
		if got := string(highlightHTML(in)); got != want {
			t.Errorf("highlightHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPickLang(t *testing.T) {
	vi := &webUser{Lang: "vi"}
	for _, c := range []struct {
		cookie string
		u      *webUser
		accept string
		want   string
	}{
		{"", nil, "", "en"},
		{"", nil, "vi-VN,vi;q=0.9,en;q=0.8", "vi"},
		{"", nil, "en-US,en;q=0.9,vi;q=0.8", "en"},
		{"", nil, "fr-FR,vi;q=0.5", "vi"},
		{"", nil, "vi;q=0", "en"},
		{"", vi, "en", "vi"},
		{"en", vi, "vi", "en"},
		{"xx", nil, "vi", "vi"},
	} {
		if got := pickLang(c.cookie, c.u, c.accept); got != c.want {
			t.Errorf("pickLang(%q, %v, %q) = %q, want %q", c.cookie, c.u, c.accept, got, c.want)
		}
	}
}
