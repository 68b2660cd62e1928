package data

import "time"

// Kinds of record named in the change log.
const (
	KindOrganization = "org"
	KindOffer        = "offer"
	KindNeed         = "need"
)

// Change is one entry of the change log: record Kind/ID was written (Op
// "put") or removed (Op "delete") in the transaction that wrote the entry.
// The search index replays the log, reading each record's current state, so
// applying an entry twice is harmless.
type Change struct {
	Seq  uint64    `json:"seq"`
	Kind string    `json:"kind"`
	ID   uint64    `json:"id"`
	Op   string    `json:"op"`
	At   time.Time `json:"at"`
}

// Change operations.
const (
	OpPut    = "put"
	OpDelete = "delete"
)
