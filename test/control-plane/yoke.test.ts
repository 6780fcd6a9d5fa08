// Part B: yoke's own CLI (cmd/yoke at the version test/conformance/go.mod
// pins, built by scripts/setup-go.sh where yoke resolves) on the real control
// plane. `yoke takeoff --cluster-access` of both examples, step by step, in
// `default` and in another namespace; between steps the harness's own
// controller stand-ins (jobController, connectionSecretController,
// deploymentController) play the cluster's controllers on the real objects.
// Before each takeoff, runFlight on a FakeCluster holding the same objects
// predicts what yoke will do; the test holds yoke to the prediction.
// Where yoke does not resolve, one loud SKIPPED line; part A runs regardless.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { airwayCRD } from "@yoke-flight/openapi";
import {
  FakeCluster,
  atcReleaseName,
  canonical,
  connectionSecretController,
  deploymentController,
  jobController,
  messages,
  ownerFrom,
  resourceRef,
  runFlight,
  simulateAirway,
  type Controller,
  type FlightRun,
  type KubeObject,
} from "@yoke-flight/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the Go conformance suite
import { goSuiteSkipped } from "../conformance/go-suite.mjs";
import { CLOUDSQL_CRD, exampleAirway, exampleAirways, exampleWasm } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { playControllers, realObjects } from "./lib/controllers.js";
import { apply, established } from "./lib/kube.js";

const YOKE = fileURLToPath(new URL("../../.cache/conformance/bin/yoke", import.meta.url));
const skipped = (goSuiteSkipped() as string | undefined) ?? (existsSync(YOKE) ? undefined : "scripts/setup-go.sh did not build yoke's cmd/yoke");
// One line for part B (this file and atc.test.ts, which skips silently for the same reason).
if (skipped) process.stderr.write(`\n*** SKIPPED: yoke's CLI and ATC on the real control plane (test/control-plane/yoke.test.ts, atc.test.ts): ${skipped}\n\n`);

const airways = await exampleAirways();
const airwayOf = (example: string) => exampleAirway(airways, example);
const wasm = exampleWasm;
/** The kinds a step looks at, in the real server and in the FakeCluster. */
const KINDS = [
  ["batch/v1", "Job"],
  ["apps/v1", "Deployment"],
  ["v1", "Secret"],
  ["database.gcp.crossplane.io/v1beta1", "CloudSQLInstance"],
  ["examples.com/v1", "Pipeline"],
  ["examples.com/v1", "App"],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
] as const;

interface Example {
  example: string;
  namespace: string;
  instance: KubeObject;
  resourceAccess: string[];
  controllers: () => Controller[];
}

describe.skipIf(skipped !== undefined)("yoke takeoff --cluster-access on a real control plane", () => {
  const controlPlane = useControlPlane();
  let kc: KubeConfig;
  let dir: string;
  beforeAll(async () => {
    kc = controlPlane().kubeConfig();
    dir = mkdtempSync(join(tmpdir(), "yoke-takeoff-"));
    writeFileSync(join(dir, "kubeconfig"), controlPlane().kubeConfigYAML("admin"));
    for (const crd of [airwayCRD(airwayOf("pipeline")), airwayCRD(airwayOf("app")), CLOUDSQL_CRD]) {
      await apply(kc, crd as KubernetesObject);
      await established(kc, crd.metadata.name);
    }
    for (const name of ["demo", "other"]) await apply(kc, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const clusterObjects = () => realObjects(kc, KINDS);
  const runControllers = (controllers: Controller[], instance: KubeObject) => playControllers(kc, KINDS, controllers, instance);

  function takeoff(release: string, flight: string, namespace: string, input: KubeObject, resourceAccess: string[]) {
    const args = [
      "takeoff",
      "--kubeconfig",
      join(dir, "kubeconfig"),
      "--namespace",
      namespace,
      "--cluster-access",
      ...resourceAccess.flatMap((m) => ["--resource-access", m]),
      release,
      flight,
    ];
    return spawnSync(YOKE, args, { input: JSON.stringify(input), encoding: "utf8", timeout: 60_000, env: { ...process.env, HOME: dir } });
  }

  /** What yoke's release holds in the real server: kind/name of each object carrying its annotations. */
  const releaseObjects = (objects: KubeObject[], release: string, namespace: string) =>
    objects
      .filter(
        (o) => o.metadata.annotations?.["instance.atc.yoke.cd/release"] === release && o.metadata.annotations?.["instance.atc.yoke.cd/namespace"] === namespace,
      )
      .map(resourceRef)
      .sort();
  const predictedObjects = (run: FlightRun, namespace: string) =>
    run.resources
      .map((r) =>
        resourceRef({ ...r, metadata: { ...r.metadata, namespace: r.metadata.namespace ?? (r.kind === "CloudSQLInstance" ? undefined : namespace) } }),
      )
      .sort();

  async function stepByStep({ example, namespace, instance, resourceAccess, controllers }: Example) {
    const release = instance.metadata.name!;
    const input = { ...instance, metadata: { ...instance.metadata, namespace } };
    const steps: { predicted: string; yoke: string; objects: string[]; changed: string[] }[] = [];
    for (let step = 0; step < 6; step++) {
      const predicted = await runFlight(wasm(example), {
        input,
        release,
        namespace,
        clusterAccess: true,
        resourceAccessMatchers: resourceAccess,
        cluster: new FakeCluster(await clusterObjects()),
      });
      const yoke = takeoff(release, wasm(example), namespace, input, resourceAccess);
      const objects = releaseObjects(await clusterObjects(), release, namespace);
      const msg = (predicted.resources[0]?.status as { msg?: string } | undefined)?.msg;
      if (!predicted.ok) {
        // The flight failed: yoke must refuse too, with the flight's error.
        expect(yoke.status, `step ${step}: the harness predicted a failure (${predicted.error}); yoke:\n${yoke.stderr}`).not.toBe(0);
        const reason =
          predicted.stderr
            .split("\n")
            .find((l) => l.startsWith("Error: "))
            ?.slice("Error: ".length) ?? predicted.error!;
        expect(yoke.stderr).toContain(reason);
        steps.push({ predicted: `failed: ${reason}`, yoke: "failed", objects, changed: [] });
        break;
      }
      expect(yoke.status, `step ${step}: yoke takeoff failed:\n${yoke.stderr}`).toBe(0);
      expect(objects, `step ${step}: what yoke applied`).toEqual(predictedObjects(predicted, namespace));
      const changed = await runControllers(controllers(), input);
      steps.push({ predicted: msg ?? "", yoke: "applied", objects, changed });
      if (changed.length === 0) break;
    }
    return steps;
  }

  const pipeline = (namespace: string, name: string): Example => ({
    example: "pipeline",
    namespace,
    resourceAccess: [],
    controllers: () => [jobController()],
    instance: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name }, spec: {} },
  });
  const app = (namespace: string, name: string): Example => ({
    example: "app",
    namespace,
    resourceAccess: ["Secret"],
    controllers: () => [connectionSecretController(), deploymentController()],
    instance: { apiVersion: "examples.com/v1", kind: "App", metadata: { name }, spec: { image: "ghcr.io/acme/web:1.4.0" } },
  });

  // In order: each step is yoke's own takeoff, predicted by runFlight (the Jobs are looked up in the release namespace).
  it.each([
    ["pipeline in default: one Job after another, to the end", "default", "demo"],
    ["pipeline in another namespace: one Job after another, to the end, as the harness predicts", "other", "solo"],
    ["pipeline in another namespace, with a same-named release in default: to the end, as the harness predicts", "demo", "demo"],
  ])(
    "%s",
    async (_, namespace, name) => {
      const steps = await stepByStep(pipeline(namespace, name));
      const waiting = ["one", "two", "three"].map((job) => `waiting for job ${name}-${job} to complete`);
      expect(steps.map((s) => s.predicted)).toEqual([...waiting, "all jobs have completed"]);
    },
    120_000,
  );

  it.each([
    ["app in default: the database, its secret, the deployment, ready", "default", "web"],
    ["app in another namespace: to ready, as the harness predicts", "other", "api"],
  ])(
    "%s",
    async (_, namespace, name) => {
      const steps = await stepByStep(app(namespace, name));
      expect(steps.map((s) => s.predicted)).toEqual([
        "Waiting for connection secret to be created",
        "waiting for application to become ready",
        "application deployed and ready",
      ]);
    },
    120_000,
  );

  it("app web in another namespace: yoke refuses to take over the cluster-scoped database of app web in default, as simulateAirway does", async () => {
    const { instance, resourceAccess } = app("other", "web");
    const input = { ...instance, metadata: { ...instance.metadata, namespace: "other" } };
    const database = canonical({ apiVersion: "database.gcp.crossplane.io/v1beta1", kind: "CloudSQLInstance", metadata: { name: "web" } });
    const yoke = takeoff("web", wasm("app"), "other", input, resourceAccess);
    expect(yoke.status).not.toBe(0);
    expect(yoke.stderr).toContain(messages.ownershipConflict(database, "other/web", "default/web"));
    // Under the ATC the same refusal comes from the admission webhook's dry run when the instance is created.
    const sim = simulateAirway({
      flight: wasm("app"),
      airway: airwayOf("app"),
      instance: input,
      cluster: new FakeCluster(await clusterObjects()),
      controllers: [connectionSecretController()],
    });
    await expect(sim).rejects.toThrow(messages.ownershipConflict(database, ownerFrom(atcReleaseName(input), "other"), "default/web"));
  }, 120_000);
});
