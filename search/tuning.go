package search

import (
	zapx "github.com/blevesearch/zapx/v17"
)

// How the live index is tuned for a stream of small batches: a busy
// registration desk commits a few records at a time, and each Sync adds
// one small segment to Bleve. With scorch's defaults most of the CPU of a
// write went into persisting every small segment as its own file and
// merging them again and again (BenchmarkHTTPWrites8Clients profile, README
// "Performance").

// indexConfig is the runtime configuration of a live generation:
//
//   - unsafe_batch: a batch is searchable once introduced, without waiting
//     for the index's own fsync. The store's change log makes writes
//     durable: the index records the last sequence it applied in the same
//     batch, and Open replays what a crash lost.
//   - the persister naps persistNapMS between rounds while few files are on
//     disk, so the segments of many batches are merged in memory and
//     written as one file instead of one file each (fewer fsyncs competing
//     with the store's, less merging). What a crash loses of those
//     milliseconds is replayed from the change log.
//   - the merge planner's floor: scorch counts a segment smaller than
//     FloorSegmentSize documents as that big. With the default 2,000, an
//     index under 20,000 documents has a budget of one segment, so every
//     new file made the merger rewrite the whole index. At 100 the tiers of
//     small segments merge by size, as they should.
//   - segments per tier: the planner lets each tier (100, 1,000, 10,000
//     documents, ...) hold MaxSegmentsPerTier segments. With the default
//     10 an index of 100,000 records kept 20 to 30 segments while writes
//     came in at a few a second (the load mix), and every search built
//     its term searchers in each. At 2 it keeps 5 or 6; a write costs the
//     same CPU (HTTPWrites8Clients and a stream of single writes at
//     100,000 records, each measured beside the default).
func indexConfig() map[string]interface{} {
	return map[string]interface{}{
		"unsafe_batch": true,
		"bolt_timeout": "2s",
		"scorchPersisterOptions": map[string]interface{}{
			"PersisterNapTimeMSec": persistNapMS,
		},
		"scorchMergePlanOptions": map[string]interface{}{
			"FloorSegmentSize":   100,
			"MaxSegmentsPerTier": 2,
		},
	}
}

// persistNapMS is the persister's nap between rounds, in milliseconds.
const persistNapMS = 200

// zapx sizes the buffer of a new segment for the batch's documents plus
// NewSegmentBufferNumResultsBump (100) more, at the last segment's bytes
// per document: for the one-record batches of a single writer that is a
// buffer a hundred times too big, allocated and cleared each write. The
// knob is a package variable of the segment library; it is set here, in a
// variable's initializer, so it is in place before any index exists (and
// no goroutine reads it while it changes). Large batches (rebuilds) are
// unaffected: the bump is small beside them.
//
// Each merge, in memory or of files, writes through a buffer of
// DefaultFileMergerBufferSize bytes (1 MiB): for the persister's merges of
// a few small segments every 200 ms that was a quarter of all the bytes a
// write allocated, and so of the garbage collections. 256 KiB still writes
// the large segments of a rebuild in big chunks.
var _ = func() int {
	zapx.NewSegmentBufferNumResultsBump = 0
	zapx.DefaultFileMergerBufferSize = 256 << 10
	return 0
}()
