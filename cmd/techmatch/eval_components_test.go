package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/match/eval"
)

// eval --components splits techmatch's top 10 into the offers judged
// relevant, judged not relevant and never judged, and prints each class's
// count and mean components for the set and for each fold.
func TestEvalComponentsByJudgedClass(t *testing.T) {
	dir := t.TempDir()
	var offers []string
	// Ten offers, all about the needs' topic: each query's top 10 is all of
	// them.
	for i := 0; i < 10; i++ {
		offers = append(offers, fmt.Sprintf(`{"id":"o-%d","kind":"offer","title":"Shore power converter %d for container berths","description":"Shore power for ships at berth, model %d.","keywords":["shore power"],"org":"Org %d","org_country":"France","language":"en"}`, i, i, i, i))
	}
	// Two queries, one in each fold, so that both folds have rows.
	var qa, qb string
	for i := 0; qa == "" || qb == ""; i++ {
		id := fmt.Sprintf("n-%d", i)
		if eval.FoldOf(id) == eval.FoldA && qa == "" {
			qa = id
		} else if eval.FoldOf(id) == eval.FoldB && qb == "" {
			qb = id
		}
	}
	needs := []string{
		fmt.Sprintf(`{"id":"%s","kind":"need","title":"Shore power for our container berths","description":"We need shore power for ships at berth.","keywords":["shore power"],"org":"Port","org_country":"Vietnam","language":"en"}`, qa),
		fmt.Sprintf(`{"id":"%s","kind":"need","title":"Shore power converter","description":"Shore power for ships.","org":"Port B","org_country":"Vietnam","language":"en"}`, qb),
	}
	// qa: o-0 relevant, o-1 judged not relevant, the rest of its top 10
	// unjudged; qb: o-2 relevant, nothing else judged.
	qrels := []string{
		fmt.Sprintf(`{"qid":"%s","offer_id":"o-0","rel":2}`, qa),
		fmt.Sprintf(`{"qid":"%s","offer_id":"o-1","rel":0}`, qa),
		fmt.Sprintf(`{"qid":"%s","offer_id":"o-2","rel":1}`, qb),
	}
	write := func(name string, lines []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	args := []string{"eval", "--offers", write("offers.jsonl", offers), "--needs", write("needs.jsonl", needs), "--qrels", write("qrels.jsonl", qrels)}
	var plainOut, out bytes.Buffer
	if err := run(t.Context(), args, &plainOut, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plainOut.String(), "by judged class") {
		t.Error("the components table is printed without --components")
	}
	if err := run(t.Context(), append(args, "--components"), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	_, table, ok := strings.Cut(text, "by judged class:")
	if !ok {
		t.Fatalf("no components table in:\n%s", text)
	}
	// The class rows, in order: the set's, fold A's, fold B's; each row's
	// count follows its class ("relevant", "judged 0", "unjudged").
	var rows []string
	for _, l := range strings.Split(table, "\n") {
		f := strings.Fields(l)
		for k, w := range f {
			switch {
			case w == "relevant" || w == "unjudged":
				rows = append(rows, f[k+1])
			case w == "judged" && k+2 < len(f):
				rows = append(rows, f[k+2])
			default:
				continue
			}
			break
		}
	}
	if len(rows) != 9 {
		t.Fatalf("%d class rows, want 9 (3 classes for the set, fold A and fold B):\n%s", len(rows), table)
	}
	for i, want := range [][3]string{{"2", "1", "17"}, {"1", "1", "8"}, {"1", "0", "9"}} {
		if got := [3]string(rows[3*i : 3*i+3]); got != want {
			t.Errorf("%s: relevant, judged 0, unjudged = %v, want %v\n%s", [3]string{"set", "fold A", "fold B"}[i], got, want, table)
		}
	}
}

// eval's --tuning and --weights refuse a setting the engine does not have
// (misspelt, or no longer offered), which plain JSON decoding would drop
// and the run would measure the defaults under the wrong name.
func TestEvalTuningRefusesUnknownSettings(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	args := []string{"eval",
		"--offers", write("offers.jsonl", `{"id":"o-1","kind":"offer","title":"Shore power converter for berths","description":"Shore power for ships at berth.","org":"Org","org_country":"France","language":"en"}`+"\n"),
		"--needs", write("needs.jsonl", `{"id":"n-1","kind":"need","title":"Shore power for our berths","description":"We need shore power.","org":"Port","org_country":"Vietnam","language":"en"}`+"\n"),
		"--qrels", write("qrels.jsonl", `{"qid":"n-1","offer_id":"o-1","rel":2}`+"\n")}
	for _, c := range []struct{ flag, value, want string }{
		{"--tuning", `{"FeedbackWeight":0.2}`, "FeedbackWeight"},
		{"--tuning", `{"Strech":1.2}`, "Strech"},
		{"--tuning", `{"LSA":"high"}`, "LSA"},
		{"--tuning", `{"LSA":0.2} {"LSA":0.4}`, "more than one"},
		{"--weights", `{"Txt":2}`, "Txt"},
	} {
		err := run(t.Context(), append(args, c.flag, c.value), io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("%s %s: %v, want a usage error naming %q", c.flag, c.value, err, c.want)
		}
	}
	var out bytes.Buffer
	if err := run(t.Context(), append(args, "--tuning", `{"LSA":0.2,"FeedbackDocs":3,"FeedbackTerms":5}`, "--weights", `{"Text":2}`), &out, io.Discard); err != nil {
		t.Fatalf("known settings: %v", err)
	}
	if !strings.Contains(out.String(), "nDCG") {
		t.Errorf("no figures with known settings:\n%s", out.String())
	}
}
