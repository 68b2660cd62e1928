package data

import (
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// table describes where one kind of listing (offers or needs) lives.
type table struct {
	kind   string
	bucket []byte
	byOrg  []byte
}

var (
	offersTable = &table{kind: KindOffer, bucket: bucketOffers, byOrg: bucketOrgOffers}
	needsTable  = &table{kind: KindNeed, bucket: bucketNeeds, byOrg: bucketOrgNeeds}
)

// idsOf returns the ids of orgID's records in t.
func (t *table) idsOf(tx *bolt.Tx, orgID uint64) []uint64 {
	var ids []uint64
	prefix := itob(orgID)
	c := tx.Bucket(t.byOrg).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, binary.BigEndian.Uint64(k[8:]))
	}
	return ids
}

// listing is *Offer or *Need.
type listing[T any] interface {
	*T
	meta() *Meta
	listing() *Listing
	validate() error
}

func (o *Offer) meta() *Meta       { return &o.Meta }
func (o *Offer) listing() *Listing { return &o.Listing }
func (o *Offer) validate() error   { return o.OfferFields.Validate() }
func (n *Need) meta() *Meta        { return &n.Meta }
func (n *Need) listing() *Listing  { return &n.Listing }
func (n *Need) validate() error    { return n.NeedFields.Validate() }
func tableOf[T any, P listing[T]]() *table {
	var zero T
	if _, ok := any(&zero).(*Offer); ok {
		return offersTable
	}
	return needsTable
}

// createListing stores rec as a new record of orgID.
func createListing[T any, P listing[T]](s *Store, tx *bolt.Tx, orgID uint64, rec *T, now time.Time) error {
	t := tableOf[T, P]()
	if tx.Bucket(bucketOrgs).Get(itob(orgID)) == nil {
		return Errorf(ENOTFOUND, "organization %d does not exist", orgID)
	}
	b := tx.Bucket(t.bucket)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	*P(rec).meta() = Meta{ID: id, OrgID: orgID, CreatedAt: now, UpdatedAt: now}
	if err := putJSON(b, id, rec); err != nil {
		return err
	}
	if err := tx.Bucket(t.byOrg).Put(pairKey(orgID, id), nil); err != nil {
		return err
	}
	if ext := P(rec).listing().ExternalID; ext != "" {
		if err := tx.Bucket(bucketExternal).Put([]byte(t.kind+":"+ext), itob(id)); err != nil {
			return err
		}
	}
	return s.logChange(tx, t.kind, id, OpPut, now)
}

func getListing[T any, P listing[T]](s *Store, id uint64) (T, error) {
	var rec T
	t := tableOf[T, P]()
	err := s.db.View(func(tx *bolt.Tx) error {
		if !getJSON(tx.Bucket(t.bucket), id, &rec) {
			return Errorf(ENOTFOUND, "%s %d does not exist", t.kind, id)
		}
		return nil
	})
	return rec, err
}

func updateListing[T any, P listing[T]](s *Store, id uint64, fn func(P) error) (T, error) {
	var rec T
	t := tableOf[T, P]()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(t.bucket)
		if !getJSON(b, id, &rec) {
			return Errorf(ENOTFOUND, "%s %d does not exist", t.kind, id)
		}
		before := *P(&rec).meta()
		oldExt := P(&rec).listing().ExternalID
		if err := fn(&rec); err != nil {
			return err
		}
		// The callback edits fields; what the store owns stays.
		m := P(&rec).meta()
		*m = before
		m.UpdatedAt = s.now()
		if err := P(&rec).validate(); err != nil {
			return err
		}
		if ext := P(&rec).listing().ExternalID; ext != oldExt {
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
		return s.logChange(tx, t.kind, id, OpPut, m.UpdatedAt)
	})
	return rec, err
}

// deleteListing removes record id of t, with its secondary keys, in tx.
func (s *Store) deleteListing(tx *bolt.Tx, t *table, id uint64, now time.Time) error {
	b := tx.Bucket(t.bucket)
	var head struct {
		Meta
		ExternalID string `json:"external_id"`
	}
	raw := b.Get(itob(id))
	if raw == nil {
		return Errorf(ENOTFOUND, "%s %d does not exist", t.kind, id)
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
	return s.logChange(tx, t.kind, id, OpDelete, now)
}

func listListings[T any, P listing[T]](s *Store, after uint64, limit int) ([]T, error) {
	var out []T
	t := tableOf[T, P]()
	err := s.db.View(func(tx *bolt.Tx) error {
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
	err := s.db.View(func(tx *bolt.Tx) error {
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
func (s *Store) CreateOffer(orgID uint64, f OfferFields) (Offer, error) {
	if err := f.Validate(); err != nil {
		return Offer{}, err
	}
	o := Offer{OfferFields: f}
	err := s.db.Update(func(tx *bolt.Tx) error { return createListing(s, tx, orgID, &o, s.now()) })
	return o, err
}

// Offer returns the offer with the given id, or ENOTFOUND.
func (s *Store) Offer(id uint64) (Offer, error) { return getListing[Offer](s, id) }

// UpdateOffer applies fn to the offer's fields, validates and stores the
// result. Returns ENOTFOUND or EINVALID, or fn's error; on any error nothing
// is written.
func (s *Store) UpdateOffer(id uint64, fn func(*Offer) error) (Offer, error) {
	return updateListing(s, id, fn)
}

// DeleteOffer removes the offer. Returns ENOTFOUND.
func (s *Store) DeleteOffer(id uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error { return s.deleteListing(tx, offersTable, id, s.now()) })
}

// Offers returns up to limit offers with id > after, by id.
func (s *Store) Offers(after uint64, limit int) ([]Offer, error) {
	return listListings[Offer](s, after, limit)
}

// OffersOf returns the offers of an organization, by id.
func (s *Store) OffersOf(orgID uint64) ([]Offer, error) { return listingsOf[Offer](s, orgID) }

// CreateNeed validates f and stores it as a new need of orgID.
// Returns EINVALID or ENOTFOUND (no such organization).
func (s *Store) CreateNeed(orgID uint64, f NeedFields) (Need, error) {
	if err := f.Validate(); err != nil {
		return Need{}, err
	}
	n := Need{NeedFields: f}
	err := s.db.Update(func(tx *bolt.Tx) error { return createListing(s, tx, orgID, &n, s.now()) })
	return n, err
}

// Need returns the need with the given id, or ENOTFOUND.
func (s *Store) Need(id uint64) (Need, error) { return getListing[Need](s, id) }

// UpdateNeed applies fn to the need's fields, validates and stores the
// result. Returns ENOTFOUND or EINVALID, or fn's error; on any error nothing
// is written.
func (s *Store) UpdateNeed(id uint64, fn func(*Need) error) (Need, error) {
	return updateListing(s, id, fn)
}

// DeleteNeed removes the need. Returns ENOTFOUND.
func (s *Store) DeleteNeed(id uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error { return s.deleteListing(tx, needsTable, id, s.now()) })
}

// Needs returns up to limit needs with id > after, by id.
func (s *Store) Needs(after uint64, limit int) ([]Need, error) {
	return listListings[Need](s, after, limit)
}

// NeedsOf returns the needs of an organization, by id.
func (s *Store) NeedsOf(orgID uint64) ([]Need, error) { return listingsOf[Need](s, orgID) }
