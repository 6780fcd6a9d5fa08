package conformance

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/sys"
	"k8s.io/client-go/rest"

	k8s "github.com/yokecd/yoke/pkg/k8s"
	"github.com/yokecd/yoke/pkg/yoke"
)

// Run is what yoke.EvalFlight made of one flight invocation.
type Run struct {
	Stdout   []byte
	ExitCode int
	Stderr   string
	Err      error
}

// evalFlight runs wasm through yoke's own EvalFlight: yoke's wazero set-up
// and yoke's real host functions, with its Kubernetes client pointed at the
// given API server.
func evalFlight(t testing.TB, wasm []byte, s Scenario, apiURL, cacheDir string) Run {
	t.Helper()
	// With a Stderr writer, yoke returns wazero's own error (which names the
	// import, export or trap) rather than only the flight's stderr.
	var stderr bytes.Buffer
	params := yoke.EvalParams{
		Release:   s.Release,
		Namespace: s.Namespace,
		ClusterAccess: yoke.ClusterAccessParams{
			Enabled:          s.ClusterAccess,
			ResourceMatchers: s.ResourceAccessMatchers,
		},
		Flight: yoke.FlightParams{
			Wasm:                wasm,
			Input:               bytes.NewReader(s.stdin(t)),
			Timeout:             10 * time.Second,
			CompilationCacheDir: cacheDir,
			Stderr:              &stderr,
			MaxMemoryMib:        s.MaxMemoryMib,
		},
	}
	setClient(t, &params, apiURL)
	out, err := yoke.EvalFlight(context.Background(), params)
	run := Run{Stdout: out, Err: err, Stderr: stderr.String()}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		run.ExitCode = int(exit.ExitCode())
	} else if err != nil {
		run.ExitCode = -1
	}
	if err != nil {
		run.Stderr += err.Error()
	}
	return run
}

// setClient gives EvalParams a client for apiURL.
func setClient(t testing.TB, params *yoke.EvalParams, apiURL string) {
	t.Helper()
	setClientConfig(t, params, &rest.Config{Host: apiURL})
}

// setClientConfig gives EvalParams a client for a server. Its field has the
// type of yoke's internal k8s.Client; pkg/k8s.Client is a defined type over
// it, so the Go conversion between the two pointer types is legal, through reflect.
func setClientConfig(t testing.TB, params *yoke.EvalParams, config *rest.Config) {
	t.Helper()
	client, err := k8s.NewClient(config)
	if err != nil {
		t.Fatal(err)
	}
	field := reflect.ValueOf(params).Elem().FieldByName("Client")
	field.Set(reflect.ValueOf(client).Convert(field.Type()))
}

// tsFlight is the built TypeScript flight: an example, or a flight of this suite.
func tsFlight(t testing.TB, name string) []byte {
	t.Helper()
	for _, path := range []string{
		filepath.Join("..", "..", "examples", name, "dist", "flight.wasm"),
		filepath.Join("dist", name+".wasm"),
	} {
		if data, err := os.ReadFile(path); err == nil {
			return data
		}
	}
	t.Fatalf("the TypeScript flight %q is not built: run pnpm run build (looked in examples/%s/dist and test/conformance/dist)", name, name)
	return nil
}

// goFlight is the Go flight built by scripts/setup-go.sh.
func goFlight(t testing.TB, name string) []byte {
	t.Helper()
	dir := os.Getenv("GOFLIGHTS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "conformance", "goflights")
	}
	data, err := os.ReadFile(filepath.Join(dir, name+".wasm"))
	if err != nil {
		t.Fatalf("the Go flight %q is not built (run scripts/setup-go.sh): %v", name, err)
	}
	return data
}
