package conformance

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestScenarios runs every row of scenarios.json through yoke's real host,
// twice: with the TypeScript flight (its stdout must be the expected output
// byte for byte) and with the Go flight written with yoke's Go SDK (its
// resources must be the same).
func TestScenarios(t *testing.T) {
	table := loadTable(t)
	for _, s := range table.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			server := startAPIServer(table.APIResources, s.Cluster, s.Denials)
			defer server.Close()

			t.Run("typescript", func(t *testing.T) {
				run := evalFlight(t, tsFlight(t, s.Flight), s, server.URL, compileCache)
				checkRun(t, s, run)
				if s.Expect.ExitCode == 0 {
					var want bytes.Buffer
					if err := json.Compact(&want, s.Expect.Output); err != nil {
						t.Fatalf("expect.output: %v", err)
					}
					want.WriteByte('\n')
					if !bytes.Equal(run.Stdout, want.Bytes()) {
						t.Errorf("stdout differs from the table\n got: %s\nwant: %s", run.Stdout, want.Bytes())
					}
				}
			})

			t.Run("go", func(t *testing.T) {
				run := evalFlight(t, goFlight(t, s.Flight), s, server.URL, compileCache)
				checkRun(t, s, run)
				if s.Expect.ExitCode == 0 {
					got, want := normalized(t, run.Stdout), normalized(t, s.Expect.Output)
					if !reflect.DeepEqual(got, want) {
						g, _ := json.Marshal(got)
						w, _ := json.Marshal(want)
						t.Errorf("the Go flight's resources differ\n got: %s\nwant: %s", g, w)
					}
				}
			})
		})
	}
}

func checkRun(t *testing.T, s Scenario, run Run) {
	t.Helper()
	if run.ExitCode != s.Expect.ExitCode {
		t.Fatalf("exit code %d, want %d (error: %v)", run.ExitCode, s.Expect.ExitCode, run.Err)
	}
	if s.Expect.StderrContains != "" && !strings.Contains(run.Stderr, s.Expect.StderrContains) {
		t.Errorf("stderr does not contain %q:\n%s", s.Expect.StderrContains, run.Stderr)
	}
}

// normalized drops what only differs in how a language writes absent
// values: null, {} and [] fields (Go writes creationTimestamp: null,
// status: {}, resources: {} for zero structs).
func normalized(t *testing.T, data []byte) any {
	t.Helper()
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("not JSON: %v: %s", err, data)
	}
	return prune(value)
}

func prune(value any) any {
	switch v := value.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, item := range v {
			if p := prune(item); !empty(p) {
				out[k] = p
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(v))
		for _, item := range v {
			out = append(out, prune(item))
		}
		return out
	}
	return value
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
