package main

import (
	"fmt"
	"io"

	"github.com/techmatch/techmatch/match"
	"github.com/techmatch/techmatch/match/eval"
)

// What `eval --components` prints: for each query set and fold, the mean of
// each component over techmatch's first 10 offers, apart for the offers
// judged relevant, those judged not relevant and those never judged. It says
// which components tell a relevant offer from the ones ranked beside it
// (what a change to the weights could use) and what the unjudged offers look
// like.

// judgedClasses are the kinds of offer a top 10 is split into.
var judgedClasses = [3]string{"relevant", "judged 0", "unjudged"}

// componentMeans accumulates components by judged class.
type componentMeans struct {
	n    [3]int
	sums [3][len(componentNames)]float64
	// known counts, per class and component, the offers whose component
	// was known (an unknown one is shown as 0.5 and left out of totals).
	known [3][len(componentNames)]int
}

var componentNames = [...]string{"score", "text", "keywords", "sector", "cooperation", "language"}

// classOf is the judged class of offer for query qid: 0 relevant (rel >= 1),
// 1 judged not relevant, 2 unjudged.
func classOf(qrels eval.Qrels, qid, offer string) int {
	rel, ok := qrels[qid][offer]
	switch {
	case !ok:
		return 2
	case rel >= 1:
		return 0
	}
	return 1
}

// add counts the first 10 matches of query qid.
func (cm *componentMeans) add(qrels eval.Qrels, qid string, ms []match.Match) {
	for _, m := range ms[:min(10, len(ms))] {
		k := classOf(qrels, qid, m.Ref)
		cm.n[k]++
		c := m.Components
		for i, v := range [...]struct {
			value float64
			known string // the Components.Unknown name, "" for always known
		}{{m.Score, ""}, {c.Text, ""}, {c.Keywords, "keywords"}, {c.Sector, "sector"}, {c.Cooperation, "cooperation"}, {c.Language, "language"}} {
			if v.known != "" && containsString(c.Unknown, v.known) {
				continue
			}
			cm.sums[k][i] += v.value
			cm.known[k][i]++
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// componentTally is one query set's means: overall and per fold.
type componentTally struct {
	set       string
	all, a, b componentMeans
}

func (t *componentTally) add(qrels eval.Qrels, qid string, ms []match.Match) {
	t.all.add(qrels, qid, ms)
	if eval.FoldOf(qid) == eval.FoldA {
		t.a.add(qrels, qid, ms)
	} else {
		t.b.add(qrels, qid, ms)
	}
}

// printComponents writes the tallies as a table.
func printComponents(w io.Writer, tallies []componentTally) {
	fmt.Fprintf(w, "\ncomponents of techmatch's top 10 (mean over the offers whose component is known), by judged class:\n")
	fmt.Fprintf(w, "%-16s %-9s %5s", "set", "class", "n")
	for _, name := range componentNames {
		fmt.Fprintf(w, " %11s", name)
	}
	fmt.Fprintln(w)
	for _, t := range tallies {
		for _, f := range []struct {
			name string
			m    *componentMeans
		}{{t.set, &t.all}, {"  fold A (tuned)", &t.a}, {"  fold B (held)", &t.b}} {
			for k, class := range judgedClasses {
				name := f.name
				if k > 0 {
					name = ""
				}
				fmt.Fprintf(w, "%-16s %-9s %5d", name, class, f.m.n[k])
				for i := range componentNames {
					if n := f.m.known[k][i]; n > 0 {
						fmt.Fprintf(w, " %11.3f", f.m.sums[k][i]/float64(n))
					} else {
						fmt.Fprintf(w, " %11s", "-")
					}
				}
				fmt.Fprintln(w)
			}
		}
	}
}

// answerable reports whether query qid has a relevant offer (the queries
// nDCG is averaged over).
func answerable(qrels eval.Qrels, qid string) bool {
	for _, rel := range qrels[qid] {
		if rel >= 1 {
			return true
		}
	}
	return false
}
