package main

import (
	"io"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// BenchmarkRankProcess is issue 11's offline goal as a user meets it:
// `techmatch rank` of the corpus (101 needs against 4,531 offers) as a whole
// process, start-up included, beside `techmatch rank --plain` of the same.
// Each iteration runs one of each, alternating, so that what else the
// machine does falls on both; it reports the medians of the wall times, of
// the pairs' ratios and of the CPU times (user and system), and logs each
// pair. -benchtime=6x gives six pairs.
func BenchmarkRankProcess(b *testing.B) {
	s := "../../../shared/corpus"
	if _, err := os.Stat(s + "/needs.jsonl"); err != nil {
		b.Skip("no ../shared/corpus beside the repository: it is not shipped in the repo")
	}
	args := []string{"rank", "--offers", s + "/offers.jsonl," + s + "/offers_extra.jsonl", "--needs", s + "/needs.jsonl"}
	runOnce := func(extra ...string) (wall, cpu time.Duration) {
		cmd := exec.Command(binary, append(args, extra...)...)
		cmd.Env = append(os.Environ(), "TECHMATCH_TEST_MAIN=1")
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v: %v", cmd.Args, err)
		}
		return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var tm, pl, ratio, tmCPU, plCPU []float64
	for b.Loop() {
		w, c := runOnce()
		pw, pc := runOnce("--plain")
		tm, tmCPU = append(tm, w.Seconds()), append(tmCPU, c.Seconds())
		pl, plCPU = append(pl, pw.Seconds()), append(plCPU, pc.Seconds())
		ratio = append(ratio, w.Seconds()/pw.Seconds())
		b.Logf("pair %d: rank %.2f s (CPU %.2f s), plain %.2f s (CPU %.2f s): %.2fx", len(ratio), w.Seconds(), c.Seconds(), pw.Seconds(), pc.Seconds(), ratio[len(ratio)-1])
	}
	b.ReportMetric(median(tm), "rank-s")
	b.ReportMetric(median(pl), "plain-s")
	b.ReportMetric(median(ratio), "ratio")
	b.ReportMetric(median(tmCPU), "rank-cpu-s")
	b.ReportMetric(median(plCPU), "plain-cpu-s")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
