package bolt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// Bucket names. All are created at open, by the first migration.
var (
	bucketMeta      = []byte("meta")
	bucketOrgs      = []byte("orgs")
	bucketOrgNames  = []byte("org_names")  // fold(name) 0x00 country -> org id
	bucketTokens    = []byte("tokens")     // sha256(token) -> org id
	bucketOffers    = []byte("offers")     // id -> Offer
	bucketNeeds     = []byte("needs")      // id -> Need
	bucketOrgOffers = []byte("org_offers") // org id ++ offer id -> nil
	bucketOrgNeeds  = []byte("org_needs")  // org id ++ need id -> nil
	bucketExternal  = []byte("external")   // kind:external id -> record id
	bucketChanges   = []byte("changes")    // seq -> Change

	keySchemaVersion = []byte("schema_version")
)

// migrations bring a store file up to the current schema; the schema version
// is the number of migrations applied. Add new migrations at the end.
var migrations = []func(tx *bbolt.Tx) error{
	func(tx *bbolt.Tx) error { // 1: the initial buckets
		for _, name := range [][]byte{bucketOrgs, bucketOrgNames, bucketTokens, bucketOffers, bucketNeeds,
			bucketOrgOffers, bucketOrgNeeds, bucketExternal, bucketChanges} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	migrateEventBuckets, // 2: events, participants, intents, rules, requests, match lists, schedules
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = uint64(len(migrations))

// Store is techmatch's source of truth: one bbolt file. Every public method
// is one transaction; every write appends to the change log in the same
// transaction, and is durable when the method returns.
type Store struct {
	db    *bbolt.DB
	path  string
	group groupCommit
	// Now returns the time stamped on records; tests may replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the store file at path and migrates it.
// It fails with a clear error, rather than blocking, when another process
// holds the file.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout:      2 * time.Second,
		FreelistType: bbolt.FreelistMapType,
	})
	if err == bbolt.ErrTimeout {
		return nil, fmt.Errorf("open %s: the store is in use by another process", path)
	} else if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate() error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		v := uint64(0)
		if b := meta.Get(keySchemaVersion); b != nil {
			v = binary.BigEndian.Uint64(b)
		}
		if v > SchemaVersion {
			return fmt.Errorf("store schema version %d is newer than this build (%d)", v, SchemaVersion)
		}
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
		return meta.Put(keySchemaVersion, itob(v))
	})
}

// Close closes the store file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the store file's path.
func (s *Store) Path() string { return s.path }

func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// itob encodes an id big-endian, so keys sort in id order.
func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func pairKey(a, b uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, a)
	binary.BigEndian.PutUint64(k[8:], b)
	return k
}

func getJSON(b *bbolt.Bucket, id uint64, v any) bool {
	raw := b.Get(itob(id))
	if raw == nil {
		return false
	}
	// Unmarshal copies, so v is safe after the transaction.
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("store: corrupt record %d in %s: %v", id, b, err))
	}
	return true
}

func putJSON(b *bbolt.Bucket, id uint64, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(itob(id), raw)
}

// logChange appends a change-log entry in tx.
func (s *Store) logChange(tx *bbolt.Tx, kind string, id uint64, op string, at time.Time) error {
	b := tx.Bucket(bucketChanges)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, seq, data.Change{Seq: seq, Kind: kind, ID: id, Op: op, At: at})
}

// Changes returns up to limit change-log entries with Seq > after, in order.
func (s *Store) Changes(after uint64, limit int) ([]data.Change, error) {
	var out []data.Change
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketChanges).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var ch data.Change
			if err := json.Unmarshal(v, &ch); err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// LastChange returns the sequence of the newest change-log entry, 0 if none.
func (s *Store) LastChange() (uint64, error) {
	var seq uint64
	err := s.db.View(func(tx *bbolt.Tx) error {
		seq = tx.Bucket(bucketChanges).Sequence()
		return nil
	})
	return seq, err
}

// Stats counts the records in the store.
type Stats struct {
	Organizations int    `json:"organizations"`
	Offers        int    `json:"offers"`
	Needs         int    `json:"needs"`
	LastChange    uint64 `json:"last_change"`
	SchemaVersion uint64 `json:"schema_version"`
}

// Stats returns record counts.
func (s *Store) Stats() (Stats, error) {
	var st Stats
	err := s.db.View(func(tx *bbolt.Tx) error {
		st.Organizations = tx.Bucket(bucketOrgs).Stats().KeyN
		st.Offers = tx.Bucket(bucketOffers).Stats().KeyN
		st.Needs = tx.Bucket(bucketNeeds).Stats().KeyN
		st.LastChange = tx.Bucket(bucketChanges).Sequence()
		st.SchemaVersion = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchemaVersion))
		return nil
	})
	return st, err
}

// Backup writes a consistent copy of the store file to w while the store
// stays open for reads and writes. It stops with ctx's error when ctx ends.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx, w})
		return err
	})
	return n, err
}

// ctxWriter fails its writes once ctx has ended, which stops a copy.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// Check verifies the consistency of the store file's pages.
func (s *Store) Check() error {
	return s.db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
}

// hasPrefix reports whether k starts with the 8-byte id prefix p.
func hasPrefix(k, p []byte) bool { return len(k) >= 8 && bytes.Equal(k[:8], p) }

var keySessionSecret = []byte("session_secret")

// SessionSecret returns the store's 32-byte secret for signing web sessions,
// creating it on first use, so a session survives a restart of the service
// and a restored store keeps its own.
func (s *Store) SessionSecret() ([]byte, error) {
	var secret []byte
	err := s.db.View(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bucketMeta).Get(keySessionSecret); len(b) == 32 {
			secret = append([]byte(nil), b...)
		}
		return nil
	})
	if err != nil || secret != nil {
		return secret, err
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if b := meta.Get(keySessionSecret); len(b) == 32 { // another caller won
			secret = append([]byte(nil), b...)
			return nil
		}
		secret = make([]byte, 32)
		_, _ = rand.Read(secret) // crypto/rand.Read never fails (Go 1.24+)
		return meta.Put(keySessionSecret, secret)
	})
	return secret, err
}
