// A flight that writes its status and a Job on its first run, and fails once
// the Job has completed, for the ATC scenarios of test/control-plane/atc.test.ts.
import { hasCondition, input, isErrNotFound, k8s, output } from "@yoke-flight/sdk";

const worker = input<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; status?: unknown }>();
const job = {
  apiVersion: "batch/v1", kind: "Job", metadata: { name: `${worker.metadata.name}-work`, namespace: worker.metadata.namespace },
  spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "work", image: "busybox:1.36" }] } } },
};
let live = null;
try {
  live = k8s.lookupResource(job);
} catch (e) {
  if (!isErrNotFound(e)) throw e;
}
if (hasCondition(live, "Complete")) throw new Error(`job ${job.metadata.name} completed: this flight fails on purpose after writing its status`);
worker.status = { msg: "working" };
output([worker, job]);
