// `flight run` of the Pipeline example in a non-default namespace (issue 10 C):
// a Job the flight emits without a namespace is created by yoke in the
// release namespace, and the flight's lookup of it must look there too.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { dump } from "js-yaml";
import { flight } from "./cli.js";

const PIPELINE = fileURLToPath(new URL("../../../examples/pipeline/dist/flight.wasm", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "flight-run-namespace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const owned = (namespace: string, release: string) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: {
    name: "q-one",
    namespace,
    annotations: { "instance.atc.yoke.cd/release": release, "instance.atc.yoke.cd/namespace": "demo" },
  },
  status: { conditions: [{ type: "Complete", status: "True" }] },
});

describe("flight run in namespace demo", () => {
  it("finds the release's Complete demo/q-one and moves on to q-two", () => {
    const input = join(dir, "pipeline.yaml");
    const cluster = join(dir, "cluster.yaml");
    writeFileSync(input, dump({ apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "q", namespace: "demo" }, spec: {} }));
    writeFileSync(cluster, dump([owned("demo", "q")]));
    const run = flight(["run", PIPELINE, "-i", input, "--namespace", "demo", "--release", "q", "--cluster-access", "--cluster", cluster]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("waiting for job q-two to complete");
    expect(run.stdout).not.toContain("waiting for job q-one");
  });

  it("is not confused by a default/q-one of another release", () => {
    const input = join(dir, "pipeline.yaml");
    const cluster = join(dir, "cluster-other.yaml");
    writeFileSync(
      cluster,
      dump([
        owned("demo", "q"),
        {
          ...owned("default", "other"),
          metadata: {
            ...owned("default", "other").metadata,
            annotations: { "instance.atc.yoke.cd/release": "other", "instance.atc.yoke.cd/namespace": "default" },
          },
        },
      ]),
    );
    const run = flight(["run", PIPELINE, "-i", input, "--namespace", "demo", "--release", "q", "--cluster-access", "--cluster", cluster]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("waiting for job q-two to complete");
  });
});
