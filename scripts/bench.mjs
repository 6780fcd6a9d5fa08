#!/usr/bin/env node
// `pnpm bench`: every benchmark of the project in one run. Prints tables
// with ratios against baselines measured in the same run and writes the
// whole report as JSON (bench-report.json, or the path in $BENCH_REPORT).
import { writeFileSync } from "node:fs";
import { benchFlights } from "./bench/flights.mjs";

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

const path = process.env.BENCH_REPORT ?? "bench-report.json";
writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
console.log(`report written to ${path}`);
