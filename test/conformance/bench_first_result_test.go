package conformance

// TestBenchFirstResult measures, under yoke's wazero, how long a freshly
// deployed flight takes to give its first result: CompileModule with yoke's
// runtime configuration (no cache), then one instantiate-and-run, as the
// ATC's first reconcile after a deploy does. pnpm bench (scripts/bench/go.mjs) runs it
// on the large-bundle flight in each link mode; `go test` alone skips it.
//   YF_BENCH_FILES: name=path.wasm,... ; YF_BENCH_STDIN: the input;
//   YF_BENCH_OUT: where to write the JSON report; YF_BENCH_FIRST_RESULTS:
//   rounds (default 7), each measuring every file in turn; medians reported.

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
	rounds := envInt("YF_BENCH_FIRST_RESULTS", 7)
	type variant struct {
		name                       string
		wasm                       []byte
		compile, run, total, later []float64
	}
	var variants []*variant
	for _, pair := range strings.Split(files, ",") {
		name, path, _ := strings.Cut(pair, "=")
		wasm, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		variants = append(variants, &variant{name: name, wasm: wasm})
	}
	// Round-robin, so every variant sees the same load on a busy machine.
	for range rounds {
		for _, v := range variants {
			c, r, l := firstResult(t, v.wasm, []byte(os.Getenv("YF_BENCH_STDIN")))
			v.compile, v.run, v.total, v.later = append(v.compile, c), append(v.run, r), append(v.total, c+r), append(v.later, l)
		}
	}
	report := map[string]any{}
	for _, v := range variants {
		report[v.name] = map[string]any{"wasmBytes": len(v.wasm), "compileMs": median(v.compile), "firstRunMs": median(v.run), "firstResultMs": median(v.total), "laterRunMs": median(v.later)}
	}
	data, _ := json.MarshalIndent(report, "", "  ")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstResult compiles wasm in a new runtime and runs it once, then three
// more times on the compiled module (as later reconciles do); in ms, the
// later runs' median last.
func firstResult(t *testing.T, wasm, stdin []byte) (compileMs, runMs, laterMs float64) {
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
	run := func() float64 {
		var stdout, stderr bytes.Buffer
		cfg := wazero.NewModuleConfig().WithName("").WithStdin(bytes.NewReader(stdin)).WithStdout(&stdout).WithStderr(&stderr).WithArgs("bench")
		start := time.Now()
		mod, err := rt.InstantiateModule(ctx, compiled, cfg)
		if err != nil {
			t.Fatalf("run: %v: %s", err, stderr.String())
		}
		elapsed := ms(time.Since(start))
		mod.Close(ctx)
		if stdout.Len() == 0 {
			t.Fatalf("the flight wrote nothing: %s", stderr.String())
		}
		return elapsed
	}
	runMs = run()
	laterMs = median([]float64{run(), run(), run()})
	return compileMs, runMs, laterMs
}
