// Benchmarks of the example flights in Node: build time, size, compile
// time, and instantiate-and-run time, against baselines built in the same
// run (a trivial flight, the Javy layout, and no engine snapshot at all).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFlight, bundle } from "@yoke-flight/cli";
import { FlightRuntime, loadRuntime, runWasm } from "@yoke-flight/runtime";
import { median, percentile, round, sample } from "./stats.mjs";

const root = new URL("../../", import.meta.url).pathname;
const RUNS = 50;
// V8 runs new wasm code on its baseline compiler and tiers hot functions up
// over the first runs; measure the steady state, as a test suite or the
// harness sees it after a few hundred runs.
const WARMUP = 200;

// The host answers the pipeline's lookups: job one complete, two not yet.
// Each answer is the ABI's HostReply, [state, text] (@yoke-flight/sdk/abi).
const pipelineHost = {
  lookup: (name, ns, kind, apiVersion) =>
    name === "demo-one"
      ? [0, JSON.stringify({ apiVersion, kind, metadata: { name, namespace: ns }, status: { conditions: [{ type: "Complete", status: "True" }] } })]
      : [3, `jobs.batch "${name}" not found`],
  restMapping: () => [1, ""],
};
const appHost = {
  lookup: (name, ns, kind) =>
    kind === "Secret" ? [0, JSON.stringify({ apiVersion: "v1", kind, metadata: { name, namespace: ns } })] : [3, `deployments.apps "${name}" not found`],
  restMapping: () => [1, ""],
};
export const cases = {
  pipeline: { host: pipelineHost, input: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} } },
  app: {
    host: appHost,
    input: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "demo", namespace: "default" }, spec: { image: "nginx:1.27" } },
  },
};

export function measureRuns(wasm, { host, input }, { runs: count = RUNS, warmup = WARMUP } = {}) {
  const t0 = performance.now();
  const module = new WebAssembly.Module(wasm);
  const compileMs = performance.now() - t0;
  const options = { args: ["demo"], env: { YOKE_RELEASE: "demo", YOKE_NAMESPACE: "default", NAMESPACE: "default" }, stdin: JSON.stringify(input), host };
  const t1 = performance.now();
  const first = runWasm(module, options);
  const firstRunMs = performance.now() - t1;
  if (first.exitCode !== 0) throw new Error(`the flight failed: ${new TextDecoder().decode(first.stderr)}`);
  const runs = sample(() => runWasm(module, options), count, warmup);
  return { compileMs: round(compileMs), firstRunMs: round(firstRunMs), medianRunMs: round(median(runs)), p90RunMs: round(percentile(runs, 0.9)) };
}

export async function benchFlights() {
  const dir = mkdtempSync(join(tmpdir(), "yoke-flight-bench-"));
  try {
    return await benchFlightsIn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchFlightsIn(dir) {
  const rows = [];
  for (const name of Object.keys(cases)) {
    const entry = join(root, "examples", name, "src", "flight.ts");
    const outFile = join(dir, `${name}.wasm`);
    const built = await buildFlight({ entry, outFile });
    const quick = await buildFlight({ entry, outFile: join(dir, `${name}-notc.wasm`), typecheck: false });
    const javy = await buildFlight({ entry, outFile: join(dir, `${name}-javy.wasm`), preload: false, typecheck: false });
    const wasm = readFileSync(outFile);

    // Baseline without any engine snapshot: the core module from the C build,
    // which creates the QuickJS runtime and context on every run.
    const core = readFileSync(join(root, ".cache", "runtime-build", "runtime.core.wasm"));
    const bytecode = loadRuntime().compile((await bundle(entry, { minify: false })).code);
    const noSnapshot = new FlightRuntime(core).link({ bytecode, preload: false });
    writeFileSync(join(dir, `${name}-nosnapshot.wasm`), noSnapshot);

    const main = measureRuns(wasm, cases[name]);
    const javyRuns = measureRuns(readFileSync(javy.outFile), cases[name]);
    const coreRuns = measureRuns(noSnapshot, cases[name]);
    rows.push({
      flight: name,
      buildMs: round(built.milliseconds.total, 0),
      buildNoTypecheckMs: round(quick.milliseconds.total, 0),
      wasmBytes: wasm.length,
      bytecodeBytes: built.bytecodeSize,
      ...main,
      baselines: {
        javyLayout: { wasmBytes: javy.wasmSize, ...javyRuns, runRatio: round(main.medianRunMs / javyRuns.medianRunMs, 2) },
        noEngineSnapshot: { wasmBytes: noSnapshot.length, ...coreRuns, runRatio: round(main.medianRunMs / coreRuns.medianRunMs, 2) },
      },
    });
  }
  return rows;
}
