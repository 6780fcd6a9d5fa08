// What `commander.Takeoff` does with a flight's output when the ATC calls it
// (yokecd/yoke pkg/yoke/yoke_takeoff.go, with internal/atc/reconciler_instance.go's
// parameters): drop the identity resource, add yoke's metadata, refuse other
// namespaces, set the target namespace (kinds whose CRD is in the output
// included), apply stage by stage waiting for each non-last stage to be
// ready, skip an unchanged release (a no-op), and prune what the release
// no longer has.
import type { FakeCluster } from "./cluster.js";
import { goMarshal } from "./go-json.js";
import { multiErr, ownershipConflict } from "./messages.js";
import { releaseReadiness, type CheckReadiness } from "./release-readiness.js";
import { canonical, groupKind, groupOf, ownerOf, resourceRef, withYokeMetadata, type KubeObject } from "./refs.js";

export interface TakeoffParams {
  release: string;
  namespace: string;
  /** The owner of the release's resources: the Airway instance, the Flight or the ClusterFlight. */
  instance: KubeObject;
  /** An Airway instance (the default): the instance is the identity resource, and resources carry instance.atc.yoke.cd/instanceRef. A Flight: neither. */
  ownerIsInstance?: boolean;
  crossNamespace: boolean;
  prune: { crds?: boolean; namespaces?: boolean };
  /** The stages the previous successful takeoff applied (the active revision), if any. */
  previous: KubeObject[][] | undefined;
  /** Runs the cluster's other controllers while yoke waits between stages (2 s polls, 30 s at most). */
  tick: () => void;
  isReady: CheckReadiness;
}

export type TakeoffResult =
  | { outcome: "applied"; stages: KubeObject[][]; applied: KubeObject[]; pruned: string[] }
  | { outcome: "noop"; stages: KubeObject[][]; applied: KubeObject[] }
  | { outcome: "failed"; error: string; applied: KubeObject[] };

/** yoke's IdentityFunc in the ATC: the instance itself, which the ATC does not apply. */
export function isIdentity(resource: KubeObject, instance: KubeObject): boolean {
  return (
    groupOf(resource.apiVersion) === groupOf(instance.apiVersion) &&
    resource.kind === instance.kind &&
    resource.metadata.name === instance.metadata.name &&
    (resource.metadata.namespace ?? "") === (instance.metadata.namespace ?? "")
  );
}

/** The stages as yoke applies them, or the error takeoff stops with before applying anything. */
export function desiredStages(cluster: FakeCluster, written: KubeObject[][], p: TakeoffParams): KubeObject[][] | string {
  const stages = written.map((stage) =>
    stage.filter((r) => p.ownerIsInstance === false || !isIdentity(r, p.instance)).map((r) => withYokeMetadata(r, p.release, p.namespace, "atc.yoke")),
  );
  const all = stages.flat();
  if (!p.crossNamespace) {
    const wrong = all
      .filter((r) => r.metadata.namespace && r.metadata.namespace !== p.namespace)
      .map((r) => `${canonical(r)}: namespace ${JSON.stringify(r.metadata.namespace)} does not match target namespace ${JSON.stringify(p.namespace)}`);
    const error = multiErr("Multiple namespaces detected (if desired enable multinamespace releases)", wrong);
    if (error) return error;
  }
  const owner = { apiVersion: p.instance.apiVersion, kind: p.instance.kind, name: p.instance.metadata.name, uid: p.instance.metadata.uid };
  for (const r of all) {
    r.metadata.ownerReferences = [...((r.metadata.ownerReferences as unknown[]) ?? []), owner];
    if (p.ownerIsInstance !== false) r.metadata.annotations = { ...r.metadata.annotations, "instance.atc.yoke.cd/instanceRef": resourceRef(p.instance) };
  }
  const error = setTargetNamespace(cluster, all, p.namespace);
  if (error) return error;
  for (const r of all) for (const field of ["resourceVersion", "creationTimestamp", "uid", "managedFields"]) delete r.metadata[field];
  return stages;
}

/** setTargetNS: a namespaced kind without a namespace gets the release's; a kind whose CRD is in the output is known without asking. */
function setTargetNamespace(cluster: FakeCluster, resources: KubeObject[], namespace: string): string | undefined {
  const crdScopes = new Map<string, boolean>();
  for (const r of resources) {
    if (r.kind !== "CustomResourceDefinition" || r.apiVersion !== "apiextensions.k8s.io/v1") continue;
    const spec = r.spec as { group?: string; names?: { kind?: string }; scope?: string } | undefined;
    crdScopes.set(groupKind(spec?.group ?? "", spec?.names?.kind ?? ""), spec?.scope === "Namespaced");
  }
  const errors: string[] = [];
  for (const r of resources) {
    const fromFlight = crdScopes.get(groupKind(groupOf(r.apiVersion), r.kind));
    if (fromFlight !== undefined) {
      if (!r.metadata.namespace && fromFlight) r.metadata.namespace = namespace;
      continue;
    }
    const mapping = cluster.mapping(r.apiVersion, r.kind);
    if (typeof mapping === "string") {
      errors.push(`${canonical(r)}: failed to lookup resource mapping: ${mapping}`);
      continue;
    }
    if (mapping.namespaced && !r.metadata.namespace) r.metadata.namespace = namespace;
  }
  return multiErr("setting target namespace", errors);
}

const STAGE_WAIT_POLLS = 15; // 30 s at a 2 s interval: yoke's wait for a stage that is not the last.

export function takeoff(cluster: FakeCluster, written: KubeObject[][], p: TakeoffParams): TakeoffResult {
  const stages = desiredStages(cluster, written, p);
  if (typeof stages === "string") return { outcome: "failed", error: stages, applied: [] };
  const applied: KubeObject[] = [];
  for (const [i, stage] of stages.entries()) {
    const failed = dryRunErrors(cluster, stage);
    if (failed) return { outcome: "failed", error: `failed to apply resources: ${failed}`, applied };
    for (const r of stage) applied.push(applyResource(cluster, r));
    if (i === stages.length - 1) continue;
    const waitError = waitForStage(cluster, stage, p);
    if (waitError)
      return { outcome: "failed", error: `release did not become ready within wait period: to rollback use \`yoke descent\`: ${waitError}`, applied };
  }
  if (p.previous && goMarshal(p.previous) === goMarshal(stages)) return { outcome: "noop", stages, applied };
  const pruned = pruneReleaseDiff(cluster, p.previous ?? [], stages, p.prune);
  return { outcome: "applied", stages, applied, pruned };
}

/**
 * The takeoff the ATC's admission webhook runs for a new instance (cmd/atc/handler.go
 * /validations/{airway}, DryRun: true): every stage is dry-run applied, none
 * applied or waited for, so a kind whose CRD an earlier stage creates is not
 * served yet. Returns the error, or undefined when the dry run passes.
 */
export function dryRunTakeoff(
  cluster: FakeCluster,
  written: KubeObject[][],
  p: Omit<TakeoffParams, "previous" | "tick" | "isReady" | "prune">,
): string | undefined {
  const stages = desiredStages(cluster, written, { ...p, previous: undefined, tick: () => {}, isReady: () => ({ ready: true }), prune: {} });
  if (typeof stages === "string") return stages;
  for (const stage of stages) {
    const failed = dryRunErrors(cluster, stage);
    if (failed) return `failed to apply resources: ${failed}`;
  }
  return undefined;
}

/**
 * ApplyResources' dry run of one stage: each resource's kind must be served,
 * and yoke never applies over a resource another release (or none) owns.
 */
function dryRunErrors(cluster: FakeCluster, stage: KubeObject[]): string | undefined {
  const errors = stage.flatMap((r) => {
    const mapping = cluster.mapping(r.apiVersion, r.kind);
    if (typeof mapping === "string") return [`${canonical(r)}: failed to resolve resource: ${mapping}`];
    const existing = cluster.find(r.apiVersion, r.kind, r.metadata.name!, r.metadata.namespace);
    return existing && ownerOf(existing) !== ownerOf(r) ? [ownershipConflict(canonical(r), ownerOf(r), ownerOf(existing))] : [];
  });
  return multiErr("dry run", errors);
}

/** WaitForReadyMany over a stage: the cluster's controllers run between polls. */
function waitForStage(cluster: FakeCluster, stage: KubeObject[], p: TakeoffParams): string | undefined {
  for (let poll = 0; ; poll++) {
    const state = releaseReadiness(cluster, stage, p.isReady, { stopAtPending: false });
    if (state.errors.length) return `failed to get readiness for ${state.errors[0]!.canonical}: ${state.errors[0]!.error}`;
    if (state.pending.length === 0) return undefined;
    if (poll === STAGE_WAIT_POLLS) return `failed to get readiness for ${canonical(state.pending[0]!)}: 30s timeout reached`;
    p.tick();
  }
}

/** PruneReleaseDiff: what the previous revision had and this one does not is deleted (CRDs and Namespaces only when the Airway says). */
function pruneReleaseDiff(cluster: FakeCluster, previous: KubeObject[][], next: KubeObject[][], prune: TakeoffParams["prune"]): string[] {
  const kept = new Set(next.flat().map(resourceRef));
  const pruned: string[] = [];
  for (const r of previous.flat()) {
    const ref = resourceRef(r);
    if (kept.has(ref)) continue;
    if (r.kind === "CustomResourceDefinition" && !prune.crds) continue;
    if (r.kind === "Namespace" && groupOf(r.apiVersion) === "" && !prune.namespaces) continue;
    const live = cluster.find(r.apiVersion, r.kind, r.metadata.name!, r.metadata.namespace);
    if (live && cluster.delete(live)) pruned.push(ref);
  }
  return pruned;
}

/** Server-side apply, simplified: the flight's fields replace the object's, the status (a subresource) is kept. */
export function applyResource(cluster: FakeCluster, desired: KubeObject): KubeObject {
  const existing = cluster.find(desired.apiVersion, desired.kind, desired.metadata.name!, desired.metadata.namespace);
  const next: KubeObject = structuredClone(desired);
  delete next.status;
  if (existing) {
    if (existing.status !== undefined) next.status = existing.status;
    next.metadata.uid = existing.metadata.uid;
    next.metadata.generation = existing.metadata.generation;
    if (goMarshal(existing) === goMarshal(next)) return existing;
    const body = (o: KubeObject) => goMarshal({ ...o, metadata: undefined, status: undefined });
    if (body(existing) !== body(next)) next.metadata.generation = ((existing.metadata.generation as number) ?? 1) + 1;
  } else {
    next.metadata.generation = 1;
    // The API server creates a Namespace Active (its registry strategy, not a controller).
    if (desired.kind === "Namespace" && desired.apiVersion === "v1") next.status = { phase: "Active" };
    next.metadata.uid = `uid-${groupKind(groupOf(desired.apiVersion), desired.kind)}-${desired.metadata.namespace ?? ""}-${desired.metadata.name}`;
  }
  return cluster.put(next);
}
