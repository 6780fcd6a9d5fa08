// The run both harness benchmarks time: the pipeline example's flight (.wasm
// and TypeScript entry) with its first Job Complete in the fake cluster.
import { FakeCluster, withYokeMetadata } from "@yoke-flight/testing";

const root = new URL("../../", import.meta.url).pathname;
export const WASM = `${root}examples/pipeline/dist/flight.wasm`;
export const ENTRY = `${root}examples/pipeline/src/flight.ts`;
const RELEASE = "examples.com.Pipeline.default.demo";
export const pipeline = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} };
const jobOne = withYokeMetadata(
  {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "demo-one", namespace: "default" },
    status: { conditions: [{ type: "Complete", status: "True" }] },
  },
  RELEASE,
  "default",
  "atc.yoke",
);

/** runFlight options (the .wasm and { entry } alike): the release's view of a cluster where demo-one is done. */
export const runOptions = () => ({ input: pipeline, release: RELEASE, clusterAccess: true, cluster: new FakeCluster([jobOne]) });
