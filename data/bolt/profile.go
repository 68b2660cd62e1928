package bolt

import "github.com/techmatch/techmatch/data"

// EachProfile calls fn with pages of up to n profiles: every offer, then
// every need, each with its organization. It stops at fn's first error.
func (s *Store) EachProfile(n int, fn func([]data.Profile) error) error {
	orgs := map[uint64]data.Organization{}
	org := func(id uint64) data.Organization {
		o, ok := orgs[id]
		if !ok {
			o, _ = s.Organization(id) // a record's organization exists: deletes take both
			orgs[id] = o
		}
		return o
	}
	for after := uint64(0); ; {
		offers, err := s.Offers(after, n)
		if err != nil || len(offers) == 0 {
			if err != nil {
				return err
			}
			break
		}
		page := make([]data.Profile, len(offers))
		for i, o := range offers {
			page[i] = data.OfferProfile(o, org(o.OrgID))
		}
		if err := fn(page); err != nil {
			return err
		}
		after = offers[len(offers)-1].ID
	}
	for after := uint64(0); ; {
		needs, err := s.Needs(after, n)
		if err != nil || len(needs) == 0 {
			return err
		}
		page := make([]data.Profile, len(needs))
		for i, nd := range needs {
			page[i] = data.NeedProfile(nd, org(nd.OrgID))
		}
		if err := fn(page); err != nil {
			return err
		}
		after = needs[len(needs)-1].ID
	}
}
