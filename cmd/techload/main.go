// Command techload measures techmatch under load: "techload run" drives a
// realistic mix of searches, matches and writes over HTTP against a running
// server (and, in the same run, against an anchor), and "techload plain"
// serves the anchor: the same API routes answered by a plain Bleve index of
// the same synthetic records, the way a team would build it without
// techmatch.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "techload:", err)
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

const usage = `techload: load generator for techmatch, with a plain-Bleve anchor

usage: techload <command> [flags]

commands:
  run     drive the mix (search 70%, matches 20%, writes 10%) against --target
          and, in the same run, --anchor; report throughput, p50/p99 and errors
  plain   serve the anchor: a plain Bleve index (default mapping) and a bbolt
          file of the same synthetic records "techmatch seed" makes

Run "techload <command> -h" for a command's flags.
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
	switch args[0] {
	case "run":
		return runLoad(ctx, args[1:], stdout, stderr)
	case "plain":
		return runPlain(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("techload "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}
