// Benchmarks of @yoke-flight/testing: one runFlight, and a whole simulated
// reconcile of the pipeline (dynamic mode, three jobs), on the .wasm versus
// in-process (the flight's TypeScript run directly in Node), run in turn.
import { jobController, runFlight, simulateAirway, stopWorker } from "@yoke-flight/testing";
import { ENTRY, WASM, pipeline, runOptions as pipelineRun } from "./pipeline-run.mjs";
import { Worker } from "node:worker_threads";
import { median, percentile, round } from "./stats.mjs";

async function samples(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The medians of `wasm` and `inProcess`, run in turn so both see the same machine load and the same warm-up. */
async function interleaved(wasm, inProcess, runs, warmup) {
  const times = { wasm: [], inProcess: [] };
  for (let i = 0; i < warmup + runs; i++) {
    for (const [mode, fn] of [
      ["wasm", wasm],
      ["inProcess", inProcess],
    ]) {
      const t = performance.now();
      await fn();
      if (i >= warmup) times[mode].push(performance.now() - t);
    }
  }
  return { wasmMs: round(median(times.wasm)), inProcessMs: round(median(times.inProcess)) };
}

export async function benchHarness() {
  const runOptions = pipelineRun();
  const simOptions = { airway: { spec: { mode: "dynamic", clusterAccess: true } }, instance: pipeline, controllers: [jobController()] };
  const check = async (run) => {
    const r = await run;
    if (!r.ok) throw new Error(r.error);
    return r;
  };
  const rows = {
    runFlight: await interleaved(
      () => check(runFlight(WASM, runOptions)),
      () => check(runFlight({ entry: ENTRY }, runOptions)),
      300,
      50,
    ),
    "simulateAirway (pipeline, 4 iterations)": await interleaved(
      () => simulateAirway({ flight: WASM, ...simOptions }),
      () => simulateAirway({ flight: { entry: ENTRY }, ...simOptions }),
      60,
      10,
    ),
  };
  // The tail of runFlight (a worker of the pool runs the .wasm in the
  // instance it keeps), next to a bare round trip to a worker that only
  // echoes: the floor the machine's scheduling sets. For the first two or
  // three thousand runs of a process the tail is longer (p99 4-8x), with or
  // without V8's optimizing compilers (--no-opt --no-maglev
  // --no-wasm-tier-up), and the first thousand have three times the GCs of
  // later ones: the first 1,000 runs are reported as warming up, and the tail
  // is taken over runs 4,001-5,000.
  const runs = await samples(() => check(runFlight(WASM, runOptions)), 5000, 0);
  const [warmingUp, tail] = [runs.slice(0, 1000), runs.slice(4000)];
  const echo = new Worker(`const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m));`, { eval: true });
  const hop = await samples(
    () =>
      new Promise((resolve) => {
        echo.once("message", resolve);
        echo.postMessage(0);
      }),
    500,
    20,
  );
  await echo.terminate();
  const stats = (xs) => ({
    medianMs: round(median(xs)),
    p90Ms: round(percentile(xs, 0.9)),
    p99Ms: round(percentile(xs, 0.99)),
    p99OverMedian: round(percentile(xs, 0.99) / median(xs), 1),
  });
  await stopWorker();
  for (const row of Object.values(rows)) row.inProcessOverWasm = round(row.inProcessMs / row.wasmMs, 2);
  return { ...rows, tail: { runFlight: stats(tail), runFlightWarmingUp: stats(warmingUp), workerRoundTrip: stats(hop), target: "p99 <= 3x median" } };
}
