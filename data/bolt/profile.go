package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// The profile of a record is assembled here only, with one rule: a record
// has a profile when it and its organization exist. A record that does not
// exist (deleted since an index answered, or never there) is left out; a
// failure to read the store is an error.

// profiler assembles profiles inside one transaction, reading each
// organization once.
type profiler struct {
	tx   *bbolt.Tx
	orgs map[uint64]*data.Organization // nil: the organization does not exist
}

func newProfiler(tx *bbolt.Tx) *profiler {
	return &profiler{tx: tx, orgs: map[uint64]*data.Organization{}}
}

func (p *profiler) org(id uint64) *data.Organization {
	o, ok := p.orgs[id]
	if !ok {
		var so storedOrg
		if getJSON(p.tx.Bucket(bucketOrgs), id, &so) {
			o = &so.Organization
		}
		p.orgs[id] = o
	}
	return o
}

// offer returns the profile of offer o, false when its organization is gone.
func (p *profiler) offer(o data.Offer) (data.Profile, bool) {
	org := p.org(o.OrgID)
	if org == nil {
		return data.Profile{}, false
	}
	return data.OfferProfile(o, *org), true
}

// need returns the profile of need n, false when its organization is gone.
func (p *profiler) need(n data.Need) (data.Profile, bool) {
	org := p.org(n.OrgID)
	if org == nil {
		return data.Profile{}, false
	}
	return data.NeedProfile(n, *org), true
}

// ref returns the profile of record ref ("offer/12"), false when the record
// or its organization does not exist.
func (p *profiler) ref(ref string) (data.Profile, bool) {
	kind, num, _ := strings.Cut(ref, "/")
	id, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return data.Profile{}, false
	}
	switch kind {
	case data.KindOffer:
		var o data.Offer
		if !getJSON(p.tx.Bucket(bucketOffers), id, &o) {
			return data.Profile{}, false
		}
		return p.offer(o)
	case data.KindNeed:
		var n data.Need
		if !getJSON(p.tx.Bucket(bucketNeeds), id, &n) {
			return data.Profile{}, false
		}
		return p.need(n)
	}
	return data.Profile{}, false
}

// Profiles returns the profiles of refs ("offer/12", "need/7"), in order,
// read in one transaction. Refs of records that do not exist (or whose
// organization does not) are left out; an error is a failure to read the
// store, or ctx's error.
func (s *Store) Profiles(ctx context.Context, refs []string) ([]data.Profile, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]data.Profile, 0, len(refs))
	err := s.db.View(func(tx *bbolt.Tx) error {
		p := newProfiler(tx)
		for _, r := range refs {
			if pr, ok := p.ref(r); ok {
				out = append(out, pr)
			}
		}
		return nil
	})
	return out, err
}

// EachProfile calls fn with pages of up to n profiles: every offer, then
// every need, each with its organization, one transaction per page. It stops
// at fn's first error, or with ctx's error when ctx ends. A record written
// while the walk goes on may or may not be in it: follow the change log from
// LastChange, read before the walk, to see every write.
func (s *Store) EachProfile(ctx context.Context, n int, fn func([]data.Profile) error) error {
	for _, t := range []*table{offersTable, needsTable} {
		for after := uint64(0); ; {
			if err := ctx.Err(); err != nil {
				return err
			}
			var page []data.Profile
			err := s.db.View(func(tx *bbolt.Tx) error {
				p := newProfiler(tx)
				c := tx.Bucket(t.bucket).Cursor()
				k, v := c.Seek(itob(after + 1))
				for ; k != nil && len(page) < n; k, v = c.Next() {
					after = btoi(k)
					if pr, ok := p.decode(t, after, v); ok {
						page = append(page, pr)
					}
				}
				if k == nil {
					after = 0 // the table is done
				}
				return nil
			})
			if err != nil {
				return err
			}
			if len(page) > 0 {
				if err := fn(page); err != nil {
					return err
				}
			}
			if after == 0 {
				break
			}
		}
	}
	return nil
}

// decode builds the profile of the record of t stored as raw.
func (p *profiler) decode(t *table, id uint64, raw []byte) (data.Profile, bool) {
	if t == offersTable {
		var o data.Offer
		mustDecode(raw, &o, id, t)
		return p.offer(o)
	}
	var n data.Need
	mustDecode(raw, &n, id, t)
	return p.need(n)
}

// mustDecode decodes a stored record; a record that does not decode is a
// corrupt file, as getJSON treats it.
func mustDecode(raw []byte, v any, id uint64, t *table) {
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("store: corrupt record %d in %s: %v", id, t.bucket, err))
	}
}

func btoi(k []byte) uint64 { return binary.BigEndian.Uint64(k) }
