package data

import (
	"time"
)

// Kinds of organization.
const (
	OrgEnterprise = "enterprise"
	OrgPartner    = "partner"
	OrgResearch   = "research_institute"
	OrgUniversity = "university"
	OrgAgency     = "agency"
)

// OrgKinds lists the valid Organization.Kind values.
var OrgKinds = []string{OrgEnterprise, OrgPartner, OrgResearch, OrgUniversity, OrgAgency}

// Sizes of organization.
var OrgSizes = []string{"micro", "small", "medium", "large"}

// Cooperation types an offer or need accepts (EEN's partnership types plus
// the deals Techfest sessions end in).
const (
	CoopLicense     = "license"
	CoopJointVent   = "joint_venture"
	CoopTechnical   = "technical_cooperation"
	CoopCommercial  = "commercial_agreement" // with technical assistance
	CoopResearch    = "research_cooperation"
	CoopInvestment  = "investment"
	CoopSupply      = "supply_distribution"
	CoopUnspecified = ""
)

// CooperationTypes lists the valid cooperation codes.
var CooperationTypes = []string{CoopLicense, CoopJointVent, CoopTechnical, CoopCommercial, CoopResearch, CoopInvestment, CoopSupply}

// IPR statuses of an offer.
var IPRStatuses = []string{"patent_granted", "patent_applied", "know_how", "copyright", "none"}

// Record statuses. Only published records are live in search and matching.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Languages techmatch analyses. Other texts are stored with language "" and
// detected on indexing.
var Languages = []string{"en", "vi", "ko", "fr", "de", "ja"}

// Organization is a company, institute or agency that posts offers and needs.
type Organization struct {
	ID uint64 `json:"id"`
	OrganizationFields
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OrganizationFields are the parts of an Organization its owner may write.
type OrganizationFields struct {
	Name        string   `json:"name" validate:"required,min=2,max=200"`
	Kind        string   `json:"kind" validate:"required,org_kind"`
	Country     string   `json:"country,omitempty" validate:"omitempty,country"` // "" when unknown (imports); the API requires it
	City        string   `json:"city,omitempty" validate:"max=100"`
	Sectors     []string `json:"sectors,omitempty" validate:"max=10,dive,sector"`
	Languages   []string `json:"languages,omitempty" validate:"max=10,dive,language"`
	Website     string   `json:"website,omitempty" validate:"omitempty,max=300,http_url"`
	Email       string   `json:"email,omitempty" validate:"omitempty,max=254,email"`
	Size        string   `json:"size,omitempty" validate:"omitempty,org_size"`
	Description string   `json:"description,omitempty" validate:"max=5000"`
}

// Validate checks f and returns an *Error with code EINVALID naming each bad field.
func (f OrganizationFields) Validate() error { return validateStruct(f) }

// Listing holds what offers and needs have in common: the text that search
// and matching read, and the structured fields that filter and score them.
type Listing struct {
	Title       string     `json:"title" validate:"required,min=3,max=300"`
	Description string     `json:"description,omitempty" validate:"max=20000"`
	Keywords    []string   `json:"keywords,omitempty" validate:"max=40,dive,required,max=100"`
	Sectors     []string   `json:"sectors,omitempty" validate:"max=10,dive,sector"`
	Cooperation []string   `json:"cooperation,omitempty" validate:"max=7,dive,cooperation"`
	Markets     []string   `json:"markets,omitempty" validate:"max=60,dive,country"`
	Language    string     `json:"language,omitempty" validate:"omitempty,language"`
	Status      string     `json:"status" validate:"required,oneof=draft published archived"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	// ExternalID is the id the record had where it came from (an import file).
	ExternalID string `json:"external_id,omitempty" validate:"max=200"`
}

// Live reports whether the listing is published and not expired at now.
func (l Listing) Live(now time.Time) bool {
	return l.Status == StatusPublished && (l.ExpiresAt == nil || l.ExpiresAt.After(now))
}

// OfferFields are the parts of an Offer its owner may write.
type OfferFields struct {
	Listing
	// TRL is the technology readiness level, 1-9, or 0 when unknown.
	TRL int    `json:"trl" validate:"min=0,max=9"`
	IPR string `json:"ipr,omitempty" validate:"omitempty,ipr"`
}

// Validate checks f and returns an *Error with code EINVALID naming each bad field.
func (f OfferFields) Validate() error { return validateStruct(f) }

// Offer is a technology an organization can license, sell, build or develop.
type Offer struct {
	Meta
	OfferFields
}

// Budget is a need's budget range; zero bounds are open.
type Budget struct {
	// Bounds are at most 1e15 (a quadrillion, room for large budgets in
	// dong); 1e308 is a mistake or an attack, not a budget.
	Min      float64 `json:"min,omitempty" validate:"min=0,max=1000000000000000"`
	Max      float64 `json:"max,omitempty" validate:"min=0,max=1000000000000000"`
	Currency string  `json:"currency" validate:"required,len=3,uppercase"`
}

// NeedFields are the parts of a Need its owner may write.
type NeedFields struct {
	Listing
	// MinTRL is the lowest readiness level the need accepts, 0 for any.
	MinTRL int `json:"min_trl" validate:"min=0,max=9"`
	// PreferredCountries are the partner countries the need would rather meet.
	PreferredCountries []string   `json:"preferred_countries,omitempty" validate:"max=60,dive,country"`
	Budget             *Budget    `json:"budget,omitempty"`
	Deadline           *time.Time `json:"deadline,omitempty"`
}

// Validate checks f, including rules tags cannot say, and returns an *Error
// with code EINVALID naming each bad field.
func (f NeedFields) Validate() error {
	err := validateStruct(f)
	var extra []FieldError
	if b := f.Budget; b != nil && b.Max > 0 && b.Min > b.Max {
		extra = append(extra, FieldError{Field: "budget.max", Message: "must be at least budget.min"})
	}
	return MergeFieldErrors(err, extra)
}

// Need is a technology an organization is looking for.
type Need struct {
	Meta
	NeedFields
}

// Meta is what the store sets on an offer or need: its id, its owner and
// when it was written.
type Meta struct {
	ID        uint64    `json:"id"`
	OrgID     uint64    `json:"org_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
