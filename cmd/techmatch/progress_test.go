package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// Not on a terminal, long work prints plain progress lines now and then.
func TestProgress_PlainLinesWhenNotATerminal(t *testing.T) {
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	defer func(n int) { importBatch = n }(importBatch)
	progressEvery = time.Nanosecond // every step prints
	importBatch = 100
	dir := t.TempDir()
	var errOut bytes.Buffer
	if err := run(t.Context(), []string{"seed", "--data", dir, "--orgs", "30", "--records", "10"}, io.Discard, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "seed: 200 of 300 records (67%)") || !strings.Contains(errOut.String(), "seed: 300 of 300 records (100%)") {
		t.Fatalf("seed progress:\n%s", errOut.String())
	}
	errOut.Reset()
	if err := run(t.Context(), []string{"reindex", "--data", dir}, io.Discard, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "reindex: 300 of 300 records (100%)") {
		t.Fatalf("reindex progress:\n%s", errOut.String())
	}
	// Quick work prints nothing extra at the default interval.
	progressEvery = time.Hour
	errOut.Reset()
	if err := run(t.Context(), []string{"backup", "--data", dir, "--out", dir + "/b.db"}, io.Discard, &errOut); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() != 0 {
		t.Fatalf("a quick backup printed %q", errOut.String())
	}
}
