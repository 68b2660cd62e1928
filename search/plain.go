package search

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// PlainDoc is a record for the plain baseline.
type PlainDoc struct {
	ID, Title, Description string
	Keywords               []string
}

// ScoredID is one ranked record of the plain baseline: its id and its
// score (higher is better; scores are comparable only within one ranking).
type ScoredID struct {
	ID    string
	Score float64
}

// PlainIndex is the baseline that techmatch's matcher is measured against:
// a default bleve.NewIndexMapping() (standard analyzer, every field in
// _all, default scoring) over title, description and keywords, queried with
// one match query. It knows nothing of languages, glossaries or filters on
// purpose; do not tune it.
type PlainIndex struct {
	idx bleve.Index
}

// plainBatch caps a batch: very large Bleve batches take a lot of memory.
const plainBatch = 1000

// NewPlainIndex builds an in-memory scorch index of docs. Docs with an empty
// ID are rejected; a repeated ID keeps the last doc.
func NewPlainIndex(docs []PlainDoc) (*PlainIndex, error) {
	// Not bleve.NewMemOnly: that builds the deprecated upsidedown engine,
	// several times slower than scorch.
	idx, err := bleve.NewUsing("", bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("plain index: %w", err)
	}
	p := &PlainIndex{idx: idx}
	b := idx.NewBatch()
	for i, d := range docs {
		if d.ID == "" {
			p.Close()
			return nil, fmt.Errorf("plain index: doc %d has no id", i)
		}
		err := b.Index(d.ID, map[string]interface{}{
			"title":       d.Title,
			"description": d.Description,
			"keywords":    strings.Join(d.Keywords, " "),
		})
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("plain index: doc %q: %w", d.ID, err)
		}
		if b.Size() >= plainBatch {
			if err := idx.Batch(b); err != nil {
				p.Close()
				return nil, fmt.Errorf("plain index: %w", err)
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			p.Close()
			return nil, fmt.Errorf("plain index: %w", err)
		}
	}
	return p, nil
}

// Rank returns the top k docs for text, best first, from one match query
// over the default _all field. Text is analysed, never parsed as query
// syntax. Empty text or k <= 0 gives no results.
func (p *PlainIndex) Rank(ctx context.Context, text string, k int) ([]ScoredID, error) {
	if p == nil || p.idx == nil {
		return nil, errors.New("plain index: closed")
	}
	if k <= 0 || strings.TrimSpace(text) == "" {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(text), k, 0, false)
	res, err := p.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("plain index: search: %w", err)
	}
	out := make([]ScoredID, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, ScoredID{ID: h.ID, Score: h.Score})
	}
	return out, nil
}

// DocCount is the number of docs in the index.
func (p *PlainIndex) DocCount() (uint64, error) {
	if p == nil || p.idx == nil {
		return 0, errors.New("plain index: closed")
	}
	return p.idx.DocCount()
}

// Close releases the index. Closing twice is harmless.
func (p *PlainIndex) Close() error {
	if p == nil || p.idx == nil {
		return nil
	}
	err := p.idx.Close()
	p.idx = nil
	return err
}
