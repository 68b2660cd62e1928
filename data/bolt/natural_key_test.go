package bolt_test

import (
	"context"
	"testing"

	"github.com/techmatch/techmatch/data"
	"github.com/techmatch/techmatch/data/bolt"
)

func TestNaturalTitle(t *testing.T) {
	for in, want := range map[string]string{
		"Xử lý nước thải – IoT":    "xu ly nuoc thai iot",
		"  xu ly, nuoc thai  IoT!": "xu ly nuoc thai iot",
		"Đà Nẵng port cranes":      "da nang port cranes",
		"---":                      "",
	} {
		if got := bolt.NaturalTitle(in); got != want {
			t.Errorf("NaturalTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// Rows without ids are matched by organization, kind and normalized title:
// importing a file again updates its records instead of duplicating them.
func TestImport_NaturalKeyUpdatesInsteadOfDuplicating(t *testing.T) {
	s := MustOpenStore(t)
	org := data.OrganizationFields{Name: "Công ty Nước Sạch", Kind: "enterprise", Country: "VN"}
	other := data.OrganizationFields{Name: "Other Partner", Kind: "partner", Country: "KR"}
	offer := func(o data.OrganizationFields, title string, trl int) data.ImportItem {
		return data.ImportItem{Org: o, Offer: &data.OfferFields{Listing: data.Listing{Title: title, Status: data.StatusPublished}, TRL: trl}}
	}
	need := func(o data.OrganizationFields, title string) data.ImportItem {
		return data.ImportItem{Org: o, Need: &data.NeedFields{Listing: data.Listing{Title: title, Status: data.StatusPublished}}}
	}
	first := []data.ImportItem{
		offer(org, "Xử lý nước thải IoT", 5),
		need(org, "Xử lý nước thải IoT"), // same title, other kind: its own record
		offer(other, "Xử lý nước thải IoT", 7),
		offer(org, "Membrane filtration", 6),
	}
	res, err := s.Import(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 4 || res.Updated != 0 {
		t.Fatalf("first import: %+v", res)
	}
	again := []data.ImportItem{
		offer(org, "xu ly nuoc thai – IoT", 8), // the same natural key, written differently
		need(org, "Xử lý nước thải IoT"),
		offer(other, "Xử lý nước thải IoT", 7),
		offer(org, "Membrane filtration", 6),
		offer(org, "A new row", 3),
	}
	res, err = s.Import(context.Background(), again)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 4 || res.OrgsCreated != 0 {
		t.Fatalf("second import: %+v", res)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Offers != 4 || st.Needs != 1 {
		t.Fatalf("store holds %d offers and %d needs, want 4 and 1", st.Offers, st.Needs)
	}
	o, err := s.OrganizationByName(org.Name, org.Country)
	if err != nil {
		t.Fatal(err)
	}
	offers, err := s.OffersOf(o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 3 || offers[0].TRL != 8 || offers[0].Title != "xu ly nuoc thai – IoT" {
		t.Fatalf("the updated offer: %+v", offers)
	}
}
