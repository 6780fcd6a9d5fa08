// Benchmarks of the weak spots of issue 15, each a ratio measured in this
// run: output encoding against the engine's JSON.stringify, YAML input
// against JSON input, a large bundle (zod + lodash-es) in each link mode
// against the runtime as it was built before (-Os, no wasm-opt, preload),
// module size, and the tail of instantiate-and-run in Node.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { buildFlight, bundle } from "@yoke-flight/cli";
import { FlightRuntime, preinitialize, runWasm, withResetExports } from "@yoke-flight/runtime";
import { customResource, toYaml } from "./documents.mjs";
import { median, percentile, round } from "./stats.mjs";

const root = new URL("../../", import.meta.url).pathname;
const flights = join(root, "scripts", "bench", "flights");
const text = (bytes) => new TextDecoder().decode(bytes);

async function build(name, dir, options = {}) {
  const outFile = join(dir, `${name}${options.preload === false ? "-bytecode" : ""}.wasm`);
  const built = await buildFlight({ entry: join(flights, `${name}.ts`), outFile, typecheck: false, sourcemap: "none", ...options });
  return { ...built, module: new WebAssembly.Module(readFileSync(outFile)) };
}

function timedRun(module, options) {
  const t = performance.now();
  const result = runWasm(module, options);
  const ms = performance.now() - t;
  if (result.exitCode !== 0) throw new Error(`the benchmark flight failed: ${text(result.stderr)}${result.crash ?? ""}`);
  return { ms, result };
}

/** Go-compatible output encoding inside the engine, and a flight emitting about 100 MB. */
export async function benchEncoding(dir) {
  const { module } = await build("encode", dir);
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const { result } = timedRun(module, { stdin: JSON.stringify({ count: 5000, time: true, reps: 3 }) });
    samples.push(JSON.parse(text(result.stderr).trim().split("\n").pop()));
  }
  const stringifyMs = Math.min(...samples.map((s) => s.stringifyMs));
  const goJsonMs = Math.min(...samples.map((s) => s.goJsonMs));
  const big = timedRun(module, { stdin: JSON.stringify({ count: 1100, valueBytes: 6000 }) });
  return {
    configMaps: 5000,
    outputBytes: samples[0].bytes,
    jsonStringifyMs: stringifyMs,
    encodeGoJSONMs: goJsonMs,
    speedVersusStringify: round(stringifyMs / goJsonMs, 2),
    target: ">= 0.8",
    hundredMegabyteFlight: { outputBytes: big.result.stdout.length, runMs: round(big.ms, 0), timeoutMs: 10_000 },
  };
}

/** The same 5 MB custom resource as JSON and as YAML, parsed by input(). */
export async function benchYamlInput(dir) {
  const { module } = await build("yaml-input", dir);
  const cr = customResource();
  const json = JSON.stringify(cr);
  const yaml = toYaml(cr) + "\n";
  const best = (stdin, n) => Math.min(...Array.from({ length: n }, () => timedRun(module, { stdin }).ms));
  const jsonMs = best(json, 3);
  const yamlMs = best(yaml, 2);
  return {
    jsonBytes: json.length,
    yamlBytes: yaml.length,
    jsonRunMs: round(jsonMs, 0),
    yamlRunMs: round(yamlMs, 0),
    yamlOverJson: round(yamlMs / jsonMs, 1),
    target: "<= 4",
  };
}

/** The runtime as it was built before this work: -Os, no wasm-opt (the baseline of the bundle and size rows). */
export function baselineRuntime() {
  const build = join(root, ".cache", "bench-baseline");
  execFileSync("make", ["-s", "-C", join(root, "packages", "runtime"), `BUILD=${build}`, `OUT=${build}/runtime.core.wasm`, "OPT=-Os", "WASM_OPT="], {
    stdio: "ignore",
  });
  return preinitialize(readFileSync(join(build, "runtime.core.wasm")), { init: "initialize-runtime" });
}

/** A flight bundling zod and lodash-es: each link mode, and the old runtime's default. */
export async function benchLargeBundle(dir, baseline) {
  const stdin = JSON.stringify({ apiVersion: "examples.com/v1", kind: "App", metadata: { name: "demo" }, spec: { image: "nginx:1.27", env: { A: "1" } } });
  const variants = {};
  const measure = (bytes) => {
    const t = performance.now();
    const module = new WebAssembly.Module(bytes);
    const compileMs = performance.now() - t;
    const first = timedRun(module, { stdin }).ms;
    const later = Array.from({ length: 5 }, () => timedRun(module, { stdin }).ms);
    return { wasmBytes: bytes.length, nodeCompileMs: round(compileMs, 1), nodeFirstRunMs: round(first, 1), nodeMedianRunMs: round(median(later), 1) };
  };
  const entry = join(flights, "big-bundle.ts");
  const bundled = await bundle(entry, { minify: false, lazyChunks: true });
  const old = linkPreloaded(new FlightRuntime(baseline), bundled);
  writeFileSync(join(dir, "big-bundle-before.wasm"), old);
  variants.before = { file: join(dir, "big-bundle-before.wasm"), ...measure(old) };
  for (const preload of [true, false]) {
    const built = await build("big-bundle", dir, { preload });
    variants[preload ? "preload" : "bytecode"] = {
      file: built.outFile,
      bundleBytes: built.bundleSize,
      bytecodeBytes: built.bytecodeSize,
      ...measure(readFileSync(built.outFile)),
    };
  }
  return variants;
}

/** A bundle compiled and linked (preloaded) with another runtime, e.g. the one built before. */
function linkPreloaded(runtime, bundled) {
  return runtime.link({ bytecode: runtime.compile(bundled.code), chunks: bundled.chunks.map((c) => runtime.compile(c.code)), preload: true });
}

/** Sizes of the examples' flight.wasm against the same flight linked to the old runtime. */
export async function benchSizes(baseline) {
  const rows = {};
  const oldRuntime = new FlightRuntime(baseline);
  for (const name of ["pipeline", "app"]) {
    const bundled = await bundle(join(root, "examples", name, "src", "flight.ts"), { minify: false, lazyChunks: true });
    const old = linkPreloaded(oldRuntime, bundled);
    const now = readFileSync(join(root, "examples", name, "dist", "flight.wasm")).length;
    rows[name] = { wasmBytes: now, beforeBytes: old.length, target: 600 * 1024, module: old };
  }
  return rows;
}

/**
 * Runs of the pipeline example, many times, two ways. As the harness runs
 * them (runFlight's workers): one kept instance, put back as instantiation
 * left it before each run (withResetExports), interleaved with a
 * pure-JavaScript loop of the same length (what the machine's scheduling alone
 * does to a tail). Then a fresh instance for every run, as yoke makes and as
 * the harness did before, interleaved with the same flight linked to the old
 * runtime (so both see the same machine load). Every GC is recorded
 * (perf_hooks), to count how many of the slowest tenth of the runs had one
 * running: fresh linear memories are what V8 collects.
 */
export async function benchTail(oldPipeline, runs = 1000) {
  const wasm = readFileSync(join(root, "examples", "pipeline", "dist", "flight.wasm"));
  const input = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} };
  // The Job the flight looks up is complete: a whole, successful run.
  const job = JSON.stringify({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "demo-one", namespace: "default" },
    status: { conditions: [{ type: "Complete", status: "True" }] },
  });
  const host = { lookup: () => [0, job], restMapping: () => [1, "feature not granted"] };
  const options = { args: ["demo"], env: { YOKE_RELEASE: "demo", YOKE_NAMESPACE: "default", NAMESPACE: "default" }, stdin: JSON.stringify(input), host };
  const kept = new WebAssembly.Module(withResetExports(wasm));
  const fresh = new WebAssembly.Module(wasm);
  const before = new WebAssembly.Module(oldPipeline);
  const expected = text(timedRun(fresh, options).result.stdout);
  timedRun(kept, options); // instantiates the instance kept from here on
  const reset = timedRun(kept, options).result;
  if (reset.instance !== "reset" || text(reset.stdout) !== expected) {
    throw new Error("the kept instance was not reset, or its run differs from a fresh instance's");
  }
  let sink = 0;
  const spin = (n) => {
    for (let j = 0; j < n; j++) sink += j % 7;
  };
  const timed = (fn) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  for (let i = 0; i < 200; i++) for (const module of [kept, fresh, before]) runWasm(module, options);
  // Size the loop to last about as long as one run, once the JIT has settled.
  const runMedian = median(Array.from({ length: 100 }, () => timed(() => runWasm(kept, options))));
  let loops = 1e5;
  for (let round = 0; round < 3; round++) {
    loops = Math.max(1, Math.round((loops * runMedian) / median(Array.from({ length: 50 }, () => timed(() => spin(loops))))));
  }
  // What earlier benchmarks left behind (the large bundle's modules and
  // their background tier-up) is collected and settled before measuring.
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 500; i++) runWasm(kept, options);
  const gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ["gc"] });
  const series = { keptInstance: [], pureJsControl: [], freshInstance: [], before: [] };
  const spans = { keptInstance: [], freshInstance: [] };
  const span = (name, fn) => {
    const t = performance.now();
    fn();
    const end = performance.now();
    spans[name].push([t, end]);
    return end - t;
  };
  for (let i = 0; i < runs; i++) {
    series.keptInstance.push(span("keptInstance", () => runWasm(kept, options)));
    series.pureJsControl.push(timed(() => spin(loops)));
  }
  for (let i = 0; i < runs; i++) {
    series.freshInstance.push(span("freshInstance", () => runWasm(fresh, options)));
    series.before.push(timed(() => runWasm(before, options)));
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the observer reports asynchronously
  observer.disconnect();
  const stats = (xs) => ({
    medianMs: round(median(xs)),
    p90Ms: round(percentile(xs, 0.9)),
    p99Ms: round(percentile(xs, 0.99)),
    p99OverMedian: round(percentile(xs, 0.99) / median(xs), 1),
  });
  const withGc = (name) => {
    const slow = percentile(series[name], 0.9);
    const slowest = spans[name].filter((_, i) => series[name][i] >= slow);
    const overlapping = slowest.filter(([s, e]) => gcs.some(([gs, ge]) => gs < e && ge > s)).length;
    return {
      gcsDuringRuns: spans[name].filter(([s, e]) => gcs.some(([gs, ge]) => gs < e && ge > s)).length,
      slowestTenthWithGc: `${overlapping}/${slowest.length}`,
    };
  };
  return {
    runs,
    keptInstance: { ...stats(series.keptInstance), ...withGc("keptInstance") },
    pureJsControl: { ...stats(series.pureJsControl), sink: sink > 0 },
    freshInstance: { ...stats(series.freshInstance), ...withGc("freshInstance") },
    before: stats(series.before),
    keptOverFreshMedian: round(median(series.keptInstance) / median(series.freshInstance), 2),
    medianNowOverBefore: round(median(series.freshInstance) / median(series.before), 3),
    target: "p99 <= 3x median",
  };
}

/** One full garbage collection (V8's gc(), without --expose-gc on the command line: a flag V8 reads when it is set). */
function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  vm.runInNewContext("gc")();
}

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "yoke-flight-limits-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
