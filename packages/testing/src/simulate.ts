// simulateAirway: the Air Traffic Controller's reconcile loop for one
// instance, played against a fake cluster (yokecd/yoke
// internal/atc/reconciler_instance.go, pkg/k8s/ctrl, cmd/atc/handler.go):
// the instance admitted as the API server stores it, one reconcile
// (reconcile.ts), the cluster's controllers, then the ATC's reason to run
// again: an event its mode reacts to, the 5 s readiness requeue,
// fixDriftInterval, or the error backoff. Stops when nothing would change.
import type { Airway, AirwayMode, AirwaySpec } from "@yoke-flight/openapi";
import { parseGoDuration } from "@yoke-flight/openapi/go-duration";
import { atcTemplate } from "@yoke-flight/openapi/airway";
import { FakeCluster } from "./cluster.js";
import type { FlightSource } from "./flight-module.js";
import type { Condition } from "./conditions.js";
import { defaultControllers } from "./controllers.js";
import { loadCustomReadiness } from "./custom-readiness.js";
import { goMarshal } from "./go-json.js";
import { instanceSchema, type InstanceSchema } from "./instance-schema.js";
import { readiness } from "./readiness.js";
import { admitByWebhook, reconcile, type ReconcileContext, type ReconcileMemory, type StatusWrite } from "./reconcile.js";
import { resourceRef, type KubeObject } from "./refs.js";
import { requeueDecision } from "./requeue.js";
import type { TakeoffResult } from "./takeoff.js";
import type { FlightRun } from "./run-flight.js";

export type { AirwayMode };

/** An Airway (yoke.cd/v1alpha1, @yoke-flight/openapi's type), or the parts of one the simulation uses. */
export interface AirwayLike {
  metadata?: Partial<Airway["metadata"]>;
  spec: Partial<Omit<AirwaySpec, "template">> & { template?: Partial<AirwaySpec["template"]> };
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
  /** The flight, as runFlight takes it: the built .wasm (path, bytes), or `{ entry }`: its TypeScript, run in-process. */
  flight: FlightSource;
  airway?: AirwayLike;
  /** Without an airway: the mode, default "standard". */
  mode?: AirwayMode;
  clusterAccess?: boolean;
  resourceAccessMatchers?: string[];
  /** The custom resource the ATC reconciles. */
  instance: KubeObject;
  cluster?: FakeCluster | KubeObject[];
  /** Your stand-ins for the cluster's other controllers; they run after the default ones. */
  controllers?: Controller[];
  /** The stand-ins of a plain cluster (defaultControllers()): on unless false. */
  defaultControllers?: boolean;
  /** Flights for the URLs an instance's overrides.yoke.cd/flight annotation may name (file:// URLs are read as paths). */
  overrideFlights?: Record<string, FlightSource>;
  /** Default 25. */
  maxIterations?: number;
}

export interface Iteration {
  index: number;
  /** Why the ATC ran the flight. */
  trigger: string;
  /** The mode this reconcile ran in (the Airway's, or the instance's overrides.yoke.cd/mode). */
  mode: AirwayMode;
  /** What the flight read on stdin. */
  input: string;
  run: FlightRun;
  /** "applied", "noop" (same resources as the active revision), "failed", or "not run" (the flight failed). */
  takeoff: TakeoffResult["outcome"] | "not run";
  /** The reconcile's error, as the Ready condition says it. */
  error?: string;
  /** Resources applied, with yoke's metadata. */
  applied: KubeObject[];
  /** References of resources removed from the release. */
  pruned: string[];
  /** The release's resources the readiness check found not ready (the ATC stops at the first). */
  notReady: string[];
  /** Every status write the ATC made, with the API server's refusal when the status schema rejects it. */
  statusWrites: StatusWrite[];
  /** The instance's status after this iteration. */
  status: unknown;
  ready: Condition;
  /** References the controllers changed after this iteration. */
  changes: string[];
  /** Changes the ATC's admission webhook refused (static mode). */
  refused: string[];
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
  /** Why the ATC would not run the flight again. */
  settled: string;
}

export class SimulationError extends Error {
  override name = "SimulationError";
  constructor(
    message: string,
    readonly simulation: Simulation,
  ) {
    super(message);
  }
}

const EPOCH = Date.UTC(2026, 0, 1);

/** The simulated clock's time `elapsedMs` into a simulation, as the API server writes times. */
export const simulatedTime = (elapsedMs: number): string => new Date(EPOCH + elapsedMs).toISOString().replace(/\.\d{3}Z$/, "Z");

/** What simulateAirway and simulateFlight set up alike: the iteration limit (checked), the cluster and its controllers. */
export function simulationSetup(simulation: string, options: Pick<SimulateOptions, "cluster" | "controllers" | "defaultControllers" | "maxIterations">) {
  const maxIterations = options.maxIterations ?? 25;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new TypeError(`${simulation}: maxIterations must be a whole number of at least 1, not ${String(options.maxIterations)}`);
  }
  const controllers = [...(options.defaultControllers === false ? [] : defaultControllers()), ...(options.controllers ?? [])];
  return { maxIterations, cluster: FakeCluster.of(options.cluster), controllers };
}

export async function simulateAirway(options: SimulateOptions): Promise<Simulation> {
  const { maxIterations, cluster, controllers } = simulationSetup("simulateAirway", options);
  const spec = options.airway?.spec ?? {};
  // The schema the API server holds: the Airway's template as the ATC applies it.
  const schema = spec.template?.versions
    ? instanceSchema({ spec: { template: atcTemplate(spec.template as AirwaySpec["template"]) } } as Airway, options.instance.apiVersion)
    : undefined;
  // Admitted as the API server stores it; the webhook below sees it before it is stored.
  let instance = admitInstance(options.instance, schema);
  let iterationIndex = 0;
  const runControllers = () => {
    for (const controller of controllers) controller({ cluster, instance: current(cluster, instance), iteration: iterationIndex });
  };

  const ctx = reconcileContext(options, cluster, schema, runControllers);
  if (!spec.skipAdmissionWebhook) await admitByWebhook(ctx, instance, webhookName(options.airway, instance));
  instance = cluster.put(adoptInstance(instance, webhookName(options.airway, instance)));
  const memory: ReconcileMemory = { revision: undefined, subscribed: new Set(), external: new Set() };
  const fixDriftMs = spec.fixDriftInterval ? parseGoDuration(spec.fixDriftInterval) : undefined;

  const iterations: Iteration[] = [];
  let trigger = "the instance was created";
  let elapsedMs = 0;
  let failures = 0;
  let previousOutcome: string | undefined;
  for (let index = 0; index < maxIterations; index++) {
    iterationIndex = index;
    const now = simulatedTime(elapsedMs);
    const result = await reconcile(ctx, memory, current(cluster, instance), now, fixDriftMs);
    instance = result.instance;

    const watched = watchedVersions(cluster, result.mode, memory, instance);
    const instanceVersion = cluster.versionOf(resourceRef(instance));
    const generation = instance.metadata.generation;
    const release = releaseResources(cluster, memory, result.mode);
    const before = snapshot(cluster);
    runControllers();
    const refused = result.mode === "static" ? refuseChanges(cluster, release) : [];
    const changes = diff(before, snapshot(cluster));

    const after = current(cluster, instance);
    iterations.push({
      index,
      trigger,
      mode: result.mode,
      input: result.input,
      run: result.run,
      takeoff: result.takeoff?.outcome ?? "not run",
      ...(result.error !== undefined && { error: result.error }),
      applied: result.takeoff?.applied ?? [],
      pruned: result.takeoff?.outcome === "applied" ? result.takeoff.pruned : [],
      notReady: result.notReady,
      statusWrites: result.statusWrites,
      status: structuredClone(instance.status),
      ready: readyOf(instance),
      changes,
      refused,
    });

    // Why run again: events first, then timers.
    const events = eventsSince(cluster, result.mode, { generation, instanceVersion, watched }, after);
    failures = result.error ? failures + 1 : 0;
    const outcome = fingerprint(result.run, cluster);
    const decision = requeueDecision({
      events,
      requeueAfterMs: result.requeueAfterMs,
      waiting: result.notReady.length > 0,
      error: result.error,
      failures,
      repeated: outcome === previousOutcome,
    });
    previousOutcome = outcome;
    if (!decision.again) return done(iterations, cluster, instance, decision.settled);
    trigger = decision.trigger;
    elapsedMs += decision.afterMs;
  }
  const simulation = done(iterations, cluster, instance, "");
  const last = iterations.at(-1)!;
  throw new SimulationError(
    `the ATC was still re-running the flight after ${maxIterations} iterations (last trigger: ${trigger}); ` +
      `Ready: ${last.ready.status} (${last.ready.reason}): ${last.ready.message}` +
      (last.notReady.length ? `; not ready: ${last.notReady.join(", ")}` : "") +
      `; last status: ${JSON.stringify(simulation.status)}`,
    simulation,
  );
}

function reconcileContext(options: SimulateOptions, cluster: FakeCluster, schema: InstanceSchema | undefined, tick: () => void): ReconcileContext {
  const spec = options.airway?.spec ?? {};
  return {
    cluster,
    flight: options.flight,
    overrideFlights: options.overrideFlights ?? {},
    airwayMode: spec.mode ?? options.mode,
    objectPath: spec.objectPath ?? [],
    clusterAccess: spec.clusterAccess ?? options.clusterAccess ?? false,
    resourceAccessMatchers: spec.resourceAccessMatchers ?? options.resourceAccessMatchers ?? [],
    crossNamespace: spec.template?.scope === "Cluster",
    prune: spec.prune ?? {},
    timeoutMs: spec.timeout ? parseGoDuration(spec.timeout) : undefined,
    maxMemoryMib: spec.maxMemoryMib,
    statusSchema: schema,
    isReady: (r) => readiness(r, cluster, loadCustomReadiness(cluster)),
    tick,
  };
}

/** The events the ATC received while the cluster's controllers ran: the instance's spec, and what its mode watches. */
function eventsSince(
  cluster: FakeCluster,
  mode: AirwayMode,
  before: { generation: unknown; instanceVersion: number | undefined; watched: Map<string, number | undefined> },
  after: KubeObject,
): string[] {
  const events: string[] = [];
  if (after.metadata.generation !== before.generation) events.push("the instance's spec changed");
  else if (mode !== "standard" && mode !== "static" && cluster.versionOf(resourceRef(after)) !== before.instanceVersion) events.push("the instance changed");
  for (const [ref, version] of before.watched) if (cluster.versionOf(ref) !== version) events.push(`${ref} changed`);
  return events;
}

/** What a reconcile left: the flight's output and the cluster, without timestamps. Equal twice in a row: a requeue changes nothing. */
export function fingerprint(run: FlightRun, cluster: FakeCluster): string {
  return goMarshal([run.stdout.replace(/"lastTransitionTime":"[^"]*"/g, ""), withoutTimes(cluster.list())]);
}

/** The instance as the API server stores it on create: namespace, generation, uid, the Airway's schema (defaults, pruning, validation). */
function admitInstance(seed: KubeObject, schema: ReturnType<typeof instanceSchema>): KubeObject {
  const instance = structuredClone(seed);
  instance.metadata.namespace ??= "default"; // the ATC defaults an instance's namespace first
  instance.metadata.generation ??= 1;
  instance.metadata.uid ??= "00000000-0000-0000-0000-000000000001";
  return schema ? schema.admit(instance) : instance;
}

/**
 * What the ATC's first reconciles add before any takeoff (reconciler_instance.go): its cleanup
 * finalizer and the Airway as owner. The flight sees both in its input.
 */
function adoptInstance(instance: KubeObject, airwayName: string): KubeObject {
  const adopted = structuredClone(instance);
  const finalizers = (adopted.metadata.finalizers as string[] | undefined) ?? [];
  if (!finalizers.includes("yoke.cd/mayday.flight")) adopted.metadata.finalizers = [...finalizers, "yoke.cd/mayday.flight"];
  const owners = (adopted.metadata.ownerReferences as { kind: string; apiVersion: string; name: string }[] | undefined) ?? [];
  if (!owners.some((o) => o.kind === "Airway" && o.apiVersion === "yoke.cd/v1alpha1" && o.name === airwayName)) {
    adopted.metadata.ownerReferences = [
      ...owners,
      { apiVersion: "yoke.cd/v1alpha1", kind: "Airway", name: airwayName, uid: "00000000-0000-0000-0000-0000000000a1", blockOwnerDeletion: true },
    ];
  }
  return adopted;
}

/** The ValidatingWebhookConfiguration's webhook: the Airway's CRD resource, <plural>.<group>. */
function webhookName(airway: AirwayLike | undefined, instance: KubeObject): string {
  const template = airway?.spec.template;
  if (template?.names?.plural && template.group) return `${template.names.plural}.${template.group}`;
  return airway?.metadata?.name ?? `${instance.kind.toLowerCase()}s.${instance.apiVersion.split("/")[0]}`;
}

function done(iterations: Iteration[], cluster: FakeCluster, instance: KubeObject, settled: string): Simulation {
  const now = current(cluster, instance);
  return { iterations, instance: now, cluster, status: now.status, ready: iterations.at(-1)!.ready, settled };
}

function readyOf(instance: KubeObject): Condition {
  const conditions = (instance.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  return (
    structuredClone(conditions.find((c) => c.type === "Ready")) ?? {
      type: "Ready",
      status: "Unknown",
      reason: "",
      message: "the ATC could not write its Ready condition",
    }
  );
}

/** The references whose changes make the ATC run again, with their versions now. */
function watchedVersions(cluster: FakeCluster, mode: AirwayMode, memory: ReconcileMemory, instance: KubeObject): Map<string, number | undefined> {
  const refs =
    mode === "dynamic" ? [...releaseRefs(cluster, instance), ...memory.external] : mode === "subscription" ? [...memory.subscribed, ...memory.external] : [];
  return new Map(refs.map((ref) => [ref, cluster.versionOf(ref)]));
}

/** The release's resources in the cluster: those carrying the instance's instanceRef (what the ATC's webhook routes to it). */
function releaseRefs(cluster: FakeCluster, instance: KubeObject): string[] {
  const ref = resourceRef(instance);
  return cluster
    .list()
    .filter((o) => o.metadata.annotations?.["instance.atc.yoke.cd/instanceRef"] === ref)
    .map(resourceRef);
}

function releaseResources(cluster: FakeCluster, memory: ReconcileMemory, mode: AirwayMode): Map<string, KubeObject> {
  if (mode !== "static") return new Map();
  return new Map((memory.revision ?? []).flat().map((r) => [resourceRef(r), structuredClone(current(cluster, r))]));
}

/** Static mode: the ATC's admission webhook refuses changes to a release's resources and their deletion (status changes pass). */
function refuseChanges(cluster: FakeCluster, release: Map<string, KubeObject>): string[] {
  const refused: string[] = [];
  for (const [ref, before] of release) {
    const now = cluster.find(before.apiVersion, before.kind, before.metadata.name!, before.metadata.namespace);
    if (!now) {
      cluster.put(before);
      refused.push(`${ref}: cannot delete resources managed by Air-Traffic-Controller`);
    } else if (goMarshal({ ...now, status: undefined }) !== goMarshal({ ...before, status: undefined })) {
      cluster.put({ ...before, status: now.status });
      refused.push(`${ref}: cannot modify flight sub-resources`);
    }
  }
  return refused;
}

/** The cluster's content without condition timestamps (and an error's stack after its first line): two reconciles that leave it alike change nothing. */
function withoutTimes(objects: KubeObject[]): unknown {
  return JSON.parse(JSON.stringify(objects), (k, v) =>
    k === "lastTransitionTime" ? undefined : k === "message" && typeof v === "string" ? v.split("\n")[0] : v,
  );
}

export function current(cluster: FakeCluster, o: KubeObject): KubeObject {
  return cluster.find(o.apiVersion, o.kind, o.metadata.name!, o.metadata.namespace) ?? o;
}

export function snapshot(cluster: FakeCluster): Map<string, number | undefined> {
  return new Map(cluster.list().map((o) => [resourceRef(o), cluster.versionOf(resourceRef(o))]));
}

export function diff(before: Map<string, number | undefined>, after: Map<string, number | undefined>): string[] {
  const changed = [...after].filter(([ref, v]) => before.get(ref) !== v).map(([ref]) => ref);
  const removed = [...before.keys()].filter((ref) => !after.has(ref));
  return [...changed, ...removed];
}
