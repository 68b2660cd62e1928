package bolt

import (
	"encoding/binary"
	"encoding/json"
	"time"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// table describes where one kind of listing (offers or needs) lives.
type table struct {
	kind   string
	bucket []byte
	byOrg  []byte
}

var (
	offersTable = &table{kind: data.KindOffer, bucket: bucketOffers, byOrg: bucketOrgOffers}
	needsTable  = &table{kind: data.KindNeed, bucket: bucketNeeds, byOrg: bucketOrgNeeds}
)

// idsOf returns the ids of orgID's records in t.
func (t *table) idsOf(tx *bbolt.Tx, orgID uint64) []uint64 {
	var ids []uint64
	prefix := itob(orgID)
	c := tx.Bucket(t.byOrg).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, binary.BigEndian.Uint64(k[8:]))
	}
	return ids
}

// listing is *data.Offer or *data.Need.
type listing[T any] interface {
	*T
}

// metaOf returns the metadata of rec, a *data.Offer or *data.Need.
func metaOf(rec any) *data.Meta {
	switch r := rec.(type) {
	case *data.Offer:
		return &r.Meta
	case *data.Need:
		return &r.Meta
	}
	panic("unreachable")
}

// listingOf returns the listing of rec, a *data.Offer or *data.Need.
func listingOf(rec any) *data.Listing {
	switch r := rec.(type) {
	case *data.Offer:
		return &r.Listing
	case *data.Need:
		return &r.Listing
	}
	panic("unreachable")
}

// validateRecord validates the fields of rec, a *data.Offer or *data.Need.
func validateRecord(rec any) error {
	switch r := rec.(type) {
	case *data.Offer:
		return r.OfferFields.Validate()
	case *data.Need:
		return r.NeedFields.Validate()
	}
	panic("unreachable")
}
func tableOf[T any, P listing[T]]() *table {
	var zero T
	if _, ok := any(&zero).(*data.Offer); ok {
		return offersTable
	}
	return needsTable
}

// createListing stores rec as a new record of orgID.
func createListing[T any, P listing[T]](s *Store, tx *bbolt.Tx, orgID uint64, rec *T, now time.Time) error {
	t := tableOf[T, P]()
	if tx.Bucket(bucketOrgs).Get(itob(orgID)) == nil {
		return data.Errorf(data.ENOTFOUND, "organization %d does not exist", orgID)
	}
	b := tx.Bucket(t.bucket)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	*metaOf(rec) = data.Meta{ID: id, OrgID: orgID, CreatedAt: now, UpdatedAt: now}
	if err := putJSON(b, id, rec); err != nil {
		return err
	}
	if err := tx.Bucket(t.byOrg).Put(pairKey(orgID, id), nil); err != nil {
		return err
	}
	if ext := listingOf(rec).ExternalID; ext != "" {
		if err := tx.Bucket(bucketExternal).Put([]byte(t.kind+":"+ext), itob(id)); err != nil {
			return err
		}
	}
	return s.logChange(tx, t.kind, id, data.OpPut, now)
}

func getListing[T any, P listing[T]](s *Store, id uint64) (T, error) {
	var rec T
	t := tableOf[T, P]()
	err := s.db.View(func(tx *bbolt.Tx) error {
		if !getJSON(tx.Bucket(t.bucket), id, &rec) {
			return data.Errorf(data.ENOTFOUND, "%s %d does not exist", t.kind, id)
		}
		return nil
	})
	return rec, err
}

func updateListing[T any, P listing[T]](s *Store, id uint64, fn func(P) error) (T, error) {
	var rec T
	t := tableOf[T, P]()
	err := s.update(func(tx *bbolt.Tx) error {
		rec = *new(T) // this may run again, when its group's transaction fails
		b := tx.Bucket(t.bucket)
		if !getJSON(b, id, &rec) {
			return data.Errorf(data.ENOTFOUND, "%s %d does not exist", t.kind, id)
		}
		before := *metaOf(&rec)
		oldExt := listingOf(&rec).ExternalID
		if err := fn(&rec); err != nil {
			return err
		}
		// The callback edits fields; what the store owns stays.
		m := metaOf(&rec)
		*m = before
		m.UpdatedAt = s.now()
		if err := validateRecord(&rec); err != nil {
			return err
		}
		if ext := listingOf(&rec).ExternalID; ext != oldExt {
			ex := tx.Bucket(bucketExternal)
			if oldExt != "" {
				if err := ex.Delete([]byte(t.kind + ":" + oldExt)); err != nil {
					return err
				}
			}
			if ext != "" {
				if err := ex.Put([]byte(t.kind+":"+ext), itob(id)); err != nil {
					return err
				}
			}
		}
		if err := putJSON(b, id, &rec); err != nil {
			return err
		}
		return s.logChange(tx, t.kind, id, data.OpPut, m.UpdatedAt)
	})
	return rec, err
}

// deleteListing removes record id of t, with its secondary keys, in tx.
func (s *Store) deleteListing(tx *bbolt.Tx, t *table, id uint64, now time.Time) error {
	b := tx.Bucket(t.bucket)
	var head struct {
		data.Meta
		ExternalID string `json:"external_id"`
	}
	raw := b.Get(itob(id))
	if raw == nil {
		return data.Errorf(data.ENOTFOUND, "%s %d does not exist", t.kind, id)
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return err
	}
	if err := tx.Bucket(t.byOrg).Delete(pairKey(head.OrgID, id)); err != nil {
		return err
	}
	if head.ExternalID != "" {
		if err := tx.Bucket(bucketExternal).Delete([]byte(t.kind + ":" + head.ExternalID)); err != nil {
			return err
		}
	}
	if err := b.Delete(itob(id)); err != nil {
		return err
	}
	return s.logChange(tx, t.kind, id, data.OpDelete, now)
}

func listListings[T any, P listing[T]](s *Store, after uint64, limit int) ([]T, error) {
	var out []T
	t := tableOf[T, P]()
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(t.bucket).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var rec T
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

func listingsOf[T any, P listing[T]](s *Store, orgID uint64) ([]T, error) {
	var out []T
	t := tableOf[T, P]()
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range t.idsOf(tx, orgID) {
			var rec T
			getJSON(tx.Bucket(t.bucket), id, &rec)
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// CreateOffer validates f and stores it as a new offer of orgID.
// Returns EINVALID or ENOTFOUND (no such organization).
func (s *Store) CreateOffer(orgID uint64, f data.OfferFields) (data.Offer, error) {
	if err := f.Validate(); err != nil {
		return data.Offer{}, err
	}
	o := data.Offer{OfferFields: f}
	err := s.update(func(tx *bbolt.Tx) error { return createListing(s, tx, orgID, &o, s.now()) })
	return o, err
}

// Offer returns the offer with the given id, or ENOTFOUND.
func (s *Store) Offer(id uint64) (data.Offer, error) { return getListing[data.Offer](s, id) }

// UpdateOffer applies fn to the offer's fields, validates and stores the
// result. Returns ENOTFOUND or EINVALID, or fn's error; on any error nothing
// is written.
func (s *Store) UpdateOffer(id uint64, fn func(*data.Offer) error) (data.Offer, error) {
	return updateListing(s, id, fn)
}

// DeleteOffer removes the offer. Returns ENOTFOUND.
func (s *Store) DeleteOffer(id uint64) error {
	return s.update(func(tx *bbolt.Tx) error { return s.deleteListing(tx, offersTable, id, s.now()) })
}

// Offers returns up to limit offers with id > after, by id.
func (s *Store) Offers(after uint64, limit int) ([]data.Offer, error) {
	return listListings[data.Offer](s, after, limit)
}

// OffersOf returns the offers of an organization, by id.
func (s *Store) OffersOf(orgID uint64) ([]data.Offer, error) { return listingsOf[data.Offer](s, orgID) }

// CreateNeed validates f and stores it as a new need of orgID.
// Returns EINVALID or ENOTFOUND (no such organization).
func (s *Store) CreateNeed(orgID uint64, f data.NeedFields) (data.Need, error) {
	if err := f.Validate(); err != nil {
		return data.Need{}, err
	}
	n := data.Need{NeedFields: f}
	err := s.update(func(tx *bbolt.Tx) error { return createListing(s, tx, orgID, &n, s.now()) })
	return n, err
}

// Need returns the need with the given id, or ENOTFOUND.
func (s *Store) Need(id uint64) (data.Need, error) { return getListing[data.Need](s, id) }

// UpdateNeed applies fn to the need's fields, validates and stores the
// result. Returns ENOTFOUND or EINVALID, or fn's error; on any error nothing
// is written.
func (s *Store) UpdateNeed(id uint64, fn func(*data.Need) error) (data.Need, error) {
	return updateListing(s, id, fn)
}

// DeleteNeed removes the need. Returns ENOTFOUND.
func (s *Store) DeleteNeed(id uint64) error {
	return s.update(func(tx *bbolt.Tx) error { return s.deleteListing(tx, needsTable, id, s.now()) })
}

// Needs returns up to limit needs with id > after, by id.
func (s *Store) Needs(after uint64, limit int) ([]data.Need, error) {
	return listListings[data.Need](s, after, limit)
}

// NeedsOf returns the needs of an organization, by id.
func (s *Store) NeedsOf(orgID uint64) ([]data.Need, error) { return listingsOf[data.Need](s, orgID) }
