// Stand-ins for the controllers a real cluster runs, for simulateAirway:
// each looks at the fake cluster after the ATC applied a flight's output
// and changes status the way the real controller eventually would.
import type { Controller } from "./simulate.js";
import type { KubeObject } from "./refs.js";

const conditionsOf = (o: KubeObject) => ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions) ?? [];
const finished = (job: KubeObject) => conditionsOf(job).some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");

/**
 * The Job controller: every unfinished Job completes, or fails when `fail`
 * says so (by name, or a predicate). With `oneAtATime`, only one Job
 * finishes per reconcile, like jobs that take time.
 */
export function jobController(options: { fail?: string[] | ((job: KubeObject) => boolean); oneAtATime?: boolean } = {}): Controller {
  const fails = (job: KubeObject) =>
    typeof options.fail === "function" ? options.fail(job) : (options.fail ?? []).includes(job.metadata.name!);
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
      ...previous, startTime: previous?.startTime ?? at, failed: 1,
      conditions: [condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"), condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")],
    }
    : {
      ...previous, startTime: previous?.startTime ?? at, completionTime: at, succeeded: 1,
      conditions: [condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"), condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")],
    };
}

/** The Deployment controller: every Deployment rolls out and becomes Available. */
export function deploymentController(): Controller {
  return ({ cluster }) => {
    for (const d of cluster.list("Deployment.apps")) {
      const replicas = ((d.spec as { replicas?: number } | undefined)?.replicas) ?? 1;
      const generation = (d.metadata.generation as number | undefined) ?? 1;
      const status = d.status as { observedGeneration?: number } | undefined;
      if (status?.observedGeneration === generation && conditionsOf(d).some((c) => c.type === "Available")) continue;
      cluster.setStatus(d, {
        observedGeneration: generation,
        replicas, availableReplicas: replicas, readyReplicas: replicas, updatedReplicas: replicas,
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
