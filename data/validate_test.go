package data_test

import (
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// Every tag has a message of ours: a zero value and a value breaking each
// rule must never show validator's own "Error:Field validation" text, and a
// misspelled tag would panic here rather than in production.
func TestValidate_MessagesAreOurs(t *testing.T) {
	long := strings.Repeat("x", 30000)
	cases := map[string]error{
		"zero org":   data.OrganizationFields{}.Validate(),
		"zero offer": data.OfferFields{}.Validate(),
		"zero need":  data.NeedFields{}.Validate(),
		"bad org": data.OrganizationFields{Name: "x", Kind: "pirate", Country: "Vietnam", Sectors: []string{"space"},
			Languages: []string{"xx"}, Website: "ftp://a", Email: "nope", Size: "huge", Description: long}.Validate(),
		"bad offer": data.OfferFields{Listing: data.Listing{Title: "ab", Description: long, Keywords: []string{""},
			Sectors: []string{"nope"}, Cooperation: []string{"marriage"}, Markets: []string{"XX"}, Language: "zz", Status: "live"},
			TRL: 10, IPR: "secret"}.Validate(),
		"bad need": data.NeedFields{Listing: data.Listing{Title: "Valid title", Status: "published"}, MinTRL: -1,
			PreferredCountries: []string{"vn"}, Budget: &data.Budget{Min: 10, Max: 5, Currency: "usd"}}.Validate(),
	}
	for name, err := range cases {
		e, ok := err.(*data.Error)
		if !ok || e.Code != data.EINVALID || len(e.Fields) == 0 {
			t.Errorf("%s: want EINVALID with fields, got %v", name, err)
			continue
		}
		for _, f := range e.Fields {
			if strings.Contains(f.Message, "Error:Field validation") || strings.Contains(f.Message, "breaks rule") || f.Field == "" {
				t.Errorf("%s: field %q has message %q", name, f.Field, f.Message)
			}
		}
	}
	fields := func(err error) string {
		var names []string
		for _, f := range err.(*data.Error).Fields {
			names = append(names, f.Field)
		}
		return strings.Join(names, " ")
	}
	if got := fields(cases["bad need"]); !strings.Contains(got, "min_trl") || !strings.Contains(got, "preferred_countries[0]") ||
		!strings.Contains(got, "budget.currency") || !strings.Contains(got, "budget.max") {
		t.Errorf("bad need fields: %s", got)
	}
	if got := fields(cases["bad offer"]); !strings.Contains(got, "trl") || !strings.Contains(got, "sectors[0]") || !strings.Contains(got, "keywords[0]") {
		t.Errorf("bad offer fields: %s", got)
	}
}

func TestValidate_GoodRecordsPass(t *testing.T) {
	org := data.OrganizationFields{Name: "Cảng Hải Âu", Kind: data.OrgEnterprise, Country: "VN", Sectors: []string{"maritime.ports"},
		Languages: []string{"vi", "en"}, Website: "https://haiau.example", Email: "info@haiau.example", Size: "large"}
	if err := org.Validate(); err != nil {
		t.Fatal(err)
	}
	need := data.NeedFields{Listing: data.Listing{Title: "Cấp điện bờ", Status: data.StatusPublished, Cooperation: []string{data.CoopLicense}},
		MinTRL: 7, Budget: &data.Budget{Min: 1, Max: 2, Currency: "USD"}}
	if err := need.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestTaxonomy(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range data.Sectors() {
		if seen[s.Code] || s.EN == "" || s.VI == "" {
			t.Errorf("bad or duplicate sector %+v", s)
		}
		seen[s.Code] = true
		if s.Parent != "" && !seen[s.Parent] {
			t.Errorf("%s: parent %s missing or listed after it", s.Code, s.Parent)
		}
	}
	if got := strings.Join(data.SectorWithChildren("energy"), " "); got != "energy energy.efficiency energy.grid energy.renewable energy.storage" {
		t.Errorf("energy family = %s", got)
	}
	if data.SectorParent("maritime.ports") != "maritime" || data.SectorParent("maritime") != "maritime" {
		t.Error("SectorParent")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Cảng Biển Đình Vũ":           "cang bien dinh vu",
		"Ca\u0309ng bie\u0302\u0309n": "cang bien", // NFD input
		"xử lý nước thải":             "xu ly nuoc thai",
		"폐수처리를":                       "폐수처리를",
		"IoT ERP":                     "iot erp",
		"bad \xff bytes":              "bad  bytes",
	} {
		if got := data.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
