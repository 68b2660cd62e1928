package main

// The anchor is what a team would build on the same libraries without
// techmatch: one bbolt file, one Bleve index with the default mapping, and
// net/http. It wires Bleve and bbolt directly (techmatch keeps them in
// search/ and data/bolt/) because it must not share any of techmatch's
// code paths: it is the yardstick, not a part of the service.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// Layout of the anchor's data directory.
const (
	plainStoreFile = "plain.db"
	plainIndexDir  = "plain-index"
)

var (
	bucketMeta   = []byte("meta")
	bucketOrgs   = []byte("orgs")
	bucketTokens = []byte("tokens") // sha256(token) -> org id
	bucketOffers = []byte("offers")
	bucketNeeds  = []byte("needs")
)

// plainDoc is what the anchor indexes, under Bleve's default dynamic
// mapping (standard analyzer, every field also in _all): the text, and the
// codes the search filters on, with parents beside their sector codes as
// techmatch indexes them.
type plainDoc struct {
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Keywords    []string `json:"keywords"`
	Sectors     []string `json:"sectors"`
	Country     string   `json:"country"`
	TRL         float64  `json:"trl"`
	Created     float64  `json:"created"`
}

// plainRecord is a stored offer or need of the anchor.
type plainRecord struct {
	ID      uint64 `json:"id"`
	OrgID   uint64 `json:"org_id"`
	Kind    string `json:"kind"`
	Country string `json:"country"`
	data.Listing
	TRL     int       `json:"trl,omitempty"`
	MinTRL  int       `json:"min_trl,omitempty"`
	Created time.Time `json:"created_at"`
}

func (r *plainRecord) doc() plainDoc {
	d := plainDoc{Kind: r.Kind, Title: r.Title, Description: r.Description, Keywords: r.Keywords,
		Country: r.Country, TRL: float64(r.TRL), Created: float64(r.Created.Unix())}
	if r.Kind == data.KindNeed {
		d.TRL = float64(r.MinTRL)
	}
	for _, s := range r.Sectors {
		d.Sectors = append(d.Sectors, s)
		if p := data.SectorParent(s); p != s && !slices.Contains(d.Sectors, p) {
			d.Sectors = append(d.Sectors, p)
		}
	}
	return d
}

func docID(kind string, id uint64) string { return kind + "/" + strconv.FormatUint(id, 10) }

func bucketOf(kind string) []byte {
	if kind == data.KindNeed {
		return bucketNeeds
	}
	return bucketOffers
}

func key(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// PlainServer answers the load mix's routes from a plain Bleve index and a
// bbolt file.
type PlainServer struct {
	db  *bbolt.DB
	idx bleve.Index
	mu  sync.RWMutex
	tok map[[32]byte]plainOrg // token hash -> organization
}

type plainOrg struct {
	ID uint64 `json:"id"`
	data.OrganizationFields
}

// OpenPlain opens the anchor's data in dir, creating it from spec's records
// when dir holds none (progress goes to log). A dir made from another spec
// is refused.
func OpenPlain(ctx context.Context, dir string, spec DataSpec, log io.Writer) (*PlainServer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	db, err := bbolt.Open(filepath.Join(dir, plainStoreFile), 0o600, &bbolt.Options{Timeout: 2 * time.Second, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("plain store: %w", err)
	}
	p := &PlainServer{db: db, tok: map[[32]byte]plainOrg{}}
	want := fmt.Sprintf("orgs=%d records=%d seed=%d words=%s", spec.Orgs, spec.Records, spec.Seed, spec.Words)
	var have string
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketOrgs, bucketTokens, bucketOffers, bucketNeeds} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		have = string(tx.Bucket(bucketMeta).Get([]byte("spec")))
		return nil
	})
	if err == nil && have != "" && have != want {
		err = fmt.Errorf("%s holds the data set %q, not %q: use another --data", dir, have, want)
	}
	idxPath := filepath.Join(dir, plainIndexDir)
	if err == nil && have == "" {
		// A build that did not finish is started again from nothing.
		if err = os.RemoveAll(idxPath); err == nil {
			err = p.build(ctx, idxPath, spec, log)
		}
		if err == nil {
			err = db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("spec"), []byte(want)) })
		}
	} else if err == nil {
		p.idx, err = bleve.OpenUsing(idxPath, plainIndexConfig())
	}
	if err == nil {
		err = p.loadTokens()
	}
	if err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// plainIndexConfig: like techmatch's index, a write is searchable when the
// call returns without waiting for the index's own fsync (unsafe_batch);
// the bbolt commit is the durable copy.
func plainIndexConfig() map[string]interface{} {
	return map[string]interface{}{"unsafe_batch": true, "bolt_timeout": "2s"}
}

// build stores and indexes spec's records: organizations deduplicated by
// name and country (as techmatch's import does), records in transactions and
// index batches of a thousand.
func (p *PlainServer) build(ctx context.Context, idxPath string, spec DataSpec, log io.Writer) error {
	start := time.Now()
	items, err := spec.Items(0)
	if err != nil {
		return err
	}
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	if p.idx, err = bleve.NewUsing(idxPath, m, scorch.Name, scorch.Name, plainIndexConfig()); err != nil {
		return fmt.Errorf("plain index: %w", err)
	}
	orgs := map[string]plainOrg{}
	created := time.Now().UTC()
	const chunk = 1000
	for lo := 0; lo < len(items); lo += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := p.idx.NewBatch()
		err := p.db.Update(func(tx *bbolt.Tx) error {
			for i := lo; i < min(lo+chunk, len(items)); i++ {
				it := &items[i]
				nk := it.Org.Name + "\x00" + it.Org.Country
				org, ok := orgs[nk]
				if !ok {
					id, _ := tx.Bucket(bucketOrgs).NextSequence()
					org = plainOrg{ID: id, OrganizationFields: it.Org}
					b, _ := json.Marshal(org)
					if err := tx.Bucket(bucketOrgs).Put(key(id), b); err != nil {
						return err
					}
					orgs[nk] = org
				}
				r := plainRecord{OrgID: org.ID, Country: org.Country, Created: created}
				if it.Offer != nil {
					r.Kind, r.Listing, r.TRL = data.KindOffer, it.Offer.Listing, it.Offer.TRL
				} else {
					r.Kind, r.Listing, r.MinTRL = data.KindNeed, it.Need.Listing, it.Need.MinTRL
				}
				if err := p.putTx(tx, &r); err != nil {
					return err
				}
				if err := batch.Index(docID(r.Kind, r.ID), r.doc()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("plain store: %w", err)
		}
		if err := p.idx.Batch(batch); err != nil {
			return fmt.Errorf("plain index: %w", err)
		}
		if n := lo + chunk; n%20000 == 0 {
			fmt.Fprintf(log, "plain: %d of %d records\n", n, len(items))
		}
	}
	fmt.Fprintf(log, "plain: built %d records of %d organizations in %s\n", len(items), len(orgs), time.Since(start).Round(time.Millisecond))
	return nil
}

// putTx gives r an id when it has none and stores it.
func (p *PlainServer) putTx(tx *bbolt.Tx, r *plainRecord) error {
	b := tx.Bucket(bucketOf(r.Kind))
	if r.ID == 0 {
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
	}
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Put(key(r.ID), v)
}

func (p *PlainServer) loadTokens() error {
	return p.db.View(func(tx *bbolt.Tx) error {
		orgs := tx.Bucket(bucketOrgs)
		return tx.Bucket(bucketTokens).ForEach(func(k, v []byte) error {
			var o plainOrg
			if err := json.Unmarshal(orgs.Get(v), &o); err != nil {
				return err
			}
			p.tok[[32]byte(k)] = o
			return nil
		})
	})
}

// Close closes the index and the store.
func (p *PlainServer) Close() error {
	var errs []error
	if p.idx != nil {
		errs = append(errs, p.idx.Close())
		p.idx = nil
	}
	if p.db != nil {
		errs = append(errs, p.db.Close())
		p.db = nil
	}
	return errors.Join(errs...)
}

// Handler serves the routes the load mix uses, with techmatch's paths and
// answer shapes.
func (p *PlainServer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "alive", "server": "techload plain"})
	})
	mux.HandleFunc("GET /api/v1/offers", func(w http.ResponseWriter, r *http.Request) { p.search(w, r, data.KindOffer) })
	mux.HandleFunc("GET /api/v1/needs", func(w http.ResponseWriter, r *http.Request) { p.search(w, r, data.KindNeed) })
	mux.HandleFunc("GET /api/v1/needs/{id}/matches", p.matches)
	mux.HandleFunc("POST /api/v1/offers", func(w http.ResponseWriter, r *http.Request) { p.write(w, r, data.KindOffer) })
	mux.HandleFunc("POST /api/v1/needs", func(w http.ResponseWriter, r *http.Request) { p.write(w, r, data.KindNeed) })
	mux.HandleFunc("POST /api/v1/organizations", p.register)
	return mux
}

type plainItem struct {
	Record json.RawMessage `json:"record"`
	Score  float64         `json:"score"`
}

// search: one match query of q over _all (every record if q is empty,
// newest first), and the filters as further clauses of a conjunction; no
// facets, no snippets, no translations. Paging by offset.
func (p *PlainServer) search(w http.ResponseWriter, r *http.Request, kind string) {
	v := r.URL.Query()
	limit, err1 := intParam(v.Get("limit"), 20, 1, 100)
	trlMin, err2 := intParam(v.Get("trl_min"), 0, 1, 9)
	from, err3 := intParam(v.Get("cursor"), 0, 0, 10000)
	if err := errors.Join(err1, err2, err3); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	anyOf := func(field string, values []string) query.Query {
		var ors []query.Query
		for _, v := range values {
			for _, x := range strings.Split(v, ",") {
				ors = append(ors, term(field, strings.ToLower(strings.TrimSpace(x))))
			}
		}
		return bleve.NewDisjunctionQuery(ors...)
	}
	text := strings.TrimSpace(v.Get("q"))
	var must []query.Query
	if text != "" {
		must = append(must, bleve.NewMatchQuery(text))
	}
	must = append(must, term("kind", kind))
	if s := v["sector"]; len(s) > 0 {
		must = append(must, anyOf("sectors", s))
	}
	if c := v["country"]; len(c) > 0 {
		must = append(must, anyOf("country", c))
	}
	if trlMin > 0 {
		lo, yes := float64(trlMin), true
		q := bleve.NewNumericRangeInclusiveQuery(&lo, nil, &yes, nil)
		q.SetField("trl")
		must = append(must, q)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), limit, from, false)
	if text == "" {
		req.SortBy([]string{"-created", "_id"})
	}
	res, err := p.idx.SearchInContext(r.Context(), req)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	items, err := p.records(res)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := struct {
		Items      []plainItem `json:"items"`
		Total      uint64      `json:"total"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}{Items: items, Total: res.Total}
	if next := from + limit; uint64(next) < res.Total && next <= 10000 {
		out.NextCursor = strconv.Itoa(next)
	}
	writeJSON(w, http.StatusOK, out)
}

// records reads the hits' records from the store, in one transaction.
func (p *PlainServer) records(res *bleve.SearchResult) ([]plainItem, error) {
	items := make([]plainItem, 0, len(res.Hits))
	err := p.db.View(func(tx *bbolt.Tx) error {
		for _, h := range res.Hits {
			kind, idStr, _ := strings.Cut(h.ID, "/")
			id, _ := strconv.ParseUint(idStr, 10, 64)
			if v := tx.Bucket(bucketOf(kind)).Get(key(id)); v != nil {
				items = append(items, plainItem{Record: slices.Clone(v), Score: h.Score})
			}
		}
		return nil
	})
	return items, err
}

// matches: one BM25 match query of the need's title, description and
// keywords against the offers, the top 10.
func (p *PlainServer) matches(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		httpError(w, http.StatusNotFound, "no such need")
		return
	}
	var need plainRecord
	err = p.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketNeeds).Get(key(id))
		if v == nil {
			return errNotFound
		}
		return json.Unmarshal(v, &need)
	})
	if errors.Is(err, errNotFound) {
		httpError(w, http.StatusNotFound, "no such need")
		return
	} else if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	text := need.Title + " " + need.Description + " " + strings.Join(need.Keywords, " ")
	kind := bleve.NewTermQuery(data.KindOffer)
	kind.SetField("kind")
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewMatchQuery(text), kind), 10, 0, false)
	res, err := p.idx.SearchInContext(r.Context(), req)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	items, err := p.records(res)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

var errNotFound = errors.New("not found")

// write: the token names the organization; the record is validated with
// techmatch's own rules, committed to bbolt (one transaction, fsync), then
// indexed (one Index call, searchable on return), then acknowledged.
func (p *PlainServer) write(w http.ResponseWriter, r *http.Request, kind string) {
	org, ok := p.orgOf(r)
	if !ok {
		httpError(w, http.StatusUnauthorized, "a valid token is required")
		return
	}
	rec := plainRecord{Kind: kind, OrgID: org.ID, Country: org.Country, Created: time.Now().UTC()}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	var err error
	if kind == data.KindOffer {
		var f data.OfferFields
		if err = dec.Decode(&f); err == nil {
			f.Status = orDefault(f.Status, data.StatusPublished)
			err = f.Validate()
		}
		rec.Listing, rec.TRL = f.Listing, f.TRL
	} else {
		var f data.NeedFields
		if err = dec.Decode(&f); err == nil {
			f.Status = orDefault(f.Status, data.StatusPublished)
			err = f.Validate()
		}
		rec.Listing, rec.MinTRL = f.Listing, f.MinTRL
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := p.db.Update(func(tx *bbolt.Tx) error { return p.putTx(tx, &rec) }); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if err := p.idx.Index(docID(kind, rec.ID), rec.doc()); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, rec)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (p *PlainServer) orgOf(r *http.Request) (plainOrg, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return plainOrg{}, false
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.tok[sha256.Sum256([]byte(tok))]
	return o, ok
}

// register stores a new organization and answers its token, once.
func (p *PlainServer) register(w http.ResponseWriter, r *http.Request) {
	var f data.OrganizationFields
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	if err == nil {
		err = f.Validate()
	}
	if err == nil && f.Country == "" {
		err = errors.New("country is required")
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	token := "pl_" + hex.EncodeToString(raw)
	hash := sha256.Sum256([]byte(token))
	org := plainOrg{OrganizationFields: f}
	err = p.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketOrgs)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		org.ID = id
		v, _ := json.Marshal(org)
		if err := b.Put(key(id), v); err != nil {
			return err
		}
		return tx.Bucket(bucketTokens).Put(hash[:], key(id))
	})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	p.mu.Lock()
	p.tok[hash] = org
	p.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"organization": org, "token": token})
}

func intParam(s string, def, lo, hi int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%q must be a number from %d to %d", s, lo, hi)
	}
	return n, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"status": status, "title": http.StatusText(status), "detail": detail})
}

// ServePlain serves p on ln until ctx ends, then finishes in-flight
// requests.
func ServePlain(ctx context.Context, p *PlainServer, ln net.Listener) error {
	srv := &http.Server{Handler: p.Handler(), ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 60 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
