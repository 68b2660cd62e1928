package bolt

import (
	"context"
	"encoding/binary"
	"time"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// ImportResult counts what an import did.
type ImportResult struct {
	OrgsCreated int `json:"orgs_created"`
	Created     int `json:"created"`
	Updated     int `json:"updated"`
}

// importChunk is how many items go in one transaction: bulk loads are far
// faster in transactions of a few thousand than one by one.
const importChunk = 2000

// Import loads items in transactions of importChunk. A record whose
// ExternalID is already in the store replaces that record (so importing the
// same file twice does not duplicate anything); others are created. Items
// must be valid: Import validates them again and fails the chunk otherwise.
// When ctx ends, Import stops between chunks with ctx's error; the chunks
// already committed stay (res counts them).
func (s *Store) Import(ctx context.Context, items []data.ImportItem) (ImportResult, error) {
	var res ImportResult
	for start := 0; start < len(items); start += importChunk {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		chunk := items[start:min(start+importChunk, len(items))]
		var r ImportResult
		err := s.db.Update(func(tx *bbolt.Tx) error {
			r = ImportResult{}
			for i := range chunk {
				if err := s.importItem(tx, &chunk[i], &r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		res.OrgsCreated += r.OrgsCreated
		res.Created += r.Created
		res.Updated += r.Updated
	}
	return res, nil
}

func (s *Store) importItem(tx *bbolt.Tx, it *data.ImportItem, r *ImportResult) error {
	var orgID uint64
	if v := tx.Bucket(bucketOrgNames).Get(orgNameKey(it.Org.Name, it.Org.Country)); v != nil {
		orgID = binary.BigEndian.Uint64(v)
	} else {
		if err := it.Org.Validate(); err != nil {
			return err
		}
		org, err := s.createOrg(tx, it.Org, nil)
		if err != nil {
			return err
		}
		orgID = org.ID
		r.OrgsCreated++
	}
	now := s.now()
	switch {
	case it.Offer != nil:
		if err := it.Offer.Validate(); err != nil {
			return err
		}
		return importListing(s, tx, orgID, &data.Offer{OfferFields: *it.Offer}, now, r)
	case it.Need != nil:
		if err := it.Need.Validate(); err != nil {
			return err
		}
		return importListing(s, tx, orgID, &data.Need{NeedFields: *it.Need}, now, r)
	}
	return data.Errorf(data.EINVALID, "an import item has neither an offer nor a need")
}

func importListing[T any, P listing[T]](s *Store, tx *bbolt.Tx, orgID uint64, rec P, now time.Time, r *ImportResult) error {
	t := tableOf[T, P]()
	ext := listingOf(rec).ExternalID
	var id uint64
	if ext == "" {
		// A row without an id updates the organization's record of the
		// same kind and title (the natural key), so a file imported again
		// does not duplicate its rows.
		found, ok := byNaturalKey[T, P](tx, t, orgID, listingOf(rec).Title)
		if !ok {
			r.Created++
			return createListing[T, P](s, tx, orgID, rec, now)
		}
		id = found
	} else {
		v := tx.Bucket(bucketExternal).Get([]byte(t.kind + ":" + ext))
		if v == nil {
			r.Created++
			return createListing[T, P](s, tx, orgID, rec, now)
		}
		id = binary.BigEndian.Uint64(v)
	}
	// Replace the earlier import of this record, keeping its id.
	var old T
	b := tx.Bucket(t.bucket)
	if !getJSON(b, id, &old) {
		return data.Errorf(data.EINTERNAL, "%s %d is missing (external id %q)", t.kind, id, ext)
	}
	if ext == "" {
		listingOf(rec).ExternalID = listingOf(P(&old)).ExternalID
	}
	m := metaOf(&old)
	if m.OrgID != orgID {
		if err := tx.Bucket(t.byOrg).Delete(pairKey(m.OrgID, id)); err != nil {
			return err
		}
		if err := tx.Bucket(t.byOrg).Put(pairKey(orgID, id), nil); err != nil {
			return err
		}
	}
	*metaOf(rec) = data.Meta{ID: id, OrgID: orgID, CreatedAt: m.CreatedAt, UpdatedAt: now}
	if err := putJSON(b, id, rec); err != nil {
		return err
	}
	r.Updated++
	return s.logChange(tx, t.kind, id, data.OpPut, now)
}
