// One way to name a flight: the Pipeline example, built once, passed to
// runFlight, simulateAirway and simulateFlight as a .wasm path, its bytes,
// a .wasm.gz path, gzipped bytes, { bytes, sourceMap } and { entry } (its
// TypeScript, in-process): every form gives the same result.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFlight } from "@yoke-flight/cli";
import {
  FlightSourceError,
  jobController,
  runConverter,
  runFlight,
  simulateAirway,
  simulateFlight,
  type FlightRun,
  type FlightSource,
  type Simulation,
} from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import airway from "../../examples/pipeline/airway.js";
import { pipeline, scenarios } from "../../examples/pipeline/test/scenarios.js";

const ENTRY = fileURLToPath(new URL("../../examples/pipeline/src/flight.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "flight-source-"));
const wasm = join(dir, "pipeline.wasm");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let sources: [string, FlightSource][];
beforeAll(async () => {
  await buildFlight({ entry: ENTRY, outFile: wasm, typecheck: false, gzip: true });
  sources = [
    ["a .wasm path", wasm],
    ["its bytes", readFileSync(wasm)],
    ["a .wasm.gz path", `${wasm}.gz`],
    ["gzipped bytes", readFileSync(`${wasm}.gz`)],
    ["{ bytes, sourceMap }", { bytes: readFileSync(wasm), sourceMap: readFileSync(`${wasm}.map`, "utf8") }],
    ["{ entry }", { entry: ENTRY }],
  ];
});

/** A run without its duration (the only field that differs from one run to the next). */
const comparable = ({ durationMs, ...run }: FlightRun) => (expect(durationMs).toBeGreaterThan(0), run);
const comparableSimulation = (sim: Simulation) => ({
  iterations: sim.iterations.map((it) => ({ ...it, run: comparable(it.run) })),
  cluster: sim.cluster.list(),
  status: sim.status,
  ready: sim.ready,
  settled: sim.settled,
});

/** Each source form's result, after the first form's (a .wasm path), which they must equal. */
async function eachForm<T>(run: (source: FlightSource) => Promise<T>): Promise<{ first: T; rest: [string, T][] }> {
  const results: [string, T][] = [];
  for (const [name, source] of sources) results.push([name, await run(source)]);
  const [[, first], ...rest] = results;
  return { first: first!, rest };
}

describe("every form of a flight source runs the same flight", () => {
  it.each(["job one complete", "job two failed", "YAML input"])("runFlight, %s", async (scenario) => {
    const { first, rest } = await eachForm(async (source) => comparable(await runFlight(source, scenarios[scenario])));
    expect(first.ok || first.error).toBeTruthy();
    for (const [name, result] of rest) expect({ [name]: result }).toEqual({ [name]: first });
  });

  it("simulateAirway: the whole reconcile loop, in dynamic mode, a Job failing", async () => {
    const options = { airway, instance: pipeline(), controllers: [jobController({ fail: ["demo-three"] })] };
    const { first, rest } = await eachForm(async (flight) => comparableSimulation(await simulateAirway({ ...options, flight })));
    expect(first.status).toMatchObject({ msg: "job demo-three failed" });
    expect(first.iterations.length).toBeGreaterThan(2);
    for (const [name, result] of rest) expect({ [name]: result }).toEqual({ [name]: first });
  });

  it("simulateFlight: a Flight resource with the same module", async () => {
    const resource = {
      kind: "Flight" as const,
      metadata: { name: "demo", namespace: "team-a" },
      spec: { wasmUrl: "https://example.com/pipeline.wasm", inputObject: pipeline(), clusterAccess: true },
    };
    const { first, rest } = await eachForm(async (flight) => {
      const sim = await simulateFlight({ flight, resource, controllers: [jobController()] });
      return { iterations: sim.iterations.map((it) => ({ ...it, run: comparable(it.run) })), status: sim.status, settled: sim.settled };
    });
    expect(first.iterations[0]!.run).toContainResource({ kind: "Job", name: "demo-one" });
    for (const [name, result] of rest) expect({ [name]: result }).toEqual({ [name]: first });
  });
});

describe("sources that only a built module can be", () => {
  it("runConverter and runFlight's remote hosts refuse { entry }, saying what they need", async () => {
    await expect(runConverter({ entry: ENTRY } as never, { objects: [], desiredAPIVersion: "examples.com/v2" })).rejects.toThrow(
      /^runConverter needs a built module, not \{ entry: ".*flight\.ts" \}: build it \(flight build\) and pass the \.wasm$/,
    );
    await expect(runFlight({ entry: ENTRY }, { replay: join(dir, "cassette.yaml") })).rejects.toThrow(
      new FlightSourceError("runFlight({ entry }) runs against the emulated cluster only: replay needs the built module (pass its .wasm path)"),
    );
  });
});
