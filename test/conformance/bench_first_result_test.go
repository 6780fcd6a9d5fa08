package conformance

// TestBenchFirstResult measures, under yoke's wazero, how long a freshly
// deployed flight takes to give its first result: CompileModule with yoke's
// runtime configuration (no cache), then one instantiate-and-run, as the
// ATC's first reconcile after a deploy does. scripts/bench/limits.mjs runs it
// on the large-bundle flight in each link mode; `go test` alone skips it.
//   YF_BENCH_FILES: name=path.wasm,... ; YF_BENCH_STDIN: the input;
//   YF_BENCH_OUT: where to write the JSON report.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

func TestBenchFirstResult(t *testing.T) {
	out, files := os.Getenv("YF_BENCH_OUT"), os.Getenv("YF_BENCH_FILES")
	if out == "" || files == "" {
		t.Skip("set YF_BENCH_FILES and YF_BENCH_OUT to run the first-result benchmark")
	}
	rounds := envInt("YF_BENCH_COMPILES", 3)
	report := map[string]any{}
	for _, pair := range strings.Split(files, ",") {
		name, path, _ := strings.Cut(pair, "=")
		wasm, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var compile, run, total []float64
		for range rounds {
			c, r := firstResult(t, wasm, []byte(os.Getenv("YF_BENCH_STDIN")))
			compile, run, total = append(compile, c), append(run, r), append(total, c+r)
		}
		report[name] = map[string]any{"wasmBytes": len(wasm), "compileMs": median(compile), "firstRunMs": median(run), "firstResultMs": median(total)}
	}
	data, _ := json.MarshalIndent(report, "", "  ")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstResult compiles wasm in a new runtime and runs it once; both in ms.
func firstResult(t *testing.T, wasm, stdin []byte) (compileMs, runMs float64) {
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
	defer rt.Close(ctx)
	notFound(ctx, t, rt)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	start := time.Now()
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	compileMs = ms(time.Since(start))
	var stdout, stderr bytes.Buffer
	cfg := wazero.NewModuleConfig().WithName("").WithStdin(bytes.NewReader(stdin)).WithStdout(&stdout).WithStderr(&stderr).WithArgs("bench")
	start = time.Now()
	mod, err := rt.InstantiateModule(ctx, compiled, cfg)
	if err != nil {
		t.Fatalf("run: %v: %s", err, stderr.String())
	}
	runMs = ms(time.Since(start))
	mod.Close(ctx)
	if stdout.Len() == 0 {
		t.Fatalf("the flight wrote nothing: %s", stderr.String())
	}
	return compileMs, runMs
}
