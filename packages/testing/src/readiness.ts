// When the ATC considers a released resource ready (yokecd/yoke
// internal/k8s/readiness.go isReady): workloads by their status, Jobs by
// their conditions (a failed Job is an error), instances of an Airway by
// their Ready condition, then the cluster's custom readiness ConfigMaps,
// everything else at once.
import type { FakeCluster } from "./cluster.js";
import { meetsConditions } from "./conditions.js";
import { customCheckFor, loadCustomReadiness, type CustomCheck } from "./custom-readiness.js";
import { groupOf, type KubeObject } from "./refs.js";

export type Readiness = { ready: true } | { ready: false; error?: string };

/**
 * yoke's isReady for one live resource. Custom readiness comes from the
 * cluster's ConfigMaps (pass `custom` to reuse checks already loaded).
 */
export function readiness(resource: KubeObject, cluster: FakeCluster, custom: Map<string, CustomCheck> = loadCustomReadiness(cluster)): Readiness {
  const group = groupOf(resource.apiVersion);
  const status = (resource.status ?? {}) as Record<string, unknown>;
  const int = (key: string) => (typeof status[key] === "number" ? (status[key] as number) : 0);
  const equalInts = (...keys: string[]) => keys.every((k) => int(k) === int(keys[0]!));
  const observed = () => int("observedGeneration") === ((resource.metadata as { generation?: number }).generation ?? 0);
  const ok = (ready: boolean): Readiness => (ready ? { ready: true } : { ready: false });

  switch (`${group}/${resource.kind}`) {
    case "/Namespace":
      return ok(status.phase === "Active");
    case "/Pod":
      return ok(meetsConditions(resource, "Initialized", "ContainersReady", "Ready"));
    case "/Service":
      return ok(
        cluster
          .list(`${resource.metadata.namespace ?? ""}/EndpointSlice.discovery.k8s.io`)
          .some((slice) => slice.metadata.labels?.["kubernetes.io/service-name"] === resource.metadata.name),
      );
    case "apps/Deployment":
      return ok(observed() && meetsConditions(resource, "Available") && equalInts("replicas", "availableReplicas", "readyReplicas", "updatedReplicas"));
    case "apps/ReplicaSet":
    case "apps/StatefulSet":
      return ok(observed() && equalInts("replicas", "availableReplicas", "readyReplicas", "updatedReplicas"));
    case "apps/DaemonSet":
      return ok(observed() && equalInts("currentNumberScheduled", "desiredNumberScheduled", "updatedNumberScheduled", "numberAvailable", "numberReady"));
    case "batch/Job":
      if (meetsConditions(resource, "Failed")) return { ready: false, error: "job has failed" };
      return ok(meetsConditions(resource, "Complete"));
    case "apiextensions.k8s.io/CustomResourceDefinition":
      return ok(meetsConditions(resource, "Established"));
    case "yoke.cd/Airway":
    case "yoke.cd/Flight":
    case "yoke.cd/ClusterFlight":
      return ok(meetsConditions(resource, "Ready"));
  }
  const ownedByAirway = ((resource.metadata.ownerReferences as { apiVersion: string; kind: string }[] | undefined) ?? []).some(
    (r) => r.apiVersion === "yoke.cd/v1alpha1" && r.kind === "Airway",
  );
  if (ownedByAirway) return ok(meetsConditions(resource, "Ready"));
  const check = customCheckFor(custom, resource);
  return check ? check(resource) : { ready: true };
}
