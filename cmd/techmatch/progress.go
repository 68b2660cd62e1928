package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressEvery is how often a progress line is printed when the output is
// not a terminal (a log file, a pipe, CI).
var progressEvery = 5 * time.Second

// progress shows how far a long piece of work has come: a bar on a
// terminal, otherwise a plain line now and then (none for work that is
// over quickly). Safe for concurrent use.
type progress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	w     io.Writer
	what  string
	unit  string
	total int64
	done  int64
	start time.Time
	last  time.Time
}

// newProgress starts showing progress of total units (0: unknown) on w.
func newProgress(w io.Writer, what string, total int64, unit string) *progress {
	p := &progress{w: w, what: what, unit: unit, total: total, start: time.Now()}
	p.last = p.start
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		max := total
		if max <= 0 {
			max = -1 // a spinner
		}
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString(unit),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionClearOnFinish(),
		}
		if unit == "bytes" {
			opts = append(opts, progressbar.OptionShowBytes(true))
		}
		p.bar = progressbar.NewOptions64(max, opts...)
	}
	return p
}

// Add records n more units done.
func (p *progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += int64(n)
	if p.bar != nil {
		p.bar.Add(n)
		return
	}
	if now := time.Now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.line()
	}
}

// Write counts bytes written through it, so a copy can report progress.
func (p *progress) Write(b []byte) (int, error) {
	p.Add(len(b))
	return len(b), nil
}

func (p *progress) line() {
	if p.total > 0 {
		fmt.Fprintf(p.w, "%s: %d of %d %s (%.0f%%), %s\n", p.what, p.done, p.total, p.unit,
			100*float64(p.done)/float64(p.total), time.Since(p.start).Round(time.Second))
	} else {
		fmt.Fprintf(p.w, "%s: %d %s, %s\n", p.what, p.done, p.unit, time.Since(p.start).Round(time.Second))
	}
}

// Finish ends the bar; in plain mode it prints a last line if any was
// printed before, so a log shows where the work ended.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	if p.last != p.start {
		p.line()
	}
}
