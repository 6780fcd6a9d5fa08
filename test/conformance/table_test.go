package conformance

import (
	"encoding/json"
	"os"
	"testing"
)

// Table is scenarios.json: the cases both runners (this Go suite under
// yoke's real host, and the Node harness) check. See README.md.
type Table struct {
	APIResources []APIResource `json:"apiResources"`
	Scenarios    []Scenario    `json:"scenarios"`
}

type APIResource struct {
	Group      string `json:"group"`
	Version    string `json:"version"`
	Kind       string `json:"kind"`
	Resource   string `json:"resource"`
	Namespaced bool   `json:"namespaced"`
}

type Denial struct {
	Matcher string `json:"matcher"`
	As      string `json:"as"`
}

type Scenario struct {
	Name                   string           `json:"name"`
	Flight                 string           `json:"flight"`
	Release                string           `json:"release"`
	Namespace              string           `json:"namespace"`
	Input                  any              `json:"input"`
	ClusterAccess          bool             `json:"clusterAccess"`
	ResourceAccessMatchers []string         `json:"resourceAccessMatchers"`
	Cluster                []map[string]any `json:"cluster"`
	Denials                []Denial         `json:"denials"`
	MaxMemoryMib           uint64           `json:"maxMemoryMib"`
	Expect                 struct {
		ExitCode       int             `json:"exitCode"`
		Output         json.RawMessage `json:"output"`
		StderrContains string          `json:"stderrContains"`
	} `json:"expect"`
}

func loadTable(t testing.TB) Table {
	t.Helper()
	data, err := os.ReadFile("scenarios.json")
	if err != nil {
		t.Fatal(err)
	}
	var table Table
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatalf("scenarios.json: %v", err)
	}
	return table
}

// stdin is the flight's input as the ATC passes it: Go's json.Marshal of the object.
func (s Scenario) stdin(t testing.TB) []byte {
	data, err := json.Marshal(s.Input)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
