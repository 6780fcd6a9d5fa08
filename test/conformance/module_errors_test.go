package conformance

// Errors a TypeScript flight reports by itself under yoke's real host
// (wazero, yoke's memory limit), with no source map anywhere: the harness's
// flights/fails.ts, built with --minify (package.json). The harness and
// node:wasi check the same flight (test/harness/module-errors.test.ts,
// test/node-wasi/module-errors.test.ts).

import (
	"strings"
	"testing"
)

func TestModuleErrors(t *testing.T) {
	table := loadTable(t)
	server := startAPIServer(table.APIResources, nil, nil)
	defer server.Close()
	wasm := tsFlight(t, "fails")
	cases := []struct {
		name         string
		spec         map[string]any
		maxMemoryMib uint64
		want         []string
	}{
		{"throw 42", map[string]any{"fail": "number"}, 0, []string{
			"Uncaught 42\n    at throwNumber (flights/fails.ts:8:39)\n    at fail (flights/fails.ts:16:67)\n    at <anonymous> (flights/fails.ts:27:6)\n",
		}},
		{"an Error", map[string]any{"fail": "error"}, 0, []string{
			"Error: failing as asked\n    at throwError (flights/fails.ts:12:42)\n    at fail (flights/fails.ts:16:73)\n",
		}},
		{"out of memory at maxMemoryMib 8", map[string]any{"fail": "configmaps", "count": 20000, "size": 0}, 8, []string{
			"out of memory: the flight needed ",
			" more, having used all of its 8 MiB, the most memory its host allows",
			"\n    at configMaps (flights/fails.ts:21:",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Scenario{Name: c.name, Flight: "fails", Release: "r", Namespace: "default",
				Input: map[string]any{"spec": c.spec}, MaxMemoryMib: c.maxMemoryMib}
			run := evalFlight(t, wasm, s, server.URL, compileCache)
			t.Logf("stderr under yoke:\n%s", run.Stderr)
			if run.ExitCode != 1 {
				t.Fatalf("exit code %d, want 1 (error: %v)\n%s", run.ExitCode, run.Err, run.Stderr)
			}
			for _, want := range c.want {
				if !strings.Contains(run.Stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, run.Stderr)
				}
			}
		})
	}
}
