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
      const failed = fails(job);
      cluster.setStatus(job, {
        ...(job.status as object | undefined),
        ...(failed ? { failed: 1 } : { succeeded: 1 }),
        conditions: [{ type: failed ? "Failed" : "Complete", status: "True", reason: failed ? "BackoffLimitExceeded" : "Completed" }],
      });
    }
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
