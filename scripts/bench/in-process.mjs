// runFlight on the .wasm against runFlight({ entry }) on the TypeScript of the same
// flight (the pipeline example), interleaved run by run so both see the same
// machine load: median and quartiles per run. Runnable alone after
// pnpm run build: node scripts/bench/in-process.mjs [runs]
import { runFlight, stopWorker } from "@yoke-flight/testing";
import { ENTRY, WASM, runOptions } from "./pipeline-run.mjs";
import { round } from "./stats.mjs";

const options = runOptions();
const modes = {
  wasm: () => runFlight(WASM, options),
  inProcess: () => runFlight({ entry: ENTRY }, options),
};

const runs = Number(process.argv[2] ?? 300);
const samples = { wasm: [], inProcess: [] };
for (let i = 0; i < runs + 20; i++) {
  for (const [mode, run] of Object.entries(modes)) {
    const t = performance.now();
    const r = await run();
    if (!r.ok) throw new Error(`${mode}: ${r.error}`);
    if (i >= 20) samples[mode].push(performance.now() - t);
  }
}
await stopWorker();
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const row = (xs) => ({ p25Ms: round(quantile(xs, 0.25)), medianMs: round(quantile(xs, 0.5)), p75Ms: round(quantile(xs, 0.75)) });
const result = { runs, wasm: row(samples.wasm), inProcess: row(samples.inProcess) };
result.inProcessOverWasm = round(result.inProcess.medianMs / result.wasm.medianMs, 2);
console.log(JSON.stringify(result));
