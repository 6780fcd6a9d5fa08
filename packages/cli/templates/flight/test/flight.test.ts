// The flight as yoke runs it: the built dist/flight.wasm (npm test builds it
// first), host functions emulated by @yoke-flight/testing, no cluster needed.
import { describe, expect, it } from "vitest";
import { FakeCluster, runFlight, simulateAirway, withYokeMetadata } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import airway from "../airway.js";

const FLIGHT = new URL("../dist/flight.wasm", import.meta.url).pathname;
// The same flight from its TypeScript, run in this process: quick to rerun, and a debugger stops in it.
const ENTRY = { entry: new URL("../src/flight.ts", import.meta.url).pathname };
const backend = (spec: Record<string, unknown> = {}) => ({
  apiVersion: "examples.com/v1",
  kind: "Backend",
  metadata: { name: "api", namespace: "team-a" },
  spec: { image: "nginx:1.27", ...spec },
});

describe("the Backend flight", () => {
  it("emits a Deployment and a Service", async () => {
    const run = await runFlight(FLIGHT, { input: backend({ replicas: 2 }) });
    expect(run).toSucceed();
    expect(run).toContainResource({ kind: "Deployment", name: "api" });
    expect(run).toContainResource({ kind: "Service", name: "api" });
    expect(run.resources.find((r) => r.kind === "Deployment")).toMatchObject({ spec: { replicas: 2 } });
  });

  it("behaves the same run in-process from src/flight.ts", async () => {
    const options = { input: backend({ replicas: 2 }) };
    expect(await runFlight(ENTRY, options)).toBehaveLike(await runFlight(FLIGHT, options));
  });

  it("says it is waiting until the Deployment is available", async () => {
    const release = "examples.com.Backend.team-a.api";
    const available = withYokeMetadata(
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "api", namespace: "team-a" },
        status: { conditions: [{ type: "Available", status: "True" }] },
      },
      release,
      "team-a",
      "atc.yoke",
    );
    const waiting = await runFlight(FLIGHT, { input: backend(), release, clusterAccess: true });
    expect(waiting).toHaveStatus({ msg: "waiting for the deployment to become available" });
    const ready = await runFlight(FLIGHT, { input: backend(), release, clusterAccess: true, cluster: new FakeCluster([available]) });
    expect(ready).toHaveStatus({ msg: "ready" });
  });

  it("reaches ready under the Air Traffic Controller once the cluster rolls the Deployment out", async () => {
    // The simulation's stand-ins for a plain cluster roll Deployments out and give Services EndpointSlices.
    const sim = await simulateAirway({ flight: FLIGHT, airway, instance: backend() });
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Deployment.apps:api"]);
    expect(sim.iterations[0]!.ready).toMatchObject({ status: "False", reason: "InProgress" });
    expect(sim).toHaveStatus({ msg: "ready" });
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready", message: "Successfully deployed" });
  });
});
