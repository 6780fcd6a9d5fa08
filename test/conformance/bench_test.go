package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// TestBenchReport measures the TypeScript and the Go flight of each example
// side by side under yoke's wazero, and writes the numbers as JSON to
// $YF_BENCH_OUT (scripts/bench.mjs runs it; `go test` alone skips it).
//   - compile: wazero's CompileModule with yoke's runtime configuration, no cache.
//   - run: instantiate a compiled module and run it to completion, as the ATC
//     does with its module cache on every reconcile; the host answers every
//     lookup "not found", so both flights take the same path.
//   - evalFlight (cold / warm): yoke.EvalFlight end to end with yoke's real
//     host, without and with a compilation cache, as `yoke takeoff` runs it.
func TestBenchReport(t *testing.T) {
	out := os.Getenv("YF_BENCH_OUT")
	if out == "" {
		t.Skip("set YF_BENCH_OUT to a JSON path to run the benchmark report")
	}
	runs := envInt("YF_BENCH_RUNS", 50)
	compiles := envInt("YF_BENCH_COMPILES", 3)
	table := loadTable(t)
	report := map[string]any{"runs": runs, "compiles": compiles, "versions": moduleVersions()}
	for _, name := range []string{"pipeline", "app"} {
		scenario := firstScenario(t, table, name)
		entry := map[string]any{}
		for lang, wasm := range map[string][]byte{"typescript": tsFlight(t, name), "go": goFlight(t, name)} {
			entry[lang] = measure(t, wasm, scenario, table.APIResources, runs, compiles)
		}
		report[name] = entry
	}
	data, _ := json.MarshalIndent(report, "", "  ")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func measure(t *testing.T, wasm []byte, s Scenario, resources []APIResource, runs, compiles int) map[string]any {
	ctx := context.Background()
	compile := make([]float64, 0, compiles)
	for range compiles {
		rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
		start := time.Now()
		if _, err := rt.CompileModule(ctx, wasm); err != nil {
			t.Fatal(err)
		}
		compile = append(compile, ms(time.Since(start)))
		rt.Close(ctx)
	}

	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
	defer rt.Close(ctx)
	notFound(ctx, t, rt)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	stdin := s.stdin(t)
	run := make([]float64, 0, runs)
	var stdout bytes.Buffer
	for i := range runs + 5 {
		stdout.Reset()
		cfg := wazero.NewModuleConfig().WithName("").WithStdin(bytes.NewReader(stdin)).WithStdout(&stdout).
			WithArgs(s.Release).WithEnv("YOKE_RELEASE", s.Release).WithEnv("YOKE_NAMESPACE", s.Namespace).WithEnv("NAMESPACE", s.Namespace)
		start := time.Now()
		mod, err := rt.InstantiateModule(ctx, compiled, cfg)
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if i >= 5 { // 5 warm-up runs
			run = append(run, ms(time.Since(start)))
		}
		mod.Close(ctx)
		if stdout.Len() == 0 {
			t.Fatal("the flight wrote nothing")
		}
	}

	server := startAPIServer(resources, nil, nil)
	defer server.Close()
	cold := make([]float64, 0, compiles)
	for range compiles {
		start := time.Now()
		if r := evalFlight(t, wasm, s, server.URL, ""); r.Err != nil {
			t.Fatal(r.Err)
		}
		cold = append(cold, ms(time.Since(start)))
	}
	cache := t.TempDir()
	evalFlight(t, wasm, s, server.URL, cache)
	warm := make([]float64, 0, 20)
	for range 20 {
		start := time.Now()
		if r := evalFlight(t, wasm, s, server.URL, cache); r.Err != nil {
			t.Fatal(r.Err)
		}
		warm = append(warm, ms(time.Since(start)))
	}
	return map[string]any{
		"wasmBytes":        len(wasm),
		"compileMs":        median(compile),
		"medianRunMs":      median(run),
		"evalFlightColdMs": median(cold),
		"evalFlightWarmMs": median(warm),
	}
}

// notFound is a host module with yoke's two imports that answers every call
// with state 3 (not found), through the flight's own malloc as yoke does.
func notFound(ctx context.Context, t *testing.T, rt wazero.Runtime) {
	answer := func(ctx context.Context, mod api.Module, statePtr uint32) uint64 {
		msg := []byte("not found")
		mod.Memory().WriteUint32Le(statePtr, 3)
		res, err := mod.ExportedFunction("malloc").Call(ctx, uint64(len(msg)))
		if err != nil {
			panic(err)
		}
		mod.Memory().Write(uint32(res[0]>>32), msg)
		return res[0]
	}
	_, err := rt.NewHostModuleBuilder("host").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, mod api.Module, state uint32, _, _, _, _ uint64) uint64 {
		return answer(ctx, mod, state)
	}).Export("k8s_lookup").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, mod api.Module, state uint32, _, _ uint64) uint64 {
		return answer(ctx, mod, state)
	}).Export("k8s_rest_mapping").
		Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
}

func firstScenario(t *testing.T, table Table, flight string) Scenario {
	for _, s := range table.Scenarios {
		if s.Flight == flight && s.ClusterAccess {
			s.Cluster, s.Denials = nil, nil
			return s
		}
	}
	t.Fatalf("no scenario for %s", flight)
	return Scenario{}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return math.Round(m*1000) / 1000
}

// moduleVersions names the yoke and wazero that go.mod pins (test binaries
// carry no dependency list in their build info).
func moduleVersions() map[string]string {
	versions := map[string]string{"go": runtime.Version()}
	data, _ := os.ReadFile("go.mod")
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 2 && (fields[0] == "github.com/yokecd/yoke" || fields[0] == "github.com/tetratelabs/wazero") {
			versions[fields[0]] = fields[1]
		}
	}
	return versions
}

func envInt(name string, fallback int) int {
	var n int
	if _, err := fmt.Sscan(os.Getenv(name), &n); err != nil || n <= 0 {
		return fallback
	}
	return n
}
