import { runFlight, stopWorker } from "@yoke-flight/testing";
import { WASM, runOptions } from "./pipeline-run.mjs";
import { median, percentile } from "./stats.mjs";
const tot = [], inw = [];
for (let i = 0; i < 20; i++) await runFlight(WASM, runOptions());
for (let i = 0; i < 500; i++) { const t = performance.now(); const r = await runFlight(WASM, runOptions()); tot.push(performance.now() - t); inw.push(r.durationMs); }
await stopWorker();
const st = (a) => [median(a), percentile(a, 0.9), percentile(a, 0.99)].map((x) => x.toFixed(3)).join(" / ");
console.log("total", st(tot), " in worker", st(inw), " outside", st(tot.map((t, i) => t - inw[i])));
