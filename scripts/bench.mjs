#!/usr/bin/env node
// `pnpm bench`: every benchmark of the project in one run. Prints tables
// with ratios against baselines measured in the same run and writes the
// whole report as JSON (bench-report.json, or the path in $BENCH_REPORT).
// The real host (yoke's wazero, Go) comes first; a SKIPPED line where yoke
// does not resolve.
import { writeFileSync } from "node:fs";
import { benchFlights } from "./bench/flights.mjs";
import { benchGo, benchGoFirstResult } from "./bench/go.mjs";
import { benchHarness } from "./bench/harness.mjs";
import { baselineRuntime, benchEncoding, benchLargeBundle, benchSizes, benchTail, benchYamlInput, tempDir } from "./bench/limits.mjs";
import { benchSchema } from "./bench/schema.mjs";
import { round } from "./bench/stats.mjs";

const report = { date: new Date().toISOString(), node: process.version, sections: {} };

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(3)} ms`;
const progress = (what) => process.stderr.write(`(measuring ${what}...)\n`);
/** console.table with one row per entry of `rows` (an object, or [name, value] pairs), each shaped by `row`. */
const table = (rows, row) => console.table(Object.fromEntries((Array.isArray(rows) ? rows : Object.entries(rows)).map(([name, r]) => [name, row(r)])));
/** A tail's columns: median, p90, p99 and their ratio. */
const tailColumns = (t) => ({ median: ms(t.medianMs), p90: ms(t.p90Ms), p99: ms(t.p99Ms), "p99/median": `${t.p99OverMedian}x` });
const temp = tempDir();
process.on("exit", temp.remove); // also when a benchmark fails

// What the real-host tables need: the large-bundle flight in every link mode.
progress("the large-bundle flight in Node");
const baseline = baselineRuntime();
const bundles = await benchLargeBundle(temp.dir, baseline);
const bundleStdin = JSON.stringify({ apiVersion: "examples.com/v1", kind: "App", metadata: { name: "demo" }, spec: { image: "nginx:1.27", env: { A: "1" } } });

progress("TypeScript and Go flights under yoke's wazero");
const go = benchGo();
report.sections.goFlights = go;
console.log("== real host: TypeScript flight versus Go flight under yoke's wazero (test/conformance TestBenchReport)");
if (go.skipped) {
  console.log(`*** SKIPPED: ${go.skipped}`);
} else {
  console.log(
    `yoke ${go.versions["github.com/yokecd/yoke"]}, wazero ${go.versions["github.com/tetratelabs/wazero"]}, ${go.versions.go}; ratio = Go / TypeScript (targets: instantiate+run >= 50x, EvalFlight warm >= 25x)`,
  );
  const labels = {
    wasmBytes: ".wasm size",
    compileMs: "wazero compile",
    medianRunMs: `instantiate+run (median of ${go.runs})`,
    evalFlightColdMs: "yoke.EvalFlight, no cache",
    evalFlightWarmMs: "yoke.EvalFlight, warm cache",
  };
  for (const flight of ["pipeline", "app"]) {
    const { typescript: ts, go: g, goOverTypescript: ratio } = go[flight];
    console.log(flight);
    const unit = (k, value) => (k === "wasmBytes" ? kb(value) : ms(value));
    table(
      Object.entries(labels).map(([k, label]) => [label, k]),
      (k) => ({ TypeScript: unit(k, ts[k]), Go: unit(k, g[k]), "Go/TypeScript": `${ratio[k]}x` }),
    );
  }
}
const firstResult = benchGoFirstResult(Object.fromEntries(Object.entries(bundles).map(([k, v]) => [k, v.file])), bundleStdin);
report.sections.largeBundleWazero = firstResult;
console.log(
  "\n== real host: large-bundle flight (zod + lodash-es), wazero compile + first run (the ATC's first reconcile after a deploy), medians of rounds taken in turn; target >= 2x smaller and >= 2x faster than before",
);
if (firstResult.skipped) {
  console.log(`*** SKIPPED: ${firstResult.skipped}`);
} else {
  const before = firstResult.before;
  table(firstResult, (r) => ({
    ".wasm": kb(r.wasmBytes),
    "wazero compile": ms(r.compileMs),
    "first run": ms(r.firstRunMs),
    "first result": ms(r.firstResultMs),
    "later runs": ms(r.laterRunMs),
    "smaller than before": `${round(before.wasmBytes / r.wasmBytes, 2)}x`,
    "faster than before": `${round(before.firstResultMs / r.firstResultMs, 2)}x`,
  }));
}

console.log("\n== flights in Node (pure-JS WASI host, 50 runs each)");
progress("the example flights in Node");
const flights = await benchFlights();
report.sections.flights = flights;
table(
  flights.map((r) => [r.flight, r]),
  (r) => ({
    "build (tsc+esbuild+link)": `${r.buildMs} ms`,
    "build, no type-check": `${r.buildNoTypecheckMs} ms`,
    ".wasm": kb(r.wasmBytes),
    bytecode: kb(r.bytecodeBytes),
    "WebAssembly.Module": ms(r.compileMs),
    "first run": ms(r.firstRunMs),
    "median run": ms(r.medianRunMs),
    p90: ms(r.p90RunMs),
  }),
);
console.log("baselines (median instantiate-and-run; ratio = default / baseline):");
table(
  flights.flatMap((r) => Object.entries(r.baselines).map(([name, b]) => [`${r.flight}: ${name}`, b])),
  (b) => ({ ".wasm": kb(b.wasmBytes), "median run": ms(b.medianRunMs), "default/baseline": `${b.runRatio}x` }),
);

console.log("\n== module size: the examples' flight.wasm, against the runtime built before (-Os, no wasm-opt); target <= 600 KB");
const sizes = await benchSizes(baseline);
const oldPipeline = sizes.pipeline.module;
for (const row of Object.values(sizes)) delete row.module;
report.sections.sizes = sizes;
table(sizes, (r) => ({ now: kb(r.wasmBytes), before: kb(r.beforeBytes), "before/now": `${round(r.beforeBytes / r.wasmBytes, 2)}x` }));

console.log(
  "\n== tail of runs in Node (pipeline): in the instance the harness keeps and resets, interleaved with a pure-JS loop of the same length (what scheduling alone does); then a fresh instance per run, interleaved with the old runtime's module; target p99 <= 3x median",
);
progress("the run-time tail");
const tail = await benchTail(oldPipeline);
report.sections.tail = tail;
table(
  ["keptInstance", "pureJsControl", "freshInstance", "before"].map((k) => [k, tail[k]]),
  (t) => ({ ...tailColumns(t), "slowest tenth with a GC": t.slowestTenthWithGc ?? "" }),
);
console.log(`median run, kept instance / fresh instance: ${tail.keptOverFreshMedian}x`);
console.log(`median run now / before, fresh instances (interleaved, same load): ${tail.medianNowOverBefore}x (module-size target: no slower)`);

console.log("\n== output encoding inside the engine: encodeGoJSON (Go's json.Encoder bytes) versus JSON.stringify; target >= 0.8x its speed");
progress("output encoding");
const encoding = await benchEncoding(temp.dir);
report.sections.encoding = encoding;
console.table({
  [`${encoding.configMaps} ConfigMaps, ${kb(encoding.outputBytes)}`]: {
    "JSON.stringify": `${encoding.jsonStringifyMs} ms`,
    encodeGoJSON: `${encoding.encodeGoJSONMs} ms`,
    "speed vs JSON.stringify": `${encoding.speedVersusStringify}x`,
  },
});
console.log(
  `a flight writing ${(encoding.hundredMegabyteFlight.outputBytes / 1e6).toFixed(0)} MB with output(): ${encoding.hundredMegabyteFlight.runMs} ms (timeout 10,000 ms)`,
);

console.log("\n== input: the same custom resource as JSON and as YAML, through input(); target YAML <= 4x JSON");
progress("YAML and JSON input");
const yaml = await benchYamlInput(temp.dir);
report.sections.yamlInput = yaml;
console.table({
  JSON: { size: kb(yaml.jsonBytes), run: `${yaml.jsonRunMs} ms` },
  YAML: { size: kb(yaml.yamlBytes), run: `${yaml.yamlRunMs} ms`, "YAML/JSON": `${yaml.yamlOverJson}x` },
});

console.log("\n== large-bundle flight (zod + lodash-es) in Node");
for (const v of Object.values(bundles)) delete v.file;
report.sections.largeBundleNode = bundles;
table(bundles, (r) => ({
  ".wasm": kb(r.wasmBytes),
  "WebAssembly.Module": `${r.nodeCompileMs} ms`,
  "first run": `${r.nodeFirstRunMs} ms`,
  "median run": `${r.nodeMedianRunMs} ms`,
}));

console.log("\n== @yoke-flight/testing: .wasm versus in-process (median)");
progress("the harness");
const { tail: poolTail, ...harness } = await benchHarness();
report.sections.harness = harness;
report.sections.runFlightTail = poolTail;
table(harness, (r) => ({ ".wasm": ms(r.wasmMs), "in-process": ms(r.inProcessMs), "in-process/.wasm": `${r.inProcessOverWasm}x` }));
console.log(
  "tail of runFlight through the worker pool (runs 4,001-5,000; and the first 1,000, while the process warms up) next to a bare round trip to a worker that only echoes; target p99 <= 3x median",
);
table(
  ["runFlight", "runFlightWarmingUp", "workerRoundTrip"].map((k) => [k, poolTail[k]]),
  tailColumns,
);

console.log("\n== flight schema on the examples' types (median of 5; target under 3 s)");
const schema = benchSchema();
report.sections.schema = schema;
table(schema, (r) => ({
  "flight schema (whole command)": ms(r.flightSchemaCommandMs),
  "TypeScript program": ms(r.programMs),
  "schemaFrom walk": ms(r.schemaFromMs),
}));

const path = process.env.BENCH_REPORT ?? "bench-report.json";
writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
console.log(`report written to ${path}`);
