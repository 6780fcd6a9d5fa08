#!/usr/bin/env node
// `pnpm bench`: every benchmark of the project in one run. Prints tables
// with ratios against baselines measured in the same run and writes the
// whole report as JSON (bench-report.json, or the path in $BENCH_REPORT).
import { writeFileSync } from "node:fs";
import { benchFlights } from "./bench/flights.mjs";
import { benchGo } from "./bench/go.mjs";
import { benchHarness } from "./bench/harness.mjs";
import { benchSchema } from "./bench/schema.mjs";

const report = { date: new Date().toISOString(), node: process.version, sections: {} };

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(3)} ms`;

console.log("== flights in Node (pure-JS WASI host, 50 runs each)");
const flights = await benchFlights();
report.sections.flights = flights;
console.table(Object.fromEntries(flights.map((r) => [r.flight, {
  "build (tsc+esbuild+link)": `${r.buildMs} ms`,
  "build, no type-check": `${r.buildNoTypecheckMs} ms`,
  ".wasm": kb(r.wasmBytes),
  bytecode: kb(r.bytecodeBytes),
  "WebAssembly.Module": ms(r.compileMs),
  "first run": ms(r.firstRunMs),
  "median run": ms(r.medianRunMs),
  p90: ms(r.p90RunMs),
}])));
console.log("baselines (median instantiate-and-run; ratio = default / baseline):");
console.table(Object.fromEntries(flights.flatMap((r) => Object.entries(r.baselines).map(([name, b]) => [`${r.flight}: ${name}`, {
  ".wasm": kb(b.wasmBytes),
  "median run": ms(b.medianRunMs),
  "default/baseline": `${b.runRatio}x`,
}]))));

console.log("\n== @yoke-flight/testing: .wasm versus in-process (median)");
const harness = await benchHarness();
report.sections.harness = harness;
console.table(Object.fromEntries(Object.entries(harness).map(([name, r]) => [name, {
  ".wasm": ms(r.wasmMs), "in-process": ms(r.inProcessMs), "in-process/.wasm": `${r.inProcessOverWasm}x`,
}])));

console.log("\n== flight schema on the examples' types (median of 5; target under 3 s)");
const schema = benchSchema();
report.sections.schema = schema;
console.table(Object.fromEntries(Object.entries(schema).map(([name, r]) => [name, {
  "flight schema (whole command)": ms(r.flightSchemaCommandMs), "TypeScript program": ms(r.programMs), "schemaFrom walk": ms(r.schemaFromMs),
}])));

console.log("\n== TypeScript flight versus Go flight under yoke's wazero (test/conformance TestBenchReport)");
const go = benchGo();
report.sections.goFlights = go;
if (go.skipped) {
  console.log(`*** SKIPPED: ${go.skipped}`);
} else {
  console.log(`yoke ${go.versions["github.com/yokecd/yoke"]}, wazero ${go.versions["github.com/tetratelabs/wazero"]}, ${go.versions.go}; ratio = Go / TypeScript`);
  const labels = { wasmBytes: ".wasm size", compileMs: "wazero compile", medianRunMs: `instantiate+run (median of ${go.runs})`, evalFlightColdMs: "yoke.EvalFlight, no cache", evalFlightWarmMs: "yoke.EvalFlight, warm cache" };
  for (const flight of ["pipeline", "app"]) {
    const { typescript: ts, go: g, goOverTypescript: ratio } = go[flight];
    console.log(flight);
    console.table(Object.fromEntries(Object.entries(labels).map(([k, label]) => [label, {
      TypeScript: k === "wasmBytes" ? kb(ts[k]) : ms(ts[k]), Go: k === "wasmBytes" ? kb(g[k]) : ms(g[k]), "Go/TypeScript": `${ratio[k]}x`,
    }])));
  }
}

const path = process.env.BENCH_REPORT ?? "bench-report.json";
writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
console.log(`report written to ${path}`);
