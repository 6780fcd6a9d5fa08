package conformance

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenABI feeds yoke modules that differ from dist/lookup.wasm in one
// place of the ABI each (see make-broken.mjs). The scenario that passes with
// the intact module must fail with every one of them: proof that this suite
// checks the ABI and not only the output.
func TestBrokenABI(t *testing.T) {
	table := loadTable(t)
	var scenario Scenario
	for _, s := range table.Scenarios {
		if s.Name == "lookup: found, owned by the release" {
			scenario = s
		}
	}
	if scenario.Name == "" {
		t.Fatal(`scenarios.json has no "lookup: found, owned by the release"`)
	}
	server := startAPIServer(table.APIResources, scenario.Cluster, scenario.Denials)
	defer server.Close()

	intact := evalFlight(t, tsFlight(t, "lookup"), scenario, server.URL, "")
	if intact.Err != nil || !strings.Contains(string(intact.Stdout), `"result":"found `) {
		t.Fatalf("the intact module must find the object: err=%v stdout=%s", intact.Err, intact.Stdout)
	}

	cases := []struct{ broken, wantErr string }{
		{"malloc-export", "nil pointer dereference"},
		{"import-name", `"k8s_lookuq" is not exported in module "host"`},
		{"import-type", "type mismatch"},
		{"malloc-pointer", "write to memory out of range"},
	}
	for _, c := range cases {
		t.Run(c.broken, func(t *testing.T) {
			wasm, err := os.ReadFile(filepath.Join("dist", "broken-"+c.broken+".wasm"))
			if err != nil {
				t.Fatalf("run pnpm run build first: %v", err)
			}
			run := evalFlight(t, wasm, scenario, server.URL, "")
			if run.Err == nil {
				t.Fatalf("yoke accepted a module with a broken ABI; stdout: %s", run.Stdout)
			}
			if bytes.Equal(run.Stdout, intact.Stdout) {
				t.Errorf("the broken module gave the intact module's output")
			}
			if !strings.Contains(run.Err.Error(), c.wantErr) {
				t.Errorf("error does not mention %q: %v", c.wantErr, run.Err)
			}
			t.Logf("yoke: %s", strings.SplitN(run.Err.Error(), "\n", 2)[0])
		})
	}
}
