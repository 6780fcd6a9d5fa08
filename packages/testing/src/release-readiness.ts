// Whether a released set of resources is ready, as the ATC's readiness step
// decides it after a takeoff (yokecd/yoke internal/atc/reconciler_instance.go,
// the deferred readiness check; internal/k8s/k8s.go IsReady): each resource
// is read back from the cluster and judged by internal/k8s/readiness.go.
import type { FakeCluster } from "./cluster.js";
import { notFound } from "./messages.js";
import { canonical, groupOf, resourceRef, type KubeObject } from "./refs.js";
import type { Readiness } from "./readiness.js";

/** Judges one live resource (built-in rules, then custom readiness). */
export type CheckReadiness = (resource: KubeObject) => Readiness;

export interface ReleaseReadiness {
  /** Resources not ready yet (the ATC stops at the first one; a stage wait looks at all). */
  pending: KubeObject[];
  /** References of the resources found ready. */
  ready: string[];
  /** Resources whose readiness is an error (a failed Job, a broken Lua check...). */
  errors: { ref: string; canonical: string; error: string }[];
}

export function releaseReadiness(
  cluster: FakeCluster,
  resources: KubeObject[],
  isReady: CheckReadiness,
  options: { stopAtPending: boolean },
): ReleaseReadiness {
  const result: ReleaseReadiness = { pending: [], ready: [], errors: [] };
  for (const resource of resources) {
    const live = cluster.find(resource.apiVersion, resource.kind, resource.metadata.name!, resource.metadata.namespace);
    if (!live) {
      // GetInClusterState of a missing object: the API server's NotFound (or the mapping's error).
      const mapping = cluster.mapping(resource.apiVersion, resource.kind);
      const error =
        typeof mapping === "string"
          ? `failed to get dynamic resource interface: ${mapping}`
          : notFound(groupOf(resource.apiVersion), mapping.resource, resource.metadata.name ?? "");
      result.errors.push({ ref: resourceRef(resource), canonical: canonical(resource), error: `failed to get in cluster state: ${error}` });
      continue;
    }
    const state = isReady(live);
    if (!state.ready && state.error) result.errors.push({ ref: resourceRef(live), canonical: canonical(live), error: state.error });
    else if (state.ready) result.ready.push(resourceRef(live));
    else if (!state.ready) {
      result.pending.push(live);
      if (options.stopAtPending) break;
    }
  }
  return result;
}
