package bolt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"time"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// FileInfo describes a store file that CheckFile found sound.
type FileInfo struct {
	SchemaVersion uint64
	// Keys counts the entries of each top-level bucket ("offers": 120).
	Keys       map[string]int
	LastChange uint64
	Size       int64
}

// CheckFile verifies a store file without changing it: bbolt's page
// consistency check (tx.Check) over the whole file, then that it is a
// techmatch store (the meta bucket and a schema version this build can
// read). The file must not be open in another process.
func CheckFile(path string) (FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return FileInfo{}, err
	}
	// bbolt maps the file into memory and faults (SIGBUS, no recovery) on
	// a page past its end: check the size against the meta pages first.
	if err := checkSize(path, fi.Size()); err != nil {
		return FileInfo{}, fmt.Errorf("check %s: %w", path, err)
	}
	db, err := bbolt.Open(path, 0o400, &bbolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if errors.Is(err, bbolt.ErrTimeout) {
		return FileInfo{}, fmt.Errorf("%s is in use by another process", path)
	} else if err != nil {
		return FileInfo{}, fmt.Errorf("%s is not a store file: %w", path, err)
	}
	defer db.Close()
	info := FileInfo{Keys: map[string]int{}, Size: fi.Size()}
	err = db.View(func(tx *bbolt.Tx) error {
		var problems []error
		for err := range tx.Check() {
			if problems = append(problems, err); len(problems) == 5 {
				break
			}
		}
		if len(problems) > 0 {
			return fmt.Errorf("the file is damaged: %w", errors.Join(problems...))
		}
		// tx.Check verifies pages, not values: bytes damaged inside a
		// record leave the pages sound but the record unreadable.
		if err := checkRecords(tx); err != nil {
			return fmt.Errorf("the file is damaged: %w", err)
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil || len(meta.Get(keySchemaVersion)) != 8 {
			return errors.New("the file is a bbolt database but not a techmatch store (no schema version)")
		}
		info.SchemaVersion = binary.BigEndian.Uint64(meta.Get(keySchemaVersion))
		if info.SchemaVersion > SchemaVersion {
			return fmt.Errorf("the store's schema version %d is newer than this build's (%d)", info.SchemaVersion, SchemaVersion)
		}
		if b := tx.Bucket(bucketChanges); b != nil {
			info.LastChange = b.Sequence()
		}
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			info.Keys[string(name)] = b.Stats().KeyN
			return nil
		})
	})
	if err != nil {
		return FileInfo{}, fmt.Errorf("check %s: %w", path, err)
	}
	return info, nil
}

// checkSize reads the two meta pages of a bbolt file and checks that the
// file holds every page the newer valid one counts.
func checkSize(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 2*65536)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	type meta struct {
		pageSize uint32
		pgid     uint64
		txid     uint64
	}
	parse := func(off int) (meta, bool) {
		b := head[min(off, len(head)):]
		if len(b) < 80 {
			return meta{}, false
		}
		m := b[16:] // after the page header
		if binary.LittleEndian.Uint32(m[0:]) != 0xED0CDAED {
			return meta{}, false
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != binary.LittleEndian.Uint64(m[56:]) {
			return meta{}, false
		}
		return meta{pageSize: binary.LittleEndian.Uint32(m[8:]), pgid: binary.LittleEndian.Uint64(m[40:]), txid: binary.LittleEndian.Uint64(m[48:])}, true
	}
	m0, ok0 := parse(0)
	ps := 4096
	if ok0 && m0.pageSize >= 512 && m0.pageSize <= 65536 {
		ps = int(m0.pageSize)
	}
	m1, ok1 := parse(ps)
	var m meta
	switch {
	case ok0 && ok1:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case ok0:
		m = m0
	case ok1:
		m = m1
	default:
		return errors.New("the file is not a bbolt database (no valid meta page)")
	}
	if need := int64(m.pgid) * int64(m.pageSize); size < need {
		return fmt.Errorf("the file is truncated: %d bytes, but its pages reach %d", size, need)
	}
	return nil
}

// recordBuckets are the buckets whose values are JSON records, with the
// type each decodes into (nil: any JSON value).
var recordBuckets = []struct {
	name []byte
	new  func() any
}{
	{bucketOrgs, func() any { return new(storedOrg) }},
	{bucketOffers, func() any { return new(data.Offer) }},
	{bucketNeeds, func() any { return new(data.Need) }},
	{bucketChanges, func() any { return new(data.Change) }},
	{bucketEvents, nil}, {bucketEventParts, nil}, {bucketEventIntents, nil}, {bucketEventRules, nil},
	{bucketRequests, nil}, {bucketMatchLists, nil}, {bucketSchedules, nil},
}

// checkRecords decodes every record of the file, so that one the store
// could not read (and would refuse to serve) is found before the file is
// used; it names the first few.
func checkRecords(tx *bbolt.Tx) error {
	var problems []error
	for _, rb := range recordBuckets {
		b := tx.Bucket(rb.name)
		if b == nil {
			continue
		}
		err := b.ForEach(func(k, v []byte) error {
			var bad error
			if rb.new == nil {
				if !json.Valid(v) {
					bad = errors.New("not JSON")
				}
			} else {
				bad = json.Unmarshal(v, rb.new())
			}
			if bad != nil {
				problems = append(problems, fmt.Errorf("record %x in %s: %v", k, rb.name, bad))
				if len(problems) == 5 {
					return errors.New("stop")
				}
			}
			return nil
		})
		if err != nil { // five problems found: enough to name
			break
		}
	}
	return errors.Join(problems...)
}
