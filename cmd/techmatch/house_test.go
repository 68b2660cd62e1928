package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The rooms import one way (README, Architecture), and matching pulls in
// no storage, spreadsheet, HTTP or index library.
func TestImportsFlowOneWay(t *testing.T) {
	const mod = "github.com/techmatch/techmatch/"
	allowed := map[string][]string{
		"data":        nil,
		"data/bolt":   {"data"},
		"data/ingest": {"data"},
		"data/demo":   {"data"},
		"search":      {"data"},
		"match":       {"data"},
		"match/eval":  {"data", "data/ingest"},
		"api/export":  nil,
		"api":         {"api/export", "data", "data/bolt", "data/ingest", "match", "search"},
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, mod+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		pkg = strings.TrimPrefix(pkg, mod)
		ok, known := allowed[pkg]
		if !known {
			continue // cmd/techmatch may import everything
		}
		for _, imp := range strings.Fields(imports) {
			if rest, ours := strings.CutPrefix(imp, mod); ours && !contains(ok, rest) {
				t.Errorf("%s imports %s", pkg, rest)
			}
		}
	}
	deps, err := exec.Command("go", "list", "-deps", mod+"match").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, lib := range []string{"go.etcd.io/bbolt", "github.com/xuri/excelize", "github.com/gofiber/fiber", "github.com/blevesearch/bleve"} {
		if strings.Contains(string(deps), lib) {
			t.Errorf("match depends on %s", lib)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
