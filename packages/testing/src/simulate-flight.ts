// simulateFlight: the ATC's reconcile loop for a Flight or ClusterFlight
// resource (yoke.cd/v1alpha1; yokecd/yoke internal/atc/reconciler_flight.go,
// pkg/apis/v1alpha1/flight.go): the module runs with spec.input (or
// spec.inputObject as JSON) on stdin and spec.args; its release is named
// after the resource (YOKE_RELEASE is its name), owned by it, confined to its
// namespace unless it is a ClusterFlight; every resource's readiness goes into
// status.inventory and the Ready condition. No identity resource, no modes:
// it runs again on a spec change, the 5 s readiness requeue,
// fixDriftInterval, or the error backoff.
import { parseGoDuration } from "@yoke-flight/openapi/go-duration";
import { setStatusCondition, type Condition } from "./conditions.js";
import { loadCustomReadiness } from "./custom-readiness.js";
import { goMarshal } from "./go-json.js";
import { multiErr } from "./messages.js";
import { readiness } from "./readiness.js";
import { READY } from "./reconcile.js";
import { releaseReadiness } from "./release-readiness.js";
import { resourceRef, versionOf, type KubeObject } from "./refs.js";
import { runFlight } from "./run-flight.js";
import { current, diff, fingerprint, simulatedTime, simulationSetup, snapshot, type Iteration, type Simulation, type SimulateOptions } from "./simulate.js";
import { requeueDecision } from "./requeue.js";
import { takeoff, type TakeoffResult } from "./takeoff.js";

export interface FlightResourceSpec {
  wasmUrl: string;
  checksum?: string;
  input?: string;
  inputObject?: Record<string, unknown>;
  args?: string[];
  fixDriftInterval?: string;
  clusterAccess?: boolean;
  resourceAccessMatchers?: string[];
  prune?: { crds?: boolean; namespaces?: boolean };
  maxMemoryMib?: number;
  timeout?: string;
}

/** As simulateAirway's options; `flight` is the module the resource's wasmUrl names. */
export interface SimulateFlightOptions extends Pick<SimulateOptions, "flight" | "cluster" | "controllers" | "defaultControllers" | "maxIterations"> {
  /** The Flight (namespaced) or ClusterFlight resource. */
  resource: { apiVersion?: string; kind: "Flight" | "ClusterFlight"; metadata: KubeObject["metadata"]; spec: FlightResourceSpec };
}

/** An Airway iteration's fields that a Flight resource's reconcile has (no modes, no identity). */
export type FlightIteration = Pick<Iteration, "index" | "trigger" | "run" | "takeoff" | "error" | "applied" | "status" | "ready">;

export interface FlightSimulation extends Omit<Simulation, "iterations" | "instance"> {
  iterations: FlightIteration[];
  /** The Flight or ClusterFlight resource at the end. */
  resource: KubeObject;
}

export async function simulateFlight(options: SimulateFlightOptions): Promise<FlightSimulation> {
  const { maxIterations, cluster, controllers } = simulationSetup("simulateFlight", options);
  const clusterScoped = options.resource.kind === "ClusterFlight";
  const seed = structuredClone({ apiVersion: "yoke.cd/v1alpha1", ...options.resource }) as KubeObject;
  if (clusterScoped) delete seed.metadata.namespace;
  else seed.metadata.namespace ??= "default";
  seed.metadata.generation ??= 1;
  seed.metadata.uid ??= "00000000-0000-0000-0000-000000000002";
  let resource = cluster.put(seed);
  const spec = options.resource.spec;
  // A ClusterFlight has no namespace: takeoff falls back to the client's default namespace.
  const namespace = resource.metadata.namespace ?? "default";
  const release = resource.metadata.name!;
  const runControllers = (iteration: number) => {
    for (const c of controllers) c({ cluster, instance: current(cluster, resource), iteration });
  };

  const iterations: FlightIteration[] = [];
  let revision: KubeObject[][] | undefined;
  let trigger = "the resource was created";
  let elapsedMs = 0;
  let failures = 0;
  let previous: string | undefined;
  for (let index = 0; index < maxIterations; index++) {
    const now = simulatedTime(elapsedMs);
    resource = current(cluster, resource);
    const setReady = (ready: Omit<Condition, "type">) => {
      const conditions = [...((resource.status as { conditions?: Condition[] } | undefined)?.conditions ?? [])].map((c) => ({ ...c }));
      if (!setStatusCondition(conditions, { type: "Ready", ...ready, observedGeneration: resource.metadata.generation as number }, now)) return;
      resource = cluster.put({ ...resource, status: { ...(resource.status as object | undefined), conditions } });
    };
    setReady(READY.takingOff);
    const runOptions = {
      input: spec.input ? spec.input : spec.inputObject ? goMarshal(spec.inputObject) : "",
      release,
      namespace,
      args: spec.args ?? [],
      clusterAccess: spec.clusterAccess ?? false,
      resourceAccessMatchers: spec.resourceAccessMatchers ?? [],
      cluster,
      timeoutMs: spec.timeout ? parseGoDuration(spec.timeout) : undefined,
      maxMemoryMib: spec.maxMemoryMib,
    };
    const run = await runFlight(options.flight, runOptions);

    let error: string | undefined;
    let result: TakeoffResult | undefined;
    let requeueMs = spec.fixDriftInterval ? parseGoDuration(spec.fixDriftInterval) : undefined;
    if (!run.ok) error = `failed to evaluate flight: ${run.error}`;
    else {
      result = takeoff(cluster, run.stages, {
        release,
        namespace,
        instance: resource,
        ownerIsInstance: false,
        crossNamespace: clusterScoped,
        prune: spec.prune ?? {},
        previous: revision,
        tick: () => runControllers(index),
        isReady: (r) => readiness(r, cluster, loadCustomReadiness(cluster)),
      });
      if (result.outcome === "failed") error = result.error;
      else if (result.outcome === "applied") revision = result.stages;
    }
    if (result && !error) {
      // Every resource is checked (no stop at the first pending); a no-op takeoff records none.
      const released = result.outcome === "applied" ? result.stages.flat() : [];
      const state = releaseReadiness(cluster, released, (r) => readiness(r, cluster, loadCustomReadiness(cluster)), { stopAtPending: false });
      error = multiErr(
        "failed to check release readiness",
        state.errors.map((e) => `${e.ref}: ${e.error}`),
      );
      if (!error) {
        if (state.pending.length === 0) setReady(READY.deployed);
        else {
          setReady(READY.waiting);
          requeueMs = Math.min(requeueMs ?? 5000, 5000);
        }
        const ready = new Set(state.ready);
        const inventory = released.map((r) => ({ resource: resourceRef(r), version: versionOf(r.apiVersion), ready: ready.has(resourceRef(r)) }));
        resource = cluster.put({ ...resource, status: { ...(resource.status as object | undefined), inventory } });
      }
    }
    if (error) setReady({ status: "False", reason: "Error", message: error });

    const generation = resource.metadata.generation;
    const before = snapshot(cluster);
    runControllers(index);
    diff(before, snapshot(cluster));
    const ready = structuredClone(((resource.status as { conditions?: Condition[] }).conditions ?? []).find((c) => c.type === "Ready"))!;
    iterations.push({
      index,
      trigger,
      run,
      takeoff: result?.outcome ?? "not run",
      ...(error !== undefined && { error }),
      applied: result?.applied ?? [],
      status: structuredClone(resource.status),
      ready,
    });
    const end = (settled: string): FlightSimulation => {
      const last = current(cluster, resource);
      return { iterations, resource: last, cluster, status: last.status, ready, settled };
    };

    const events = current(cluster, resource).metadata.generation !== generation ? ["the resource's spec changed"] : [];
    failures = error ? failures + 1 : 0;
    const outcome = fingerprint(run, cluster);
    const decision = requeueDecision({
      events,
      requeueAfterMs: requeueMs,
      waiting: ready.reason === "InProgress",
      error,
      failures,
      repeated: outcome === previous,
    });
    previous = outcome;
    if (!decision.again) return end(decision.settled);
    trigger = decision.trigger;
    elapsedMs += decision.afterMs;
  }
  const last = iterations.at(-1)!;
  throw new Error(
    `the ATC was still re-running the ${options.resource.kind}'s flight after ${maxIterations} iterations; Ready: ${last.ready.status} (${last.ready.reason}): ${last.ready.message}`,
  );
}
