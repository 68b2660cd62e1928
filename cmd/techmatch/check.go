package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/techmatch/techmatch/data/bolt"
)

// runCheck verifies a store or backup file without changing it (its pages
// with tx.Check, then every record) and prints what it holds; --json
// prints bolt.FileInfo as one JSON line.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	asJSON := fs.Bool("json", false, "print the file's description as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"check: usage: techmatch check [--json] FILE"}
	}
	info, err := bolt.CheckFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(info)
	}
	fmt.Fprintf(stdout, "%s is sound: %s, schema version %d, change log at %d\n", fs.Arg(0), describeKeys(info.Keys), info.SchemaVersion, info.LastChange)
	return nil
}

// checkCommand is the process that checks a file for restore: this program
// itself (see checkApart). A test binary sets it to run itself as
// techmatch.
var checkCommand = func(ctx context.Context, file string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return exec.CommandContext(ctx, exe, "check", "--json", file), nil
}

// checkApart runs CheckFile in a child process: on some damaged files
// bbolt's page check faults in a goroutine of its own, which no recover
// can catch, and restore must then say the file is damaged rather than
// die.
func checkApart(ctx context.Context, file string) (bolt.FileInfo, error) {
	cmd, err := checkCommand(ctx, file)
	if err != nil {
		return bolt.FileInfo{}, err
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return bolt.FileInfo{}, ctx.Err()
	}
	var info bolt.FileInfo
	if runErr == nil {
		if err := json.Unmarshal(out.Bytes(), &info); err != nil {
			return bolt.FileInfo{}, fmt.Errorf("the check answered %q: %w", out.String(), err)
		}
		return info, nil
	}
	msg := strings.TrimSpace(errOut.String())
	var exit *exec.ExitError
	if !errors.As(runErr, &exit) {
		return bolt.FileInfo{}, runErr
	}
	if first, _, _ := strings.Cut(msg, "\n"); strings.HasPrefix(first, "techmatch: check: ") {
		return bolt.FileInfo{}, errors.New(strings.TrimPrefix(first, "techmatch: check: "))
	} else if first != "" {
		// A panic or fault: its first line says what.
		return bolt.FileInfo{}, fmt.Errorf("the file is damaged: checking it crashed (%s)", first)
	}
	return bolt.FileInfo{}, fmt.Errorf("the file is damaged: checking it failed (%v)", runErr)
}
