// One reconcile of an Airway's instance, step by step as the ATC does it
// (yokecd/yoke internal/atc/reconciler_instance.go): the mode (with the
// instance's overrides.yoke.cd/mode), Ready=False "Flight is taking off",
// the flight's input (objectPath), the flight run (overrides.yoke.cd/flight),
// takeoff (pkg/yoke/yoke_takeoff.go), the readiness check, the identity's
// status written back, the error in the Ready condition, and what the ATC
// watches or requeues for next. Each step is a function of its own so it
// can be read beside the Go and tested alone.
import type { AirwayMode } from "@yoke-flight/openapi";
import { AIRWAY_MODES } from "@yoke-flight/openapi/airway";
import type { FakeCluster } from "./cluster.js";
import { setStatusCondition, type Condition } from "./conditions.js";
import type { FlightSource } from "./flight-module.js";
import { goMarshal } from "./go-json.js";
import type { InstanceSchema } from "./instance-schema.js";
import { multiErr } from "./messages.js";
import { OutputError, parseFlightOutput } from "./output.js";
import { releaseReadiness, type CheckReadiness } from "./release-readiness.js";
import { atcReleaseName, resourceRef, type KubeObject } from "./refs.js";
import { runFlight, type FlightRun, type RunFlightOptions } from "./run-flight.js";
import { dryRunTakeoff, isIdentity, takeoff, type TakeoffResult } from "./takeoff.js";

export const ANNOTATION_OVERRIDE_FLIGHT = "overrides.yoke.cd/flight";
export const ANNOTATION_OVERRIDE_MODE = "overrides.yoke.cd/mode";

/** What the reconcile needs that does not change from one run to the next. */
export interface ReconcileContext {
  cluster: FakeCluster;
  flight: FlightSource;
  /** Flights by the URL an instance's overrides.yoke.cd/flight annotation names. */
  overrideFlights: Record<string, FlightSource>;
  airwayMode: AirwayMode | undefined;
  objectPath: string[];
  clusterAccess: boolean;
  resourceAccessMatchers: string[];
  crossNamespace: boolean;
  prune: { crds?: boolean; namespaces?: boolean };
  timeoutMs: number | undefined;
  maxMemoryMib: number | undefined;
  statusSchema: InstanceSchema | undefined;
  isReady: CheckReadiness;
  /** The cluster's other controllers, run while takeoff waits between stages. */
  tick: () => void;
}

/** What carries over between reconciles of one instance. */
export interface ReconcileMemory {
  /** The stages of the active revision. */
  revision: KubeObject[][] | undefined;
  /** Subscription mode: the references the ATC reacts to. */
  subscribed: Set<string>;
  /** Dynamic modes: the external references registered with the dispatcher. */
  external: Set<string>;
}

export interface StatusWrite {
  /** What the ATC wrote ("Ready condition" or "identity status"). */
  what: string;
  status: Record<string, unknown>;
  /** The API server's refusal, when the status schema rejects the write. */
  rejected?: string;
}

export interface ReconcileResult {
  mode: AirwayMode;
  input: string;
  run: FlightRun;
  takeoff: TakeoffResult | undefined;
  /** The error the reconcile ended with (also in the Ready condition). */
  error: string | undefined;
  /** Release resources not ready yet (the ATC looks no further than the first). */
  notReady: string[];
  statusWrites: StatusWrite[];
  /** Requeue after this many ms (fixDriftInterval, the 5 s readiness requeue), or undefined. */
  requeueAfterMs: number | undefined;
  instance: KubeObject;
}

/** Ready condition texts the ATC writes. */
export const READY = {
  takingOff: { status: "False", reason: "InProgress", message: "Flight is taking off" },
  waiting: { status: "False", reason: "InProgress", message: "waiting for flight to become ready" },
  deployed: { status: "True", reason: "Ready", message: "Successfully deployed" },
} as const;

export async function reconcile(
  ctx: ReconcileContext,
  memory: ReconcileMemory,
  instance: KubeObject,
  now: string,
  fixDriftMs: number | undefined,
): Promise<ReconcileResult> {
  const mode = effectiveMode(instance, ctx.airwayMode);
  const statusWrites: StatusWrite[] = [];
  const write = (what: string, status: Record<string, unknown>) => {
    const result = writeStatus(ctx, instance, what, status);
    statusWrites.push(result.write);
    instance = result.instance;
  };
  const setReady = (ready: Omit<Condition, "type">) => {
    const conditions = conditionsOf(instance);
    if (!setStatusCondition(conditions, { type: "Ready", ...ready, observedGeneration: instance.metadata.generation as number }, now)) return;
    write("Ready condition", { ...(instance.status as object | undefined), conditions });
  };

  setReady(READY.takingOff);
  const input = flightInput(instance, ctx.objectPath);
  const run = await evaluate(ctx, instance, input);

  let error: string | undefined;
  let identity: KubeObject | undefined;
  let result: TakeoffResult | undefined;
  if (!run.ok) {
    identity = identityOf(partialOutput(run.stdout), instance);
    error = `failed to evaluate flight: ${run.error}`;
  } else {
    identity = identityOf(run.stages, instance);
    result = takeoff(ctx.cluster, run.stages, {
      release: atcReleaseName(instance),
      namespace: instance.metadata.namespace ?? "",
      instance,
      crossNamespace: ctx.crossNamespace,
      prune: ctx.prune,
      previous: memory.revision,
      tick: ctx.tick,
      isReady: ctx.isReady,
    });
    if (result.outcome === "failed") error = result.error;
    else if (result.outcome === "applied") memory.revision = result.stages;
  }

  // The readiness check: after a takeoff that applied (or changed nothing), unless the flight set Ready itself.
  let notReady: string[] = [];
  let requeueAfterMs = fixDriftMs || undefined;
  const identityReady = conditionsOf(identity).some((c) => c.type === "Ready");
  if (!error && result && !identityReady) {
    // A no-op takeoff records no release resources, so the ATC finds nothing pending (SetReleaseResources is skipped).
    const released = result.outcome === "applied" ? result.stages.flat() : [];
    const state = releaseReadiness(ctx.cluster, released, ctx.isReady, { stopAtPending: true });
    error = multiErr(
      "failed to check release readiness",
      state.errors.map((e) => `${e.ref}: ${e.error}`),
    );
    if (!error && state.pending.length === 0) setReady(READY.deployed);
    else if (!error) {
      notReady = state.pending.map(resourceRef);
      setReady(READY.waiting);
      requeueAfterMs = Math.min(requeueAfterMs ?? 5000, 5000);
    }
  }

  trackForMode(memory, mode, run, result, error);
  if (identity?.status !== undefined && identity.status !== null) writeIdentityStatus(identity, instance, now, write);
  if (error) setReady({ status: "False", reason: "Error", message: error });
  return { mode, input, run, takeoff: result, error, notReady, statusWrites, requeueAfterMs, instance };
}

/** The API server's refusal of an instance by the ATC's admission webhook. */
export class AdmissionError extends Error {
  override name = "AdmissionError";
}

/**
 * The ATC's admission webhook for a new instance (cmd/atc/handler.go
 * /validations/{airway}, skipped with the Airway's skipAdmissionWebhook):
 * the flight runs and its output is dry-run applied. Throws AdmissionError
 * with the API server's message when it fails.
 */
export async function admitByWebhook(ctx: ReconcileContext, instance: KubeObject, webhook: string): Promise<void> {
  const run = await evaluate(ctx, instance, flightInput(instance, ctx.objectPath));
  const error = !run.ok
    ? `failed to evaluate flight: ${run.error}`
    : dryRunTakeoff(ctx.cluster, run.stages, {
        release: atcReleaseName(instance),
        namespace: instance.metadata.namespace ?? "",
        instance,
        crossNamespace: ctx.crossNamespace,
      });
  if (error) {
    throw new AdmissionError(
      `admission webhook ${JSON.stringify(webhook)} denied the request: applying resource returned errors during dry-run. ` +
        `Either the inputs are invalid or the package implementation has errors: ${error}`,
    );
  }
}

/** overrides.yoke.cd/mode when it names a mode, else the Airway's, else standard. */
export function effectiveMode(instance: KubeObject, airwayMode: AirwayMode | undefined): AirwayMode {
  const override = instance.metadata.annotations?.[ANNOTATION_OVERRIDE_MODE] as AirwayMode | undefined;
  return (override && AIRWAY_MODES.includes(override) ? override : undefined) ?? airwayMode ?? "standard";
}

/** The value at the Airway's objectPath (the whole instance by default), as Go's json.Marshal writes it. */
export function flightInput(instance: KubeObject, objectPath: string[]): string {
  const object = objectPath.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], instance);
  return goMarshal(object ?? null);
}

/** Runs the Airway's flight, or the one overrides.yoke.cd/flight names. */
async function evaluate(ctx: ReconcileContext, instance: KubeObject, input: string): Promise<FlightRun> {
  const url = instance.metadata.annotations?.[ANNOTATION_OVERRIDE_FLIGHT];
  let flight = ctx.flight;
  if (url) {
    const override = ctx.overrideFlights[url] ?? (url.startsWith("file://") ? new URL(url).pathname : undefined);
    if (!override) {
      throw new Error(
        `the instance's ${ANNOTATION_OVERRIDE_FLIGHT} annotation names ${url}: pass it in simulateAirway's overrideFlights (the simulation fetches nothing)`,
      );
    }
    flight = override;
  }
  const options: RunFlightOptions = {
    input,
    release: atcReleaseName(instance),
    namespace: instance.metadata.namespace ?? "",
    clusterAccess: ctx.clusterAccess,
    resourceAccessMatchers: ctx.resourceAccessMatchers,
    cluster: ctx.cluster,
    timeoutMs: ctx.timeoutMs,
    maxMemoryMib: ctx.maxMemoryMib,
  };
  return runFlight(flight, options);
}

/** What a failed flight wrote before it exited, read as yoke reads it (errors ignored). */
function partialOutput(stdout: string): KubeObject[][] {
  try {
    return parseFlightOutput(stdout).stages;
  } catch (e) {
    if (e instanceof OutputError) return [];
    throw e;
  }
}

function identityOf(stages: KubeObject[][], instance: KubeObject): KubeObject | undefined {
  return stages
    .flat()
    .filter((r) => isIdentity(r, instance))
    .at(-1);
}

/** The identity's status replaces the instance's; its conditions are merged into the instance's (meta.SetStatusCondition). */
function writeIdentityStatus(identity: KubeObject, instance: KubeObject, now: string, write: (what: string, status: Record<string, unknown>) => void): void {
  const conditions = conditionsOf(instance);
  for (const c of conditionsOf(identity)) setStatusCondition(conditions, c, now);
  const status = { ...(identity.status as Record<string, unknown>) };
  if (conditions.length) status.conditions = conditions;
  else delete status.conditions;
  write("identity status", status);
}

/** UpdateStatus: the status schema decides; a refused write leaves the instance as it was. */
function writeStatus(ctx: ReconcileContext, instance: KubeObject, what: string, status: Record<string, unknown>): { instance: KubeObject; write: StatusWrite } {
  const next = { ...instance, status };
  if (ctx.statusSchema) {
    try {
      const stored = ctx.statusSchema.admit(next);
      return { instance: ctx.cluster.put(stored), write: { what, status: structuredClone(stored.status as Record<string, unknown>) } };
    } catch (e) {
      return { instance, write: { what, status, rejected: (e as Error).message } };
    }
  }
  return { instance: ctx.cluster.put(next), write: { what, status: structuredClone(status) } };
}

/** What the ATC reacts to next (dynamic: the release and external references; subscription: the tracked references). */
function trackForMode(memory: ReconcileMemory, mode: AirwayMode, run: FlightRun, result: TakeoffResult | undefined, error: string | undefined): void {
  if (mode === "dynamic" || mode === "subscription") {
    if (!error) memory.external.clear();
    for (const ref of run.tracked.external) memory.external.add(ref);
  } else memory.external.clear();
  if (mode !== "subscription") {
    memory.subscribed.clear();
    return;
  }
  if (error) {
    for (const ref of run.tracked.internal) memory.subscribed.add(ref);
    return;
  }
  const released = new Set(result?.outcome === "applied" ? result.stages.flat().map(resourceRef) : []);
  memory.subscribed = new Set([...run.tracked.internal, ...run.tracked.candidate.filter((r) => released.has(r))]);
}

export function conditionsOf(o: KubeObject | undefined): Condition[] {
  const list = (o?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return Array.isArray(list) ? structuredClone(list) : [];
}
