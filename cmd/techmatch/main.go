// Command techmatch is the one techmatch binary: it serves the API, imports
// and seeds data, rebuilds the index, backs up the store, and ranks and
// evaluates matches offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path := os.Getenv("TECHMATCH_CPUPROFILE"); path != "" {
		// A CPU profile of the whole process, start-up included (for
		// measuring `rank` and `eval`; go tool pprof reads it).
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	if path := os.Getenv("TECHMATCH_MEMPROFILE"); path != "" {
		// A heap profile at the end (allocations of the whole run:
		// go tool pprof -sample_index=alloc_space).
		defer func() {
			if f, err := os.Create(path); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}()
	}
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "techmatch:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `techmatch: technology supply-demand matchmaking

usage: techmatch <command> [flags]

commands:
  serve     serve the API (--addr, --data, --admin-token, --demo)
  import    load offers and needs from JSON Lines, CSV or XLSX files into the store
  seed      make deterministic synthetic data for load and scale tests
  reindex   rebuild the search index from the store
  backup    write a consistent copy of the store
  restore   put a backup in place of the store (service stopped) and rebuild the index
  check     verify a store or backup file (pages and records) without changing it
  rank      rank offers for needs offline, from JSON Lines files
  eval      measure ranking quality against relevance labels, beside plain BM25

Run "techmatch <command> -h" for a command's flags.
Environment: TECHMATCH_DATA (data directory), TECHMATCH_ADMIN_TOKEN (organizer token),
TECHMATCH_ADDR (listen address).
`

// run dispatches a command line; it is main without the process, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":   runServe,
		"import":  runImport,
		"seed":    runSeed,
		"reindex": runReindex,
		"backup":  runBackup,
		"restore": runRestore,
		"check":   runCheck,
		"rank":    runRank,
		"eval":    runEval,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// newFlags returns a flag set for a command that reports errors instead of
// exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("techmatch "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// newStoreFlags is newFlags with the --data flag every command that opens
// the store shares.
func newStoreFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := newFlags(name, stderr)
	dataDir := fs.String("data", envOr("TECHMATCH_DATA", "techmatch-data"), "data directory (store file and index folder)")
	return fs, dataDir
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
