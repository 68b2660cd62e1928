package bolt

import (
	"encoding/binary"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// storedOrg is an Organization as persisted, with the hash of its token.
type storedOrg struct {
	data.Organization
	TokenHash []byte `json:"token_hash"`
}

func orgNameKey(name, country string) []byte {
	return []byte(strings.Join(strings.Fields(data.Fold(name)), " ") + "\x00" + country)
}

// CreateOrganization validates f and stores a new organization whose API
// token hashes to tokenHash. Returns EINVALID for bad fields and ECONFLICT if
// an organization of the same name exists in the same country.
func (s *Store) CreateOrganization(f data.OrganizationFields, tokenHash []byte) (data.Organization, error) {
	if err := f.Validate(); err != nil {
		return data.Organization{}, err
	}
	var org data.Organization
	err := s.update(func(tx *bbolt.Tx) error {
		var err error
		org, err = s.createOrg(tx, f, tokenHash)
		return err
	})
	return org, err
}

func (s *Store) createOrg(tx *bbolt.Tx, f data.OrganizationFields, tokenHash []byte) (data.Organization, error) {
	names := tx.Bucket(bucketOrgNames)
	nameKey := orgNameKey(f.Name, f.Country)
	if names.Get(nameKey) != nil {
		return data.Organization{}, data.Errorf(data.ECONFLICT, "an organization named %q already exists in %s", f.Name, f.Country)
	}
	b := tx.Bucket(bucketOrgs)
	id, err := b.NextSequence()
	if err != nil {
		return data.Organization{}, err
	}
	now := s.now()
	org := data.Organization{ID: id, OrganizationFields: f, CreatedAt: now, UpdatedAt: now}
	if err := putJSON(b, id, storedOrg{Organization: org, TokenHash: tokenHash}); err != nil {
		return data.Organization{}, err
	}
	if err := names.Put(nameKey, itob(id)); err != nil {
		return data.Organization{}, err
	}
	if len(tokenHash) > 0 {
		if err := tx.Bucket(bucketTokens).Put(tokenHash, itob(id)); err != nil {
			return data.Organization{}, err
		}
	}
	return org, s.logChange(tx, data.KindOrganization, id, data.OpPut, now)
}

// Organization returns the organization with the given id, or ENOTFOUND.
func (s *Store) Organization(id uint64) (data.Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bbolt.Tx) error {
		if !getJSON(tx.Bucket(bucketOrgs), id, &so) {
			return data.Errorf(data.ENOTFOUND, "organization %d does not exist", id)
		}
		return nil
	})
	return so.Organization, err
}

// OrganizationByToken returns the organization whose token hashes to
// tokenHash, or EUNAUTHORIZED.
func (s *Store) OrganizationByToken(tokenHash []byte) (data.Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketTokens).Get(tokenHash)
		if v == nil || !getJSON(tx.Bucket(bucketOrgs), binary.BigEndian.Uint64(v), &so) {
			return data.Errorf(data.EUNAUTHORIZED, "the token is not valid")
		}
		return nil
	})
	return so.Organization, err
}

// UpdateOrganization applies fn to the organization's fields, validates the
// result and stores it. Its offers and needs are logged as changed too, since
// the index carries the organization's country and kind on each of them.
// Returns ENOTFOUND, EINVALID or ECONFLICT (name taken).
func (s *Store) UpdateOrganization(id uint64, fn func(*data.OrganizationFields) error) (data.Organization, error) {
	var so storedOrg
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketOrgs)
		if !getJSON(b, id, &so) {
			return data.Errorf(data.ENOTFOUND, "organization %d does not exist", id)
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
				return data.Errorf(data.ECONFLICT, "an organization named %q already exists in %s", so.Name, so.Country)
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
		if err := s.logChange(tx, data.KindOrganization, id, data.OpPut, so.UpdatedAt); err != nil {
			return err
		}
		for _, t := range []*table{offersTable, needsTable} {
			for _, rid := range t.idsOf(tx, id) {
				if err := s.logChange(tx, t.kind, rid, data.OpPut, so.UpdatedAt); err != nil {
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
	return s.db.Update(func(tx *bbolt.Tx) error {
		var so storedOrg
		b := tx.Bucket(bucketOrgs)
		if !getJSON(b, id, &so) {
			return data.Errorf(data.ENOTFOUND, "organization %d does not exist", id)
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
		return s.logChange(tx, data.KindOrganization, id, data.OpDelete, now)
	})
}

// Organizations returns up to limit organizations with id > after, by id.
func (s *Store) Organizations(after uint64, limit int) ([]data.Organization, error) {
	var out []data.Organization
	err := s.db.View(func(tx *bbolt.Tx) error {
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
func (s *Store) OrganizationByName(name, country string) (data.Organization, error) {
	var so storedOrg
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketOrgNames).Get(orgNameKey(name, country))
		if v == nil || !getJSON(tx.Bucket(bucketOrgs), binary.BigEndian.Uint64(v), &so) {
			return data.Errorf(data.ENOTFOUND, "no organization named %q in %s", name, country)
		}
		return nil
	})
	return so.Organization, err
}
