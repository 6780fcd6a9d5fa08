// The situations the Pipeline flight can find itself in, as cluster states.
import { withYokeMetadata, type KubeObject, type RunFlightOptions } from "@yoke-flight/testing";

export const pipeline = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "examples.com/v1",
  kind: "Pipeline",
  metadata: { name: "demo", namespace: "team-a" },
  spec,
});
export const RELEASE = "examples.com.Pipeline.team-a.demo";

/** A Job of this release, as the ATC applied it, with a condition set by the Job controller. */
export const job = (step: string, condition?: "Complete" | "Failed"): KubeObject =>
  withYokeMetadata(
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: `demo-${step}`, namespace: "team-a" },
      ...(condition && { status: { conditions: [{ type: condition, status: "True" }] } }),
    },
    RELEASE,
    "team-a",
    "atc.yoke",
  );

export const scenarios: Record<string, RunFlightOptions> = {
  "nothing started yet": { input: pipeline(), clusterAccess: true, cluster: [] },
  "job one running": { input: pipeline(), clusterAccess: true, cluster: [job("one")] },
  "job one complete": { input: pipeline(), clusterAccess: true, cluster: [job("one", "Complete")] },
  "jobs one and two complete": { input: pipeline(), clusterAccess: true, cluster: [job("one", "Complete"), job("two", "Complete")] },
  "all complete": { input: pipeline(), clusterAccess: true, cluster: [job("one", "Complete"), job("two", "Complete"), job("three", "Complete")] },
  "job two failed": { input: pipeline(), clusterAccess: true, cluster: [job("one", "Complete"), job("two", "Failed")] },
  "custom image and backoff limit": { input: pipeline({ image: "alpine:3.20", backoffLimit: 2 }), clusterAccess: true, cluster: [] },
  "YAML input": {
    input: "apiVersion: examples.com/v1\nkind: Pipeline\nmetadata:\n  name: demo\n  namespace: team-a\n",
    release: RELEASE,
    clusterAccess: true,
    cluster: [],
  },
  "no cluster access": { input: pipeline(), clusterAccess: false },
};
