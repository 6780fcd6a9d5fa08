// runFlight on the .wasm against runInProcess on the TypeScript of the same
// flight (the pipeline example), interleaved run by run so both see the same
// machine load: median and quartiles per run. Runnable alone after
// pnpm run build: node scripts/bench/in-process.mjs [runs]
import { FakeCluster, runFlight, runInProcess, stopWorker, withYokeMetadata } from "@yoke-flight/testing";
import { round } from "./stats.mjs";

const root = new URL("../../", import.meta.url).pathname;
const RELEASE = "examples.com.Pipeline.default.demo";
const pipeline = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} };
const jobOne = withYokeMetadata({
  apiVersion: "batch/v1", kind: "Job", metadata: { name: "demo-one", namespace: "default" },
  status: { conditions: [{ type: "Complete", status: "True" }] },
}, RELEASE, "default", "atc.yoke");
const options = { input: pipeline, release: RELEASE, clusterAccess: true, cluster: new FakeCluster([jobOne]) };
const modes = {
  wasm: () => runFlight(`${root}examples/pipeline/dist/flight.wasm`, options),
  inProcess: () => runInProcess(`${root}examples/pipeline/src/flight.ts`, options),
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
