package data

import (
	"encoding/binary"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// storedOrg is an Organization as persisted, with the hash of its token.
type storedOrg struct {
	Organization
	TokenHash []byte `json:"token_hash"`
}

func orgNameKey(name, country string) []byte {
	return []byte(strings.Join(strings.Fields(Fold(name)), " ") + "\x00" + country)
}

// CreateOrganization validates f and stores a new organization whose API
// token hashes to tokenHash. Returns EINVALID for bad fields and ECONFLICT if
// an organization of the same name exists in the same country.
func (s *Store) CreateOrganization(f OrganizationFields, tokenHash []byte) (Organization, error) {
	if err := f.Validate(); err != nil {
		return Organization{}, err
	}
	var org Organization
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		org, err = s.createOrg(tx, f, tokenHash)
		return err
	})
	return org, err
}

func (s *Store) createOrg(tx *bolt.Tx, f OrganizationFields, tokenHash []byte) (Organization, error) {
	names := tx.Bucket(bucketOrgNames)
	nameKey := orgNameKey(f.Name, f.Country)
	if names.Get(nameKey) != nil {
		return Organization{}, Errorf(ECONFLICT, "an organization named %q already exists in %s", f.Name, f.Country)
	}
	b := tx.Bucket(bucketOrgs)
	id, err := b.NextSequence()
	if err != nil {
		return Organization{}, err
	}
	now := s.now()
	org := Organization{ID: id, OrganizationFields: f, CreatedAt: now, UpdatedAt: now}
	if err := putJSON(b, id, storedOrg{Organization: org, TokenHash: tokenHash}); err != nil {
		return Organization{}, err
	}
	if err := names.Put(nameKey, itob(id)); err != nil {
		return Organization{}, err
	}
	if len(tokenHash) > 0 {
		if err := tx.Bucket(bucketTokens).Put(tokenHash, itob(id)); err != nil {
			return Organization{}, err
		}
	}
	return org, s.logChange(tx, KindOrganization, id, OpPut, now)
}

// Organization returns the organization with the given id, or ENOTFOUND.
func (s *Store) Organization(id uint64) (Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bolt.Tx) error {
		if !getJSON(tx.Bucket(bucketOrgs), id, &so) {
			return Errorf(ENOTFOUND, "organization %d does not exist", id)
		}
		return nil
	})
	return so.Organization, err
}

// OrganizationByToken returns the organization whose token hashes to
// tokenHash, or EUNAUTHORIZED.
func (s *Store) OrganizationByToken(tokenHash []byte) (Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketTokens).Get(tokenHash)
		if v == nil || !getJSON(tx.Bucket(bucketOrgs), binary.BigEndian.Uint64(v), &so) {
			return Errorf(EUNAUTHORIZED, "the token is not valid")
		}
		return nil
	})
	return so.Organization, err
}

// UpdateOrganization applies fn to the organization's fields, validates the
// result and stores it. Its offers and needs are logged as changed too, since
// the index carries the organization's country and kind on each of them.
// Returns ENOTFOUND, EINVALID or ECONFLICT (name taken).
func (s *Store) UpdateOrganization(id uint64, fn func(*OrganizationFields) error) (Organization, error) {
	var so storedOrg
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOrgs)
		if !getJSON(b, id, &so) {
			return Errorf(ENOTFOUND, "organization %d does not exist", id)
		}
		oldKey := orgNameKey(so.Name, so.Country)
		if err := fn(&so.OrganizationFields); err != nil {
			return err
		}
		if err := so.OrganizationFields.Validate(); err != nil {
			return err
		}
		names := tx.Bucket(bucketOrgNames)
		if newKey := orgNameKey(so.Name, so.Country); string(newKey) != string(oldKey) {
			if names.Get(newKey) != nil {
				return Errorf(ECONFLICT, "an organization named %q already exists in %s", so.Name, so.Country)
			}
			if err := names.Delete(oldKey); err != nil {
				return err
			}
			if err := names.Put(newKey, itob(id)); err != nil {
				return err
			}
		}
		so.UpdatedAt = s.now()
		if err := putJSON(b, id, so); err != nil {
			return err
		}
		if err := s.logChange(tx, KindOrganization, id, OpPut, so.UpdatedAt); err != nil {
			return err
		}
		for _, t := range []*table{offersTable, needsTable} {
			for _, rid := range t.idsOf(tx, id) {
				if err := s.logChange(tx, t.kind, rid, OpPut, so.UpdatedAt); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return so.Organization, err
}

// DeleteOrganization removes the organization, its token, all its offers
// and needs and its event participations in one transaction, so no record
// is left without an owner. Returns ENOTFOUND, or ECONFLICT while it has
// meetings in a published (final) schedule.
func (s *Store) DeleteOrganization(id uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var so storedOrg
		b := tx.Bucket(bucketOrgs)
		if !getJSON(b, id, &so) {
			return Errorf(ENOTFOUND, "organization %d does not exist", id)
		}
		now := s.now()
		if err := s.removeFromEvents(tx, id); err != nil {
			return err
		}
		for _, t := range []*table{offersTable, needsTable} {
			for _, rid := range t.idsOf(tx, id) {
				if err := s.deleteListing(tx, t, rid, now); err != nil {
					return err
				}
			}
		}
		if len(so.TokenHash) > 0 {
			if err := tx.Bucket(bucketTokens).Delete(so.TokenHash); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketOrgNames).Delete(orgNameKey(so.Name, so.Country)); err != nil {
			return err
		}
		if err := b.Delete(itob(id)); err != nil {
			return err
		}
		return s.logChange(tx, KindOrganization, id, OpDelete, now)
	})
}

// Organizations returns up to limit organizations with id > after, by id.
func (s *Store) Organizations(after uint64, limit int) ([]Organization, error) {
	var out []Organization
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOrgs).Cursor()
		for k, _ := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, _ = c.Next() {
			var so storedOrg
			getJSON(tx.Bucket(bucketOrgs), binary.BigEndian.Uint64(k), &so)
			out = append(out, so.Organization)
		}
		return nil
	})
	return out, err
}

// OrganizationByName returns the organization with this name (compared
// folded) in this country, or ENOTFOUND.
func (s *Store) OrganizationByName(name, country string) (Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOrgNames).Get(orgNameKey(name, country))
		if v == nil || !getJSON(tx.Bucket(bucketOrgs), binary.BigEndian.Uint64(v), &so) {
			return Errorf(ENOTFOUND, "no organization named %q in %s", name, country)
		}
		return nil
	})
	return so.Organization, err
}
