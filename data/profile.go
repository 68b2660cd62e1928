package data

import (
	"strconv"
	"time"
)

// Profile is an offer or a need as matching reads it: the listing with what
// matters of its organization. Ref names it ("offer/12"; offline, the id the
// record had in its file) and OrgRef names its organization, so matching can
// keep an organization's needs away from its own offers.
type Profile struct {
	Ref          string
	Kind         string
	OrgRef       string
	OrgName      string
	Country      string
	OrgKind      string
	OrgLanguages []string
	Listing
	// Created and Updated are when the record was written first and last;
	// with Ref, Updated identifies a version of the text, so matching can
	// reuse what it derived from it.
	Created   time.Time
	Updated   time.Time
	TRL       int      // an offer's readiness, 0 unknown
	MinTRL    int      // a need's lowest acceptable readiness, 0 any
	Preferred []string // a need's preferred partner countries
}

// Live reports whether the profile's record is published and unexpired.
func (p Profile) Live(now time.Time) bool { return p.Listing.Live(now) }

// RecordRef is the reference of record kind/id: "offer/12".
func RecordRef(kind string, id uint64) string { return kind + "/" + strconv.FormatUint(id, 10) }

// OfferProfile is the matching profile of an offer of org.
func OfferProfile(o Offer, org Organization) Profile {
	return Profile{
		Ref: RecordRef(KindOffer, o.ID), Kind: KindOffer, OrgRef: strconv.FormatUint(o.OrgID, 10),
		OrgName: org.Name, Country: org.Country, OrgKind: org.Kind, OrgLanguages: org.Languages,
		Listing: o.Listing, TRL: o.TRL, Created: o.CreatedAt, Updated: o.UpdatedAt,
	}
}

// NeedProfile is the matching profile of a need of org.
func NeedProfile(n Need, org Organization) Profile {
	return Profile{
		Ref: RecordRef(KindNeed, n.ID), Kind: KindNeed, OrgRef: strconv.FormatUint(n.OrgID, 10),
		OrgName: org.Name, Country: org.Country, OrgKind: org.Kind, OrgLanguages: org.Languages,
		Listing: n.Listing, MinTRL: n.MinTRL, Preferred: n.PreferredCountries, Created: n.CreatedAt, Updated: n.UpdatedAt,
	}
}

// WeightedText is one part of a candidate query: text to match, and how much
// a match in it counts.
type WeightedText struct {
	Text  string
	Boost float64
	// Lang, when set, is the language of Text: it is then matched against
	// that language's fields and the language-neutral ones only, which
	// keeps candidate queries cheap on large indexes.
	Lang string
}

// ScoredRef is a record found by a candidate source, with its text score.
type ScoredRef struct {
	Ref   string
	Score float64
}
