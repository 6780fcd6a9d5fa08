package conformance

// A Go flight that uses WASI only (test/go-wasip1/flight: no yoke import)
// under yoke's own host: it sleeps, runs goroutine timers and panics. The
// harness's test (test/go-wasip1/go-wasip1.test.ts) holds runFlight to the
// same output, byte for byte.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/sys"
	"github.com/yokecd/yoke/pkg/yoke"
)

// wasip1TimersOutput is what the flight writes for spec.do = "timers".
const wasip1TimersOutput = `{"apiVersion":"v1","data":{"atLeast50ms":"true","got":"timer fired"},"kind":"ConfigMap","metadata":{"name":"go-timers"}}`

func TestGoWasip1(t *testing.T) {
	wasm := filepath.Join(t.TempDir(), "flight.wasm")
	build := exec.Command("go", "build", "-o", wasm, ".")
	build.Dir = filepath.Join("..", "go-wasip1", "flight")
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "GOTOOLCHAIN=local", "GOFLAGS=-buildvcs=false")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	module, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	run := func(do string) ([]byte, string, error) {
		var stderr bytes.Buffer
		out, err := yoke.EvalFlight(context.Background(), yoke.EvalParams{
			Release: "go", Namespace: "default",
			Flight: yoke.FlightParams{
				Wasm: module, Input: strings.NewReader(`{"spec":{"do":"` + do + `"}}`),
				Timeout: 10 * time.Second, CompilationCacheDir: compileCache, Stderr: &stderr,
			},
		})
		return out, stderr.String(), err
	}

	t.Run("timers", func(t *testing.T) {
		out, stderr, err := run("timers")
		if err != nil || string(out) != wasip1TimersOutput || !strings.HasPrefix(stderr, "timer fired\n") {
			t.Fatalf("got %q, stderr %q, error %v", out, stderr, err)
		}
	})
	t.Run("panic", func(t *testing.T) {
		_, stderr, err := run("panic")
		var exit *sys.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Fatalf("want exit code 2, got %v", err)
		}
		if !strings.HasPrefix(stderr, "panic: the flight gave up: panic\n\ngoroutine 1 [running]:\nmain.main()") {
			t.Fatalf("stderr: %q", stderr)
		}
	})
}
