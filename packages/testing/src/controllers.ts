// Stand-ins for the controllers a real cluster runs, for simulateAirway:
// each looks at the fake cluster after the ATC applied a flight's output
// and changes status the way the real controller eventually would.
// defaultControllers() are on unless a simulation turns them off: what a
// plain cluster does by itself (CRDs established, EndpointSlices for
// Services, workloads rolled out; a Namespace is Active as the API server
// creates it). Jobs finishing and Secrets appearing depend on the test, so
// they are opt-in.
import type { Controller } from "./simulate.js";
import type { KubeObject } from "./refs.js";

const conditionsOf = (o: KubeObject) => (o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
const finished = (job: KubeObject) => conditionsOf(job).some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");

/**
 * The Job controller: every unfinished Job completes, or fails when `fail`
 * says so (by name, or a predicate). With `oneAtATime`, only one Job
 * finishes per reconcile, like jobs that take time.
 */
export function jobController(options: { fail?: string[] | ((job: KubeObject) => boolean); oneAtATime?: boolean } = {}): Controller {
  const fails = (job: KubeObject) => (typeof options.fail === "function" ? options.fail(job) : (options.fail ?? []).includes(job.metadata.name!));
  return ({ cluster }) => {
    const pending = cluster.list("Job.batch").filter((job) => !finished(job));
    for (const job of options.oneAtATime ? pending.slice(0, 1) : pending) {
      cluster.setStatus(job, finishedJobStatus(job, fails(job)));
    }
  };
}

/**
 * A finished Job's status as Kubernetes 1.36's Job controller writes it and
 * its API server demands (start and completion times, the pod count, and the
 * SuccessCriteriaMet or FailureTarget condition before Complete or Failed;
 * checked by test/control-plane/apply.test.ts).
 */
export function finishedJobStatus(job: KubeObject, failed: boolean, at = "2026-01-01T00:00:00Z"): Record<string, unknown> {
  const condition = (type: string, reason: string, message: string) => ({ type, status: "True", lastProbeTime: at, lastTransitionTime: at, reason, message });
  const previous = job.status as Record<string, unknown> | undefined;
  return failed
    ? {
        ...previous,
        startTime: previous?.startTime ?? at,
        failed: 1,
        conditions: [
          condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
          condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
        ],
      }
    : {
        ...previous,
        startTime: previous?.startTime ?? at,
        completionTime: at,
        succeeded: 1,
        conditions: [
          condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
          condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"),
        ],
      };
}

/** The Deployment controller: every Deployment rolls out and becomes Available. */
export function deploymentController(): Controller {
  return ({ cluster }) => {
    for (const d of cluster.list("Deployment.apps")) {
      const replicas = (d.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const generation = (d.metadata.generation as number | undefined) ?? 1;
      const status = d.status as { observedGeneration?: number } | undefined;
      if (status?.observedGeneration === generation && conditionsOf(d).some((c) => c.type === "Available")) continue;
      cluster.setStatus(d, {
        observedGeneration: generation,
        replicas,
        availableReplicas: replicas,
        readyReplicas: replicas,
        updatedReplicas: replicas,
        conditions: [
          { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
          { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
        ],
      });
    }
  };
}

/**
 * A Crossplane provider: for every managed resource with
 * spec.writeConnectionSecretToReference, the connection Secret appears
 * (once the resource exists), with the given data.
 */
export function connectionSecretController(data: Record<string, string> = { username: "app", password: "s3cr3t", endpoint: "10.0.0.5" }): Controller {
  return ({ cluster }) => {
    for (const o of cluster.list()) {
      const ref = (o.spec as { writeConnectionSecretToReference?: { name: string; namespace: string } } | undefined)?.writeConnectionSecretToReference;
      if (!ref || cluster.find("v1", "Secret", ref.name, ref.namespace)) continue;
      cluster.put({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: ref.name, namespace: ref.namespace },
        type: "connection.crossplane.io/v1alpha1",
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
      });
    }
  };
}

/** The apiextensions-apiserver: every CRD's names are accepted and it becomes Established. */
export function crdController(): Controller {
  return ({ cluster }) => {
    for (const crd of cluster.list("CustomResourceDefinition.apiextensions.k8s.io")) {
      if (conditionsOf(crd).some((c) => c.type === "Established" && c.status === "True")) continue;
      const names = (crd.spec as { names?: object } | undefined)?.names;
      cluster.setStatus(crd, {
        ...(crd.status as object | undefined),
        acceptedNames: names,
        conditions: [
          { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" },
          { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
        ],
        storedVersions: ((crd.spec as { versions?: { name: string; storage?: boolean }[] } | undefined)?.versions ?? [])
          .filter((v) => v.storage)
          .map((v) => v.name),
      });
    }
  };
}

/** The EndpointSlice controller: a Service with a selector gets an EndpointSlice labelled kubernetes.io/service-name. */
export function endpointSliceController(): Controller {
  return ({ cluster }) => {
    for (const svc of cluster.list("Service")) {
      if (!(svc.spec as { selector?: object } | undefined)?.selector) continue;
      const ns = svc.metadata.namespace ?? "default";
      const exists = cluster.list(`${ns}/EndpointSlice.discovery.k8s.io`).some((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc.metadata.name);
      if (exists) continue;
      cluster.put({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          name: `${svc.metadata.name}-sim`,
          namespace: ns,
          labels: { "kubernetes.io/service-name": svc.metadata.name!, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
        },
        addressType: "IPv4",
        endpoints: [],
        ports: [],
      });
    }
  };
}

/** The StatefulSet controller: every StatefulSet rolls out all its replicas. */
export function statefulSetController(): Controller {
  return rollout("StatefulSet.apps", (replicas) => ({
    replicas,
    availableReplicas: replicas,
    readyReplicas: replicas,
    updatedReplicas: replicas,
    currentReplicas: replicas,
  }));
}

/** The DaemonSet controller: every DaemonSet is scheduled on one node and ready there. */
export function daemonSetController(): Controller {
  return rollout("DaemonSet.apps", () => ({
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    updatedNumberScheduled: 1,
    numberAvailable: 1,
    numberReady: 1,
  }));
}

function rollout(matcher: string, counts: (replicas: number) => Record<string, number>): Controller {
  return ({ cluster }) => {
    for (const o of cluster.list(matcher)) {
      const generation = (o.metadata.generation as number | undefined) ?? 1;
      if ((o.status as { observedGeneration?: number } | undefined)?.observedGeneration === generation) continue;
      const replicas = (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      cluster.setStatus(o, { ...(o.status as object | undefined), observedGeneration: generation, ...counts(replicas) });
    }
  };
}

/** What a plain cluster does by itself, on in every simulation unless `defaultControllers: false`. */
export function defaultControllers(): Controller[] {
  return [crdController(), endpointSliceController(), deploymentController(), statefulSetController(), daemonSetController()];
}
