// A Pipeline runs three Jobs in sequence. Each run of the flight emits the
// pipeline (for its status) and the jobs started so far; the ATC runs it
// again whenever one of those jobs changes.
import { hasCondition, input, isErrNotFound, k8s, output } from "@yoke-flight/sdk";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { Pipeline } from "./types.js";

const STEPS = ["one", "two", "three"] as const;

const pipeline = input<Pipeline>();
const resources: object[] = [pipeline];
const status = (msg: string) => (pipeline.status = { msg });

function job(step: (typeof STEPS)[number]): IJob {
  const spec = pipeline.spec ?? {};
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${pipeline.metadata.name}-${step}` },
    spec: {
      ...(spec.backoffLimit !== undefined && { backoffLimit: spec.backoffLimit }),
      template: {
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "step", image: spec.image ?? "busybox:1.36", command: ["sh", "-c", `echo ${step}`] }],
        },
      },
    },
  };
}

/** Whether the job finished; sets the pipeline's status when it has not. */
function hasCompleted(desired: IJob): boolean {
  const name = desired.metadata!.name!;
  let live: IJob | null = null;
  try {
    live = k8s.lookupResource(desired);
  } catch (e) {
    if (!isErrNotFound(e)) throw new Error(`failed to lookup job ${name}: ${(e as Error).message}`, { cause: e });
  }
  if (hasCondition(live, "Failed")) {
    status(`job ${name} failed`);
    return false;
  }
  if (!hasCondition(live, "Complete")) {
    status(`waiting for job ${name} to complete`);
    return false;
  }
  return true;
}

function run(): void {
  for (const step of STEPS) {
    const desired = job(step);
    resources.push(desired);
    if (!hasCompleted(desired)) return;
  }
  status("all jobs have completed");
}

run();
output(resources);
