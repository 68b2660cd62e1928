package data

// ImportItem is one validated offer or need to load in bulk, with the
// organization it belongs to (found by name and country, created if new).
// Exactly one of Offer and Need is set.
type ImportItem struct {
	Org   OrganizationFields
	Offer *OfferFields
	Need  *NeedFields
}
