// Benchmarks of @yoke-flight/testing: one runFlight, and a whole simulated
// reconcile of the pipeline (dynamic mode, three jobs), on the .wasm versus
// in-process (the flight's TypeScript run directly in Node).
import { jobController, runFlight, simulateAirway, stopWorker } from "@yoke-flight/testing";
import { ENTRY, WASM, pipeline, runOptions as pipelineRun } from "./pipeline-run.mjs";
import { median, round } from "./stats.mjs";

async function timed(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return round(median(samples));
}

export async function benchHarness() {
  const runOptions = pipelineRun();
  const simOptions = { airway: { spec: { mode: "dynamic", clusterAccess: true } }, instance: pipeline, controllers: [jobController()] };
  const check = async (run) => { const r = await run; if (!r.ok) throw new Error(r.error); return r; };
  const rows = {
    runFlight: {
      wasmMs: await timed(() => check(runFlight(WASM, runOptions)), 50, 20),
      inProcessMs: await timed(() => check(runFlight({ entry: ENTRY }, runOptions)), 50, 20),
    },
    "simulateAirway (pipeline, 4 iterations)": {
      wasmMs: await timed(() => simulateAirway({ flight: WASM, ...simOptions }), 20, 5),
      inProcessMs: await timed(() => simulateAirway({ flight: { entry: ENTRY }, ...simOptions }), 20, 5),
    },
  };
  await stopWorker();
  for (const row of Object.values(rows)) row.inProcessOverWasm = round(row.inProcessMs / row.wasmMs, 2);
  return rows;
}
