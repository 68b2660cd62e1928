package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

func dataFlags(fs *flag.FlagSet) *DataSpec {
	d := &DataSpec{}
	fs.IntVar(&d.Orgs, "orgs", 10000, `organizations of the data set, as given to "techmatch seed"`)
	fs.IntVar(&d.Records, "records", 10, "records per organization, as given to seed")
	fs.Uint64Var(&d.Seed, "seed", 1, "seed of the data set, as given to seed")
	fs.StringVar(&d.Words, "words", "glossary", `generator of the data set, as given to seed: "glossary" or "topics"`)
	return d
}

func runPlain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plain", stderr)
	dir := fs.String("data", "techload-plain", "the anchor's data directory (made from the data set on first start)")
	addr := fs.String("addr", "127.0.0.1:8090", "listen address")
	spec := dataFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	p, err := OpenPlain(ctx, *dir, *spec, stderr)
	if err != nil {
		return err
	}
	defer p.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "techload plain listening on http://%s\n", ln.Addr())
	return ServePlain(ctx, p, ln)
}

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	target := fs.String("target", "http://127.0.0.1:8080", "base URL of the techmatch server (serve it with --limit-writes 0 --limit-searches 0 --limit-matches 0)")
	anchor := fs.String("anchor", "", `base URL of the anchor ("techload plain"), run in the same run after the target; empty: none`)
	var cfg Config
	fs.IntVar(&cfg.Clients, "clients", 8, "concurrent clients")
	fs.IntVar(&cfg.Requests, "requests", 2000, "measured requests per server and round (0: bounded by --duration only)")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "longest measured time per server and round (0: bounded by --requests only)")
	fs.IntVar(&cfg.Warmup, "warmup", 20, "unmeasured requests before each measured run")
	fs.DurationVar(&cfg.Timeout, "timeout", 30*time.Second, "longest wait for one answer (then a transport error)")
	fs.StringVar(&cfg.WriteToken, "write-token", "", "token for every write, instead of registering an organization per client")
	rounds := fs.Int("rounds", 1, "rounds; each runs the target and the anchor, alternating which goes first")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	loadSeed := fs.Uint64("load-seed", 1, "seed of the requests: the same seed asks the same questions")
	mix := fs.String("mix", "70,20,10", "shares of searches, matches and writes")
	spec := dataFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *rounds < 1 {
		return usageError{"--rounds must be at least 1"}
	}
	cfg.Seed = *loadSeed
	var err error
	if cfg.Mix, err = ParseMix(*mix); err != nil {
		return err
	}
	w, err := NewWorkload(*spec)
	if err != nil {
		return err
	}
	servers := []string{strings.TrimRight(*target, "/")}
	if *anchor != "" {
		servers = append(servers, strings.TrimRight(*anchor, "/"))
	}
	fmt.Fprintf(stderr, "techload: %s; %d clients, %d requests or %s per run, %d round(s), load average %s\n",
		cfg.Mix, cfg.Clients, cfg.Requests, cfg.Duration, *rounds, loadAverage())
	var reports [][]Report // per server, per round
	reports = make([][]Report, len(servers))
	for round := 0; round < *rounds; round++ {
		for k := range servers {
			i := k
			if round%2 == 1 {
				i = len(servers) - 1 - k // the other order: drift of the machine's load cancels
			}
			c := cfg
			c.Target = servers[i]
			rep, err := Run(ctx, c, w)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "round %d %s: %.1f requests/s (setup %s), load average %s\n",
				round+1, servers[i], rep.Overall.PerSecond, rep.Setup.Round(time.Millisecond), loadAverage())
			reports[i] = append(reports[i], rep)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	merged := make([]Report, len(servers))
	for i := range servers {
		merged[i] = merge(reports[i])
	}
	if *asJSON {
		out := map[string]any{"target": merged[0], "rounds": reports}
		if len(merged) > 1 {
			out["anchor"] = merged[1]
			out["ratio_ok_per_second"] = ratio(merged[0], merged[1])
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	names := []string{"target", "anchor"}
	for i, rep := range merged {
		printReport(stdout, names[i], rep)
	}
	if len(merged) > 1 {
		fmt.Fprintf(stdout, "\nthroughput target/anchor (2xx answers per second): %.2fx\n", ratio(merged[0], merged[1]))
	}
	return nil
}

func ratio(a, b Report) float64 {
	if b.Overall.OKPerSecond == 0 {
		return 0
	}
	return a.Overall.OKPerSecond / b.Overall.OKPerSecond
}

// merge combines the rounds of one server: requests and elapsed times add
// up, and the quantiles are those of all the rounds' requests together.
func merge(rs []Report) Report {
	if len(rs) == 1 {
		return rs[0]
	}
	out := Report{Target: rs[0].Target, Clients: rs[0].Clients, Needs: rs[0].Needs, StoppedBy: rs[0].StoppedBy}
	var all []sample
	for _, r := range rs {
		out.Elapsed += r.Elapsed
		out.Setup += r.Setup
		all = append(all, r.samples...)
	}
	m := summarize(all, out.Elapsed)
	out.Kinds, out.Overall = m.Kinds, m.Overall
	return out
}

func printReport(w io.Writer, name string, r Report) {
	fmt.Fprintf(w, "%s %s: %d requests in %s, %.1f requests/s (%.1f 2xx/s), %d clients, stopped by %s; matches over %d needs\n",
		name, r.Target, r.Overall.Requests, r.Elapsed.Round(time.Millisecond), r.Overall.PerSecond, r.Overall.OKPerSecond, r.Clients, r.StoppedBy, r.Needs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\trequests/s\tp50\tp99\tmax\terrors\tnon-2xx\ttransport\t")
	for _, k := range append(r.Kinds, r.Overall) {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%s\t%s\t%d\t%s\t%d\t\n", k.Kind, k.Requests, k.PerSecond,
			ms(k.P50), ms(k.P99), ms(k.Max), k.Errors, statuses(k.Status), k.Transport)
	}
	tw.Flush()
	for _, k := range r.Kinds {
		if k.FirstError != "" {
			fmt.Fprintf(w, "  first %s error: %s\n", k.Kind, k.FirstError)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

func statuses(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	var parts []string
	for code, n := range m {
		parts = append(parts, fmt.Sprintf("%s×%d", code, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// loadAverage is the machine's 1, 5 and 15 minute load, for the record: the
// figures depend on what else runs.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
