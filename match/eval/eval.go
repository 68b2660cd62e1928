package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/techmatch/techmatch/data/ingest"
)

// Qrels maps query id -> offer id -> grade (2 strong, 1 partial, 0 judged not useful).
// Unjudged pairs count as 0.
type Qrels map[string]map[string]int

// qrelLine is one line of qrels.jsonl.
type qrelLine struct {
	QID     string `json:"qid"`
	OfferID string `json:"offer_id"`
	Rel     *int   `json:"rel"`
}

// LoadQrels reads qrels.jsonl lines {"qid","offer_id","rel"}. Blank lines are
// skipped; a line without qid, offer_id or rel, with a negative rel, or judging
// a pair again with a different grade is an error naming its line.
func LoadQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	err := ingest.EachLine(r, func(line int, raw []byte) error {
		var l qrelLine
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("qrels line %d: %w", line, err)
		}
		switch {
		case l.QID == "":
			return fmt.Errorf("qrels line %d: no qid", line)
		case l.OfferID == "":
			return fmt.Errorf("qrels line %d: no offer_id", line)
		case l.Rel == nil:
			return fmt.Errorf("qrels line %d: no rel", line)
		case *l.Rel < 0:
			return fmt.Errorf("qrels line %d: rel %d is negative", line, *l.Rel)
		}
		grades := q[l.QID]
		if grades == nil {
			grades = map[string]int{}
			q[l.QID] = grades
		}
		if old, ok := grades[l.OfferID]; ok && old != *l.Rel {
			return fmt.Errorf("qrels line %d: %s/%s judged %d, earlier %d", line, l.QID, l.OfferID, *l.Rel, old)
		}
		grades[l.OfferID] = *l.Rel
		return nil
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

// Answerable reports whether query qid has at least one relevant (rel >= 1)
// offer.
func (q Qrels) Answerable(qid string) bool {
	for _, g := range q[qid] {
		if g >= 1 {
			return true
		}
	}
	return false
}

// NDCGAt is nDCG@k of ranked (offer ids, best first) against grades: gain
// 2^rel-1, discount log2(rank+1), normalized by the ideal ordering of all the
// query's judged grades (not only those retrieved). An id repeated in ranked
// counts once, at its first rank. It is 0 when no grade is positive or k <= 0.
func NDCGAt(ranked []string, grades map[string]int, k int) float64 {
	if k <= 0 {
		return 0
	}
	ideal := make([]int, 0, len(grades))
	for _, g := range grades {
		if g > 0 {
			ideal = append(ideal, g)
		}
	}
	if len(ideal) == 0 {
		return 0
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	var idcg float64
	for i, g := range ideal {
		if i >= k {
			break
		}
		idcg += evalGain(g) / math.Log2(float64(i+2))
	}
	var dcg float64
	for i, id := range evalFirstK(ranked, k) {
		if g := grades[id]; g > 0 {
			dcg += evalGain(g) / math.Log2(float64(i+2))
		}
	}
	return dcg / idcg
}

func evalGain(rel int) float64 { return math.Exp2(float64(rel)) - 1 }

// RecallAt is the share of the query's relevant (rel >= 1) offers found in
// the first k of ranked; 0 when the query has none.
func RecallAt(ranked []string, grades map[string]int, k int) float64 {
	relevant := 0
	for _, g := range grades {
		if g >= 1 {
			relevant++
		}
	}
	if relevant == 0 || k <= 0 {
		return 0
	}
	found := 0
	for _, id := range evalFirstK(ranked, k) {
		if grades[id] >= 1 {
			found++
		}
	}
	return float64(found) / float64(relevant)
}

// ReciprocalRank is 1/rank of the first relevant (rel >= 1) offer in ranked,
// with no cut-off; 0 when none is ranked.
func ReciprocalRank(ranked []string, grades map[string]int) float64 {
	for i, id := range evalFirstK(ranked, len(ranked)) {
		if grades[id] >= 1 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// evalFirstK returns the first k distinct ids of ranked, so a ranking that
// repeats an offer cannot collect its gain twice.
func evalFirstK(ranked []string, k int) []string {
	out := make([]string, 0, min(k, len(ranked)))
	seen := make(map[string]bool, min(k, len(ranked)))
	for _, id := range ranked {
		if len(out) >= k {
			break
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// Scores are metrics averaged over Queries queries.
type Scores struct {
	NDCG10, Recall10, MRR float64
	// JudgedNDCG10 is nDCG@10 of each ranking with its unjudged offers
	// left out (a condensed list), and Unjudged10 the share of the first
	// 10 offers that are unjudged: the labels were pooled from a few
	// methods, so a ranking that brings up offers no method pooled loses
	// gain that nDCG10 cannot tell from a miss.
	JudgedNDCG10, Unjudged10 float64
	Queries                  int
}

// Evaluate averages the metrics over the queries that have at least one
// relevant (rel>=1) offer in qrels and are in queryIDs (if queryIDs is nil:
// all queries in rankings); a query listed twice counts once. rankings maps query id -> offer ids, best first. A listed query with no
// ranking scores 0 (it found nothing). Query ids are only unique within one
// query set (known_item_en and known_item_vi share theirs), so evaluate each
// set with its own rankings map.
func Evaluate(rankings map[string][]string, qrels Qrels, queryIDs []string) Scores {
	if queryIDs == nil {
		queryIDs = make([]string, 0, len(rankings))
		for id := range rankings {
			queryIDs = append(queryIDs, id)
		}
		sort.Strings(queryIDs)
	}
	var s Scores
	seen := make(map[string]bool, len(queryIDs))
	for _, qid := range queryIDs {
		if seen[qid] || !qrels.Answerable(qid) {
			continue
		}
		seen[qid] = true
		ranked, grades := rankings[qid], qrels[qid]
		s.NDCG10 += NDCGAt(ranked, grades, 10)
		s.Recall10 += RecallAt(ranked, grades, 10)
		s.MRR += ReciprocalRank(ranked, grades)
		s.JudgedNDCG10 += NDCGAt(JudgedOnly(ranked, grades), grades, 10)
		if top := evalFirstK(ranked, 10); len(top) > 0 {
			s.Unjudged10 += float64(len(top)-len(JudgedOnly(top, grades))) / float64(len(top))
		}
		s.Queries++
	}
	if s.Queries > 0 {
		n := float64(s.Queries)
		s.NDCG10 /= n
		s.Recall10 /= n
		s.MRR /= n
		s.JudgedNDCG10 /= n
		s.Unjudged10 /= n
	}
	return s
}

// JudgedOnly returns ranked without the offers grades does not judge, in
// order.
func JudgedOnly(ranked []string, grades map[string]int) []string {
	out := make([]string, 0, len(ranked))
	for _, id := range ranked {
		if _, ok := grades[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// Separation reports how well top scores separate queries with a relevant
// offer from those without: the mean top score of each group and the AUC
// (probability that a random answerable query's top score exceeds a random
// unanswerable one's). Ties count one half. AUC is NaN when either group is empty.
type Separation struct {
	AnswerableMean, UnanswerableMean, AUC float64
	Answerable, Unanswerable              int
}

// SeparateTopScores compares the top scores (query id -> score of the best
// offer) of answerable queries (some rel >= 1 in qrels) with the rest
// (unjudged, or judged only 0). It uses the queries in queryIDs, or all of
// top when queryIDs is nil; a listed query missing from top found nothing
// and scores 0.
func SeparateTopScores(top map[string]float64, qrels Qrels, queryIDs []string) Separation {
	if queryIDs == nil {
		queryIDs = make([]string, 0, len(top))
		for id := range top {
			queryIDs = append(queryIDs, id)
		}
	}
	var yes, no []float64
	seen := make(map[string]bool, len(queryIDs))
	for _, qid := range queryIDs {
		if seen[qid] {
			continue
		}
		seen[qid] = true
		if qrels.Answerable(qid) {
			yes = append(yes, top[qid])
		} else {
			no = append(no, top[qid])
		}
	}
	s := Separation{Answerable: len(yes), Unanswerable: len(no), AUC: math.NaN()}
	s.AnswerableMean = evalMean(yes)
	s.UnanswerableMean = evalMean(no)
	if len(yes) > 0 && len(no) > 0 {
		var wins float64
		for _, a := range yes {
			for _, b := range no {
				switch {
				case a > b:
					wins++
				case a == b:
					wins += 0.5
				}
			}
		}
		s.AUC = wins / float64(len(yes)*len(no))
	}
	return s
}

func evalMean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// QuerySet is one set of queries of the dev split, judged in the shared
// qrels. Ids are unique within a set, not across sets.
type QuerySet struct {
	Name    string
	Queries []ingest.ImportRow
}

// IDs returns the set's query ids in order.
func (s QuerySet) IDs() []string {
	ids := make([]string, len(s.Queries))
	for i, q := range s.Queries {
		ids[i] = q.ID
	}
	return ids
}

// QueryText is the text of a query record as one string: title, description
// and keywords, space-separated (how the plain baseline queries).
func QueryText(r ingest.ImportRow) string {
	parts := make([]string, 0, 2+len(r.Keywords))
	for _, s := range append([]string{r.Title, r.Description}, r.Keywords...) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Names of the dev query sets, in the order LoadDevSets returns them.
const (
	SetNeeds       = "needs"         // real industry challenges (English)
	SetVINeeds     = "vi_needs"      // Vietnamese needs, some with no good offer
	SetKnownItemEN = "known_item_en" // short English queries for one Vietnamese offer
	SetKnownItemVI = "known_item_vi" // the same targets, Vietnamese without diacritics
	SetKnownItemKO = "known_item_ko" // short Korean queries for one English or Vietnamese offer
)

// LoadDevSets reads the dev split from evalDir (e.g. ../shared/eval-dev) and
// corpusDir (e.g. ../shared/corpus): it returns the sets "needs" (the
// needs.jsonl rows whose id is in needs_dev_ids.txt), "vi_needs",
// "known_item_en", "known_item_vi" and "known_item_ko", in that order, and
// the qrels. The
// needs set keeps the order of needs_dev_ids.txt; an id listed there but
// missing from needs.jsonl, or an id repeated within a set, is an error.
// known_item_en and known_item_vi use the same ids (ki-01, ...) for the same
// targets, so one qrels entry judges both; keep their rankings apart.
func LoadDevSets(evalDir, corpusDir string) ([]QuerySet, Qrels, error) {
	qrels, err := evalLoadFile(filepath.Join(evalDir, "qrels.jsonl"), LoadQrels)
	if err != nil {
		return nil, nil, err
	}
	ids, err := evalLoadFile(filepath.Join(evalDir, "needs_dev_ids.txt"), evalReadIDs)
	if err != nil {
		return nil, nil, err
	}
	allNeeds, err := evalLoadFile(filepath.Join(corpusDir, "needs.jsonl"), ingest.ReadRows)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]ingest.ImportRow, len(allNeeds))
	for _, r := range allNeeds {
		byID[r.ID] = r
	}
	needs := QuerySet{Name: SetNeeds}
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			return nil, nil, fmt.Errorf("needs_dev_ids.txt: %s is not in %s", id, filepath.Join(corpusDir, "needs.jsonl"))
		}
		needs.Queries = append(needs.Queries, r)
	}
	sets := []QuerySet{needs}
	for _, name := range []string{SetVINeeds, SetKnownItemEN, SetKnownItemVI, SetKnownItemKO} {
		rows, err := evalLoadFile(filepath.Join(evalDir, name+".jsonl"), ingest.ReadRows)
		if err != nil {
			return nil, nil, err
		}
		sets = append(sets, QuerySet{Name: name, Queries: rows})
	}
	for _, s := range sets {
		seen := map[string]bool{}
		for _, r := range s.Queries {
			if r.ID == "" {
				return nil, nil, fmt.Errorf("query set %s: a query has no id", s.Name)
			}
			if seen[r.ID] {
				return nil, nil, fmt.Errorf("query set %s: id %s repeated", s.Name, r.ID)
			}
			seen[r.ID] = true
		}
	}
	return sets, qrels, nil
}

func evalLoadFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// evalReadIDs reads one id a line; blank lines and lines starting with # are
// skipped.
func evalReadIDs(r io.Reader) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	err := ingest.EachLine(r, func(line int, raw []byte) error {
		id := string(raw)
		if strings.HasPrefix(id, "#") {
			return nil
		}
		if seen[id] {
			return fmt.Errorf("line %d: id %s repeated", line, id)
		}
		seen[id] = true
		ids = append(ids, id)
		return nil
	})
	return ids, err
}
