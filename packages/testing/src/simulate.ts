// simulateAirway: the Air Traffic Controller's reconcile loop, played
// against a fake cluster (yokecd/yoke internal/atc/reconciler_instance.go):
// run the flight, apply its output with the release's ownership, copy the
// identity resource's status onto the instance, set the Ready condition,
// then run again when the Airway's mode says a change matters.
import { apiResourcesFromCRD } from "./api-resources.js";
import { FakeCluster } from "./cluster.js";
import { setStatusCondition, type Condition } from "./conditions.js";
import type { FlightSource } from "./flight-module.js";
import { goMarshal } from "./go-json.js";
import { runInProcess } from "./in-process.js";
import { readiness } from "./readiness.js";
import { runFlight, type FlightRun, type RunFlightOptions } from "./run-flight.js";
import { ownershipConflict } from "./messages.js";
import { atcReleaseName, canonical, groupKind, groupOf, ownerFrom, ownerOf, resourceRef, withYokeMetadata, type KubeObject } from "./refs.js";

export type AirwayMode = "standard" | "static" | "dynamic" | "subscription";

/** The parts of an Airway (yoke.cd/v1alpha1) the simulation uses. */
export interface AirwayLike {
  metadata?: { name?: string };
  spec: {
    mode?: AirwayMode;
    clusterAccess?: boolean;
    resourceAccessMatchers?: string[];
    objectPath?: string[];
    maxMemoryMib?: number;
    /** A Go duration such as "10s" or "1m30s". */
    timeout?: string;
    template?: { scope?: "Namespaced" | "Cluster" };
  };
}

export interface ControllerContext {
  cluster: FakeCluster;
  /** The custom resource as the cluster has it now. */
  instance: KubeObject;
  iteration: number;
}

/** A stand-in for another controller of the cluster (the Job controller, Crossplane, ...). */
export type Controller = (context: ControllerContext) => void;

export interface SimulateOptions {
  /** The built .wasm (path, bytes), or `{ entry }`: the flight's TypeScript, run in-process. */
  flight: FlightSource | { entry: string };
  airway?: AirwayLike;
  /** Without an airway: the mode, default "standard". */
  mode?: AirwayMode;
  clusterAccess?: boolean;
  resourceAccessMatchers?: string[];
  /** The custom resource the ATC reconciles. */
  instance: KubeObject;
  cluster?: FakeCluster | KubeObject[];
  controllers?: Controller[];
  /** Default 25. */
  maxIterations?: number;
}

export interface Iteration {
  index: number;
  /** Why the ATC ran the flight. */
  trigger: string;
  /** What the flight read on stdin. */
  input: string;
  run: FlightRun;
  /** Resources applied, with yoke's metadata. */
  applied: KubeObject[];
  /** References of resources removed from the release. */
  pruned: string[];
  /** The instance's status after this iteration. */
  status: unknown;
  ready: Condition;
  /** References the controllers changed after this iteration. */
  changes: string[];
}

export interface Simulation {
  iterations: Iteration[];
  /** The instance at the end. */
  instance: KubeObject;
  cluster: FakeCluster;
  /** The instance's final status. */
  status: unknown;
  /** The final Ready condition. */
  ready: Condition;
}

export class SimulationError extends Error {
  override name = "SimulationError";
  constructor(message: string, readonly simulation: Simulation) {
    super(message);
  }
}

const EPOCH = Date.UTC(2026, 0, 1);

export async function simulateAirway(options: SimulateOptions): Promise<Simulation> {
  const spec = options.airway?.spec ?? {};
  const mode: AirwayMode = spec.mode ?? options.mode ?? "standard";
  const clusterAccess = spec.clusterAccess ?? options.clusterAccess ?? false;
  const matchers = spec.resourceAccessMatchers ?? options.resourceAccessMatchers ?? [];
  const maxIterations = options.maxIterations ?? 25;
  const cluster = options.cluster instanceof FakeCluster ? options.cluster : new FakeCluster(options.cluster ?? []);
  const crossNamespace = spec.template?.scope === "Cluster";

  const seed = structuredClone(options.instance);
  seed.metadata.namespace ??= "default"; // the ATC defaults an instance's namespace first
  seed.metadata.generation ??= 1;
  seed.metadata.uid ??= "00000000-0000-0000-0000-000000000001";
  let instance = cluster.put(seed);
  const release = atcReleaseName(instance);
  const namespace = instance.metadata.namespace!;

  const iterations: Iteration[] = [];
  let releaseRefs: string[] = [];
  let trigger = "the instance was created";
  let watched = new Map<string, number | undefined>();
  let previousOutput: string | undefined;
  /** The resources of the last successful takeoff (yoke's previous revision). */
  let previousRevision: string | undefined;
  let previousStatus: string | undefined;

  for (let index = 0; index < maxIterations; index++) {
    const now = new Date(EPOCH + index * 1000).toISOString().replace(".000Z", "Z");
    instance = current(cluster, instance);
    const object = (spec.objectPath ?? []).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], instance);
    const input = goMarshal(object ?? null);
    const runOptions: RunFlightOptions = {
      input,
      release,
      namespace,
      clusterAccess,
      resourceAccessMatchers: matchers,
      cluster,
      timeoutMs: spec.timeout ? goDurationMs(spec.timeout) : undefined,
      maxMemoryMib: spec.maxMemoryMib,
    };
    const flight = options.flight;
    const run = await (isEntry(flight) ? runInProcess(flight.entry, runOptions) : runFlight(flight, runOptions));

    const applied: KubeObject[] = [];
    const pruned: string[] = [];
    let ready: Condition;
    let requeue = false;
    const conditions = [...(((instance.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [])];
    let status: Record<string, unknown> = { ...(instance.status as Record<string, unknown> | undefined) };

    if (!run.ok) {
      ready = { type: "Ready", status: "False", reason: "Error", message: `failed to evaluate flight: ${run.error}` };
    } else {
      const isIdentity = (r: KubeObject) =>
        groupOf(r.apiVersion) === groupOf(instance.apiVersion) && r.kind === instance.kind &&
        r.metadata.name === instance.metadata.name && (r.metadata.namespace ?? "") === namespace;
      const identity = run.resources.find(isIdentity);
      const problems: string[] = [];
      // Kinds whose CRD is in the output itself are known by its scope (yoke's setTargetNS), the rest by discovery.
      const outputKinds = run.stages.flat().filter(isCRD).flatMap((crd) => apiResourcesFromCRD(crd as never));
      const desired = run.stages.flat().filter((r) => !isIdentity(r)).map((r) => {
        const copy = withYokeMetadata(r, release, namespace, "atc.yoke");
        const api = [...outputKinds, ...cluster.apiResources()].find((a) => a.group === groupOf(r.apiVersion) && a.kind === r.kind);
        if (!api) problems.push(`${canonical(r)}: failed to lookup resource mapping: no matches for kind "${r.kind}" in version "${r.apiVersion}"`);
        else if (api.namespaced) copy.metadata.namespace ??= namespace;
        if (!crossNamespace && copy.metadata.namespace && copy.metadata.namespace !== namespace) {
          problems.push(`${resourceRef(copy)}: namespace "${copy.metadata.namespace}" does not match target namespace "${namespace}"`);
        }
        // yoke never applies over a resource another release (or none) owns.
        const existing = api && cluster.find(copy.apiVersion, copy.kind, copy.metadata.name!, copy.metadata.namespace);
        if (existing && ownerOf(existing) !== ownerFrom(release, namespace)) {
          problems.push(ownershipConflict(canonical(copy), ownerFrom(release, namespace), ownerOf(existing)));
        }
        copy.metadata.annotations = { ...copy.metadata.annotations, "instance.atc.yoke.cd/instanceRef": resourceRef(instance) };
        copy.metadata.ownerReferences = [
          ...((copy.metadata.ownerReferences as unknown[]) ?? []),
          { apiVersion: instance.apiVersion, kind: instance.kind, name: instance.metadata.name, uid: instance.metadata.uid },
        ];
        return copy;
      });

      if (identity?.status !== undefined) {
        status = { ...(identity.status as Record<string, unknown>) };
        for (const c of ((identity.status as { conditions?: Condition[] }).conditions ?? [])) setStatusCondition(conditions, c, now);
      }

      if (problems.length) {
        ready = { type: "Ready", status: "False", reason: "Error", message: problems.join("; ") };
      } else {
        for (const r of desired) applied.push(applyResource(cluster, r));
        const refs = applied.map(resourceRef);
        for (const ref of releaseRefs.filter((r) => !refs.includes(r))) {
          const [ns, rest] = ref.split("/") as [string, string];
          const stale = cluster.list(`${ns}/${rest}`)[0];
          if (stale) {
            cluster.delete(stale);
            pruned.push(ref);
          }
        }
        releaseRefs = refs;
        // Unchanged resources are a no-op takeoff: yoke records no release resources then, so the
        // readiness check goes over none and the instance is Ready, whatever its resources' state.
        const revision = goMarshal(desired);
        const checked = revision === previousRevision ? [] : applied;
        previousRevision = revision;
        // In order, stopping at the first resource not ready yet; errors before it are reported.
        const errors: string[] = [];
        let pending = false;
        for (const r of checked) {
          const state = readiness(current(cluster, r), cluster);
          if (!state.ready && "error" in state && state.error) errors.push(`${resourceRef(r)}: ${state.error}`);
          else if (!state.ready) {
            pending = true;
            break;
          }
        }
        if (errors.length) {
          ready = { type: "Ready", status: "False", reason: "Error", message: `failed to check release readiness: ${errors.join("; ")}` };
        } else if (!pending) {
          ready = { type: "Ready", status: "True", reason: "Ready", message: "Successfully deployed" };
        } else {
          ready = { type: "Ready", status: "False", reason: "InProgress", message: "waiting for flight to become ready" };
          requeue = true;
        }
      }
      if (identity && conditions.some((c) => c.type === "Ready") && (identity.status as { conditions?: Condition[] } | undefined)?.conditions?.some((c) => c.type === "Ready")) {
        ready = conditions.find((c) => c.type === "Ready")!;
      }
    }

    setStatusCondition(conditions, { ...ready, observedGeneration: instance.metadata.generation as number }, now);
    status = { ...status, conditions };
    instance = cluster.put({ ...current(cluster, instance), status });

    // What this run watches, and each object's version once the ATC is done applying.
    const watchRefs = refsToWatch(mode, releaseRefs, run);
    watched = new Map(watchRefs.map((ref) => [ref, cluster.versionOf(ref)]));
    const instanceVersion = cluster.versionOf(resourceRef(instance));
    const instanceGeneration = instance.metadata.generation;

    const before = snapshot(cluster);
    for (const controller of options.controllers ?? []) controller({ cluster, instance: current(cluster, instance), iteration: index });
    const changes = diff(before, snapshot(cluster));

    const iteration: Iteration = {
      index, trigger, input, run, applied, pruned, status: structuredClone(status), ready: conditions.find((c) => c.type === "Ready")!, changes,
    };
    iterations.push(iteration);

    // Why run again?
    const after = current(cluster, instance);
    const reasons: string[] = [];
    if (after.metadata.generation !== instanceGeneration) reasons.push("the instance's spec changed");
    else if (cluster.versionOf(resourceRef(after)) !== instanceVersion && mode !== "standard" && mode !== "static") reasons.push("the instance changed");
    for (const [ref, version] of watched) {
      if (cluster.versionOf(ref) !== version) reasons.push(`${ref} changed`);
    }
    const output = run.stdout;
    const sameAsBefore = output === previousOutput && goMarshal(status) === previousStatus;
    previousOutput = output;
    previousStatus = goMarshal(status);
    if (reasons.length === 0 && requeue && !sameAsBefore) reasons.push("requeued after 5s: waiting for the release to become ready");
    if (reasons.length === 0) {
      return { iterations, instance: after, cluster, status: after.status, ready: iteration.ready };
    }
    trigger = reasons.join("; ");
  }
  const instanceNow = current(cluster, instance);
  const simulation = { iterations, instance: instanceNow, cluster, status: instanceNow.status, ready: iterations.at(-1)!.ready };
  throw new SimulationError(
    `the ATC was still re-running the flight after ${maxIterations} iterations (last trigger: ${trigger}); ` +
      `last status: ${JSON.stringify(instanceNow.status)}`,
    simulation,
  );
}

function refsToWatch(mode: AirwayMode, releaseRefs: string[], run: FlightRun): string[] {
  switch (mode) {
    case "dynamic":
      // Every change to the release's resources and to what the flight looked up outside it.
      return [...new Set([...releaseRefs, ...run.tracked.external])];
    case "subscription":
      // Only what the last run looked up: its own resources, and those it waited for that the release now has.
      return [...new Set([...run.tracked.internal, ...run.tracked.candidate.filter((r) => releaseRefs.includes(r))])];
    default:
      return [];
  }
}

/** Server-side apply, simplified: the flight's fields replace the object's, the status (a subresource) is kept. */
function applyResource(cluster: FakeCluster, desired: KubeObject): KubeObject {
  const existing = cluster.find(desired.apiVersion, desired.kind, desired.metadata.name!, desired.metadata.namespace);
  const next: KubeObject = { ...structuredClone(desired) };
  delete next.status;
  if (existing) {
    if (existing.status !== undefined) next.status = existing.status;
    next.metadata.uid = existing.metadata.uid;
    next.metadata.generation = existing.metadata.generation;
    if (goMarshal(existing) === goMarshal(next)) return existing;
    const specChanged = goMarshal({ ...existing, metadata: undefined, status: undefined }) !== goMarshal({ ...next, metadata: undefined, status: undefined });
    if (specChanged) next.metadata.generation = ((existing.metadata.generation as number) ?? 1) + 1;
  } else {
    next.metadata.generation = 1;
    next.metadata.uid = `uid-${groupKind(groupOf(desired.apiVersion), desired.kind)}-${desired.metadata.namespace ?? ""}-${desired.metadata.name}`;
  }
  // The API server establishes a new CRD itself (no controller involved).
  if (isCRD(next) && next.status === undefined) {
    const spec = next.spec as { names: unknown; versions?: { name: string; storage?: boolean }[] };
    next.status = {
      acceptedNames: spec.names, storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
      conditions: [{ type: "NamesAccepted", status: "True", reason: "NoConflicts" }, { type: "Established", status: "True", reason: "InitialNamesAccepted" }],
    };
  }
  return cluster.put(next);
}

function isCRD(r: KubeObject): boolean {
  return r.kind === "CustomResourceDefinition" && groupOf(r.apiVersion) === "apiextensions.k8s.io";
}

function current(cluster: FakeCluster, o: KubeObject): KubeObject {
  return cluster.find(o.apiVersion, o.kind, o.metadata.name!, o.metadata.namespace) ?? o;
}

function snapshot(cluster: FakeCluster): Map<string, number | undefined> {
  return new Map(cluster.list().map((o) => [resourceRef(o), cluster.versionOf(resourceRef(o))]));
}

function diff(before: Map<string, number | undefined>, after: Map<string, number | undefined>): string[] {
  const changed = [...after].filter(([ref, v]) => before.get(ref) !== v).map(([ref]) => ref);
  const removed = [...before.keys()].filter((ref) => !after.has(ref));
  return [...changed, ...removed];
}

/** A Go duration ("10s", "1m30s", "500ms") in milliseconds. */
function goDurationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, "µs": 0.001, ns: 0.000001 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
  let matched = "";
  for (let m; (m = re.exec(text)); ) {
    total += Number(m[1]) * units[m[2]!]!;
    matched += m[0];
  }
  if (matched !== text) throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  return total;
}

function isEntry(flight: SimulateOptions["flight"]): flight is { entry: string } {
  return typeof flight === "object" && "entry" in flight;
}
