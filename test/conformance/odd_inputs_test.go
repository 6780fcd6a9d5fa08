package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/sys"

	"github.com/yokecd/yoke/pkg/yoke"
)

// OddInputs is odd-inputs.json: inputs that `flight run` must hand to a
// flight exactly as yoke does (see odd-inputs.mjs, which runs the Node side).
type OddInputs struct {
	Flight    string `json:"flight"`
	Release   string `json:"release"`
	Namespace string `json:"namespace"`
	Rows      []struct {
		Name   string            `json:"name"`
		Stdin  []StdinPart       `json:"stdin"`
		Args   []string          `json:"args"`
		Env    map[string]string `json:"env"`
		Expect struct {
			ExitCode       int             `json:"exitCode"`
			Output         json.RawMessage `json:"output"`
			StderrContains string          `json:"stderrContains"`
		} `json:"expect"`
	} `json:"rows"`
}

// StdinPart is one piece of a row's stdin: text, base64 bytes, or a text repeated.
type StdinPart struct {
	Text   *string `json:"text"`
	Base64 *string `json:"base64"`
	Repeat *string `json:"repeat"`
	Times  int     `json:"times"`
}

func stdinOf(t *testing.T, parts []StdinPart) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, p := range parts {
		switch {
		case p.Text != nil:
			out.WriteString(*p.Text)
		case p.Base64 != nil:
			data, err := base64.StdEncoding.DecodeString(*p.Base64)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(data)
		case p.Repeat != nil:
			out.WriteString(strings.Repeat(*p.Repeat, p.Times))
		default:
			t.Fatalf("a stdin part needs text, base64 or repeat: %+v", p)
		}
	}
	return out.Bytes()
}

// TestOddInputs runs every row through yoke.EvalFlight with the stdin bytes,
// args and env `flight run` was given: yoke must print what the table holds.
func TestOddInputs(t *testing.T) {
	data, err := os.ReadFile("odd-inputs.json")
	if err != nil {
		t.Fatal(err)
	}
	var table OddInputs
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatalf("odd-inputs.json: %v", err)
	}
	wasm := tsFlight(t, table.Flight)
	for _, row := range table.Rows {
		t.Run(row.Name, func(t *testing.T) {
			var stderr bytes.Buffer
			out, err := yoke.EvalFlight(context.Background(), yoke.EvalParams{
				Release:   table.Release,
				Namespace: table.Namespace,
				Flight: yoke.FlightParams{
					Wasm:                wasm,
					Input:               bytes.NewReader(stdinOf(t, row.Stdin)),
					Args:                row.Args,
					Env:                 row.Env,
					Timeout:             10 * time.Second,
					CompilationCacheDir: compileCache,
					Stderr:              &stderr,
				},
			})
			exitCode := 0
			var exit *sys.ExitError
			if errors.As(err, &exit) {
				exitCode = int(exit.ExitCode())
			} else if err != nil {
				t.Fatalf("yoke: %v", err)
			}
			if exitCode != row.Expect.ExitCode {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", exitCode, row.Expect.ExitCode, stderr.String())
			}
			if exitCode != 0 {
				if !strings.Contains(stderr.String(), row.Expect.StderrContains) {
					t.Errorf("stderr does not contain %q:\n%s", row.Expect.StderrContains, stderr.String())
				}
				return
			}
			var want bytes.Buffer
			if err := json.Compact(&want, row.Expect.Output); err != nil {
				t.Fatal(err)
			}
			want.WriteByte('\n')
			if !bytes.Equal(out, want.Bytes()) {
				t.Errorf("yoke printed something else than flight run\n got: %s\nwant: %s", out, want.Bytes())
			}
		})
	}
}
