// The Pipeline flight, built to .wasm, in every branch; then the ATC's
// reconcile loop driving it to the end; then the same flight run in-process.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FakeCluster, jobController, runFlight, simulateAirway, summarizeSimulation } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import airway from "../airway.js";
import { RELEASE, job, pipeline, scenarios } from "./scenarios.js";

const WASM = fileURLToPath(new URL("../dist/flight.wasm", import.meta.url));
const ENTRY = fileURLToPath(new URL("../src/flight.ts", import.meta.url));
const status = (run: Awaited<ReturnType<typeof runFlight>>) => (run.resources[0]!.status as { msg: string }).msg;
const jobs = (run: Awaited<ReturnType<typeof runFlight>>) => run.resources.filter((r) => r.kind === "Job").map((r) => r.metadata.name);

describe("each branch of the flight", () => {
  it("starts job one and waits for it", async () => {
    const run = await runFlight(WASM, scenarios["nothing started yet"]);
    expect(run).toSucceed();
    expect(jobs(run)).toEqual(["demo-one"]);
    expect(status(run)).toBe("waiting for job demo-one to complete");
    expect(run.lookups.filter((l) => l.call === "lookup").map((l) => l.state)).toEqual([3]);
  });

  it("keeps waiting while job one runs", async () => {
    const run = await runFlight(WASM, scenarios["job one running"]);
    expect(jobs(run)).toEqual(["demo-one"]);
    expect(status(run)).toBe("waiting for job demo-one to complete");
  });

  it("starts job two once job one completes, then three", async () => {
    const two = await runFlight(WASM, scenarios["job one complete"]);
    expect(jobs(two)).toEqual(["demo-one", "demo-two"]);
    expect(status(two)).toBe("waiting for job demo-two to complete");
    const three = await runFlight(WASM, scenarios["jobs one and two complete"]);
    expect(jobs(three)).toEqual(["demo-one", "demo-two", "demo-three"]);
    expect(status(three)).toBe("waiting for job demo-three to complete");
  });

  it("reports when all jobs have completed", async () => {
    const run = await runFlight(WASM, scenarios["all complete"]);
    expect(jobs(run)).toEqual(["demo-one", "demo-two", "demo-three"]);
    expect(status(run)).toBe("all jobs have completed");
    expect(run.tracked.internal).toEqual(["team-a/Job.batch:demo-one", "team-a/Job.batch:demo-two", "team-a/Job.batch:demo-three"]);
  });

  it("stops at a failed job and says which", async () => {
    const run = await runFlight(WASM, scenarios["job two failed"]);
    expect(jobs(run)).toEqual(["demo-one", "demo-two"]);
    expect(status(run)).toBe("job demo-two failed");
  });

  it("builds the jobs from the spec: image, backoff limit, one step each", async () => {
    const run = await runFlight(WASM, scenarios["custom image and backoff limit"]);
    expect(run).toContainResource({
      kind: "Job",
      name: "demo-one",
      spec: {
        backoffLimit: 2,
        template: { spec: { restartPolicy: "Never", containers: [{ name: "step", image: "alpine:3.20", command: ["sh", "-c", "echo one"] }] } },
      },
    });
    const defaults = await runFlight(WASM, scenarios["nothing started yet"]);
    const container = (defaults.resources[1]!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!;
    expect(container.image).toBe("busybox:1.36");
    expect((defaults.resources[1]!.spec as Record<string, unknown>).backoffLimit).toBeUndefined();
  });

  it("reads its input as YAML too", async () => {
    const run = await runFlight(WASM, scenarios["YAML input"]);
    expect(status(run)).toBe("waiting for job demo-one to complete");
  });

  it("fails with yoke's message when it has no cluster access", async () => {
    const run = await runFlight(WASM, scenarios["no cluster access"]);
    expect(run).toFailWith("failed to lookup job demo-one: access to the cluster has not been granted for this flight invocation");
    expect(run.error).toMatch(/at hasCompleted \(src\/flight\.ts:\d+:\d+\)/);
  });

  it("fails on a lookup error other than NotFound", async () => {
    const cluster = new FakeCluster([job("one", "Complete")]).deny({ matcher: "team-a/Job.batch:demo-two", as: "forbidden" });
    const run = await runFlight(WASM, { input: pipeline(), clusterAccess: true, cluster });
    expect(run).toFailWith(
      'failed to lookup job demo-two: jobs.batch "demo-two" is forbidden: User "system:serviceaccount:atc:atc" cannot get resource "jobs"',
    );
  });
});

describe("under the ATC, in dynamic mode", () => {
  it("runs one, two, three, then reports that all jobs have completed", async () => {
    const sim = await simulateAirway({ flight: WASM, airway, instance: pipeline(), controllers: [jobController()] });
    expect(sim.iterations.map((it) => (it.status as { msg: string }).msg)).toEqual([
      "waiting for job demo-one to complete",
      "waiting for job demo-two to complete",
      "waiting for job demo-three to complete",
      "all jobs have completed",
    ]);
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready", message: "Successfully deployed" });
    expect(sim.cluster.list("Job.batch").map((j) => j.metadata.annotations?.["instance.atc.yoke.cd/release"])).toEqual([RELEASE, RELEASE, RELEASE]);
    expect(summarizeSimulation(sim)).toMatchSnapshot();
  });

  it("stops and reports a failed job in its status; yoke's Ready condition does not see it", async () => {
    const sim = await simulateAirway({ flight: WASM, airway, instance: pipeline(), controllers: [jobController({ fail: ["demo-two"] })] });
    expect(sim).toHaveStatus({ msg: "job demo-two failed" });
    expect(sim.iterations).toHaveLength(3);
    // The run after the failure emits the same Jobs: yoke's takeoff is a no-op, records no release resources,
    // and the ATC's readiness check then finds nothing pending (yoke v0.20.27 reconciler_instance.go, yoke_takeoff.go).
    expect(sim.iterations[2]!.takeoff).toBe("noop");
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready", message: "Successfully deployed" });
  });

  it("names the Job it waits for; the 5 s requeue's no-op takeoff then counts as ready, as in yoke", async () => {
    const sim = await simulateAirway({ flight: WASM, airway, instance: pipeline() });
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Job.batch:demo-one"]);
    expect(sim.iterations[0]!.ready).toMatchObject({ status: "False", reason: "InProgress", message: "waiting for flight to become ready" });
    expect(sim.iterations[1]!).toMatchObject({ trigger: "requeued after 5s: waiting for the release to become ready", takeoff: "noop" });
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready" });
    expect(sim).toHaveStatus({ msg: "waiting for job demo-one to complete" });
  });

  it("a failed Job of a new revision makes readiness an error", async () => {
    const sim = await simulateAirway({ flight: WASM, airway, instance: pipeline(), cluster: [job("one", "Failed")] });
    expect(sim.iterations[0]!.ready).toMatchObject({
      status: "False",
      reason: "Error",
      message: "failed to check release readiness: team-a/Job.batch:demo-one: job has failed",
    });
    expect(sim.iterations[1]!.trigger).toBe("requeued after 1s: the reconcile failed (backoff)");
  });

  it("in standard mode, progresses only through the ATC's 5 s readiness requeue, not on job events", async () => {
    const sim = await simulateAirway({ flight: WASM, mode: "standard", clusterAccess: true, instance: pipeline(), controllers: [jobController()] });
    expect(sim.iterations.slice(1).map((it) => it.trigger)).toEqual(Array(3).fill("requeued after 5s: waiting for the release to become ready"));
    expect(sim).toHaveStatus({ msg: "all jobs have completed" });
  });
});

describe("in-process, the same flight gives the same output", () => {
  it.each(Object.entries(scenarios))("%s", async (_, options) => {
    const [wasm, node] = await Promise.all([runFlight(WASM, options), runFlight({ entry: ENTRY }, options)]);
    expect(node).toBehaveLike(wasm);
  });
});

describe("in-process, the whole simulation is the same", () => {
  it("dynamic mode, one job failing", async () => {
    const options = {
      airway: { spec: { mode: "dynamic" as const, clusterAccess: true } },
      instance: pipeline(),
      controllers: [jobController({ fail: ["demo-three"] })],
    };
    const [wasm, node] = await Promise.all([simulateAirway({ flight: WASM, ...options }), simulateAirway({ flight: { entry: ENTRY }, ...options })]);
    expect(summarizeSimulation(node)).toEqual(summarizeSimulation(wasm));
    expect(node).toHaveStatus({ msg: "job demo-three failed" });
  });
});
