// Part B: yoke's own ATC (cmd/atc, built by scripts/setup-go.sh where yoke
// resolves) out of cluster, with its webhooks reachable: the whole control
// plane runs in a network namespace this test creates, the ATC's Service
// resolves through an EndpointSlice to an address on that namespace's
// loopback (kube-apiserver --enable-aggregator-routing), and the ATC
// authenticates as its service account (its webhooks exempt that user).
// One scenario format (SCENARIOS) read by both the real ATC and
// simulateAirway: the sequence of observable states (the instance's status
// message and Ready condition, the release's resources) and the end state
// are the same; the harness's controller stand-ins play the cluster's
// controllers on the real objects in between.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { buildFlight } from "@yoke-flight/cli";
import { type Airway } from "@yoke-flight/openapi";
import {
  FakeCluster,
  atcReleaseName,
  connectionSecretController,
  deploymentController,
  jobController,
  resourceRef,
  simulateAirway,
  type Condition,
  type Controller,
  type KubeObject,
} from "@yoke-flight/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the Go conformance suite
import { goSuiteSkipped } from "../conformance/go-suite.mjs";
import { CLOUDSQL_CRD, exampleAirway, exampleAirways, exampleWasm } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { playControllers, realObjects } from "./lib/controllers.js";
import { apply, asIs, create, read, retrying, statusOf, until } from "./lib/kube.js";

const ATC = fileURLToPath(new URL("../../.cache/conformance/bin/atc", import.meta.url));
const FILE_SERVER = fileURLToPath(new URL("./lib/file-server.mjs", import.meta.url));
const skipped = (goSuiteSkipped() as string | undefined) ?? (existsSync(ATC) ? undefined : "scripts/setup-go.sh did not build yoke's cmd/atc");
// Where yoke does not resolve, yoke.test.ts prints the one SKIPPED line for part B.

const ADDRESS = "192.0.2.10";
const ATC_USER = "system:serviceaccount:atc:atc-service-account";
const airways = await exampleAirways();
const airwayOf = (example: string) => exampleAirway(airways, example);
const wasm = exampleWasm;

/** The kinds whose objects make up what can be seen of a release. */
const KINDS = [
  ["batch/v1", "Job"],
  ["apps/v1", "Deployment"],
  ["v1", "Secret"],
  ["database.gcp.crossplane.io/v1beta1", "CloudSQLInstance"],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
  ["widgets.yoke-flight.dev/v1", "Widget"],
] as const;

/** One scenario, read by both the real ATC and simulateAirway. */
interface AtcScenario {
  name: string;
  airway: Airway;
  /** The flight module, and the name the file server serves it under. */
  wasm: string;
  served: string;
  instance: KubeObject;
  /** What the cluster holds first (another operator's CRD). */
  setup: KubernetesObject[];
  controllers: () => Controller[];
  /** Differences allowed between the ATC and the simulation: which state, which part, and why. */
  allowed: { state: number; part: "Ready"; why: string }[];
}

/** Flights of this file (flights/*.ts), built before the tests into a temp dir removed after them. */
const BUILT = join(tmpdir(), `yoke-flight-atc-flights-${process.pid}`);
const built = (name: string) => join(BUILT, `${name}.wasm`);
const GROUP = "atc.yoke-flight.dev";
const ownAirway = (kind: string, mode: Airway["spec"]["mode"]): Airway => ({
  apiVersion: "yoke.cd/v1alpha1",
  kind: "Airway",
  metadata: { name: `${kind.toLowerCase()}s.${GROUP}` },
  spec: {
    wasmUrls: { flight: "http://127.0.0.1/unused" },
    mode,
    clusterAccess: true,
    template: {
      group: GROUP,
      names: { kind, plural: `${kind.toLowerCase()}s` },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                status: { type: "object", properties: { msg: { type: "string" } } },
              },
            },
          },
        },
      ],
    },
  },
});

const SCENARIOS: AtcScenario[] = [
  {
    name: "pipeline, dynamic mode",
    airway: airwayOf("pipeline"),
    wasm: wasm("pipeline"),
    served: "pipeline.wasm",
    setup: [],
    instance: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} },
    controllers: () => [jobController()],
    allowed: [],
  },
  {
    name: "app, dynamic mode",
    airway: airwayOf("app"),
    wasm: wasm("app"),
    served: "app.wasm",
    setup: [CLOUDSQL_CRD as KubernetesObject],
    instance: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "web", namespace: "default" }, spec: { image: "ghcr.io/acme/web:1.4.0" } },
    controllers: () => [connectionSecretController(), deploymentController()],
    allowed: [],
  },
  {
    name: "pipeline, subscription mode",
    airway: { ...airwayOf("pipeline"), spec: { ...airwayOf("pipeline").spec, mode: "subscription" } },
    wasm: wasm("pipeline"),
    served: "pipeline.wasm",
    setup: [],
    instance: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "sub", namespace: "default" }, spec: {} },
    controllers: () => [jobController()],
    allowed: [],
  },
  {
    name: "pipeline, a Job fails",
    airway: airwayOf("pipeline"),
    wasm: wasm("pipeline"),
    served: "pipeline.wasm",
    setup: [],
    instance: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "bad", namespace: "default" }, spec: {} },
    controllers: () => [jobController({ fail: ["bad-two"] })],
    allowed: [],
  },
  {
    name: "a flight whose output creates a CRD and an instance of it",
    airway: { ...ownAirway("Stack", "dynamic"), spec: { ...ownAirway("Stack", "dynamic").spec, skipAdmissionWebhook: true } },
    wasm: built("crd-then-instance"),
    served: "crd-then-instance.wasm",
    setup: [],
    instance: { apiVersion: `${GROUP}/v1`, kind: "Stack", metadata: { name: "tall", namespace: "default" }, spec: { size: 3 } },
    controllers: () => [],
    allowed: [],
  },
  {
    name: "a flight that fails after writing its status",
    airway: ownAirway("Worker", "dynamic"),
    wasm: built("fails-after-status"),
    served: "fails-after-status.wasm",
    setup: [],
    instance: { apiVersion: `${GROUP}/v1`, kind: "Worker", metadata: { name: "w", namespace: "default" }, spec: {} },
    controllers: () => [jobController()],
    allowed: [],
  },
];

describe.skipIf(skipped !== undefined)("yoke's ATC out of cluster, webhooks reachable", () => {
  const controlPlane = useControlPlane({
    netns: { name: `yoke-flight-atc-${process.pid}`, address: ADDRESS },
    apiserverFlags: ["--enable-aggregator-routing=true"],
    identities: { atc: { user: ATC_USER, groups: ["system:masters"] } },
    serviceNames: ["atc.atc.svc"],
  });
  let kc: KubeConfig;

  beforeAll(async () => {
    mkdirSync(BUILT, { recursive: true });
    for (const name of ["crd-then-instance", "fails-after-status"]) {
      await buildFlight({ entry: fileURLToPath(new URL(`./flights/${name}.ts`, import.meta.url)), outFile: built(name), typecheck: false, sourcemap: "none" });
    }
    kc = controlPlane().kubeConfig();
    await apply(kc, { apiVersion: "v1", kind: "Namespace", metadata: { name: "atc" } });
    await apply(kc, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "atc", namespace: "atc" },
      spec: { ports: [{ name: "https", port: 443, targetPort: 3000, protocol: "TCP" }] },
    } as KubernetesObject);
    await apply(kc, {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "atc", namespace: "atc", labels: { "kubernetes.io/service-name": "atc" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [ADDRESS] }],
      ports: [{ name: "https", port: 3000, protocol: "TCP" }],
    } as KubernetesObject);
    const plane = controlPlane();
    const served = new Map(SCENARIOS.map((s) => [s.served, s.wasm]));
    await plane.startProcess({
      name: "file-server",
      command: process.execPath,
      args: [FILE_SERVER, "127.0.0.1", "8080", ...[...served].map(([name, path]) => `${name}=${path}`)],
    });
    await plane.startProcess({
      name: "atc",
      command: ATC,
      args: [],
      env: {
        KUBE: "{dir}/atc.kubeconfig",
        TLS_CA_CERT: "{dir}/ca.crt",
        TLS_SERVER_CERT: "{dir}/service.crt",
        TLS_SERVER_KEY: "{dir}/service.key",
        SVC_NAME: "atc",
        SVC_NAMESPACE: "atc",
        SVC_PORT: "443",
        PORT: "3000",
        CACHE_FS: "{dir}",
        MODULE_ALLOW_LIST: "",
      },
    });
    await until(
      "the ATC's Airway CRD",
      async () => {
        const crd = await read<KubernetesObject & { status?: { conditions?: Condition[] } }>(kc, {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          metadata: { name: "airways.yoke.cd" },
        }).catch(() => undefined);
        return crd?.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ? crd : undefined;
      },
      60_000,
    );
  }, 120_000);
  afterAll(() => rmSync(BUILT, { recursive: true, force: true }));

  /** What can be seen of a run: the instance's status message, its Ready condition, the release's resources. */
  const state = (msg: string | undefined, ready: Condition | undefined, resources: string[]) =>
    `${msg ?? "-"} | Ready ${ready?.status ?? "-"} ${ready?.reason ?? "-"} | ${resources.sort().join(" ") || "-"}`;
  const dedupe = (states: string[]) => states.filter((s, i) => states[i - 1] !== s);

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the same sequence of states as simulateAirway, to the same end`, async () => {
      const served = { ...scenario.airway, spec: { ...scenario.airway.spec, wasmUrls: { flight: `http://127.0.0.1:8080/${scenario.served}` } } };
      for (const object of scenario.setup) await apply(kc, object);
      // The ATC registers its webhooks before it listens: until then the API server's call is refused.
      // Right after the Airway CRD is Established, discovery may not list yoke.cd/v1alpha1 yet.
      await until(
        "the ATC to answer its Airway webhook",
        () =>
          apply(kc, asIs(served) as unknown as KubernetesObject).catch((e: unknown) => {
            if (e instanceof Error && e.message.startsWith("Unrecognized API version and kind")) return undefined;
            if (statusOf(e).message.includes("connect: connection refused")) return undefined;
            throw e;
          }),
        30_000,
      );
      await until(
        "the Airway to be Ready",
        async () => {
          const a = await read<KubernetesObject & { status?: { conditions?: Condition[] } }>(kc, {
            apiVersion: "yoke.cd/v1alpha1",
            kind: "Airway",
            metadata: { name: served.metadata.name },
          });
          return a.metadata?.generation === a.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True")?.observedGeneration ? a : undefined;
        },
        60_000,
      );

      const sim = await simulateAirway({
        flight: scenario.wasm,
        airway: scenario.airway,
        instance: scenario.instance,
        controllers: scenario.controllers(),
        cluster: new FakeCluster(scenario.setup as KubeObject[]),
      });
      // The release's resources after each iteration: what it applied, or what it held before when the run or the takeoff failed.
      let held: string[] = [];
      const simulated = sim.iterations.map((i) => {
        if (i.applied.length || i.ready.reason !== "Error") held = i.applied.map(resourceRef);
        return state((i.status as { msg?: string }).msg, i.ready, held);
      });
      const expected = dedupe(simulated);
      const release = atcReleaseName(scenario.instance);
      const ownedByRelease = (objects: KubeObject[]) =>
        objects.filter((o) => o.metadata.annotations?.["instance.atc.yoke.cd/release"] === release).map(resourceRef);
      await until(
        "the instance's kind to be served",
        () =>
          retrying(() => create(kc, scenario.instance as KubernetesObject)).catch((e: unknown) => {
            if (e instanceof Error && e.message.startsWith("Unrecognized API version and kind")) return undefined;
            throw e;
          }),
        30_000,
      );
      // A state counts once it holds for two polls in a row: the ATC writes the status and the Ready
      // condition in separate requests, and applies a run's resources before either.
      const observed: string[] = [];
      let candidate = "";
      const final = await until(
        `${scenario.name}: the ATC to show the states of the simulation (so far: ${JSON.stringify(observed)})`,
        async () => {
          const now = await read<KubernetesObject & KubeObject>(kc, scenario.instance as never);
          const status = now.status as { msg?: string; conditions?: Condition[] } | undefined;
          const ready = status?.conditions?.find((c) => c.type === "Ready");
          // Before its first flight run the ATC has written no status (or only its conditions).
          if (status === undefined) return undefined;
          // While a takeoff applies its stages (waiting up to 30 s for each but the last to be ready) the ATC shows
          // "Flight is taking off"; simulateAirway has no state between a run and its end.
          if (ready?.message === "Flight is taking off") return undefined;
          const seen = state(status.msg, ready, ownedByRelease(await realObjects(kc, KINDS)));
          if (seen !== candidate) {
            candidate = seen;
            return undefined;
          }
          if (observed.at(-1) === seen) return undefined;
          observed.push(seen);
          // Done once the ATC has shown as many states as the simulation, or is Ready in the simulation's
          // last state (a Ready state before it, e.g. the App waiting for its Secret, goes on when the cluster changes).
          if (observed.length >= expected.length || (ready?.status === "True" && seen === expected.at(-1))) return now;
          await playControllers(kc, KINDS, scenario.controllers(), now);
          return undefined;
        },
        90_000,
      );

      const allowing = (states: string[]) =>
        states.map((s, i) => {
          const parts = s.split(" | ");
          for (const allowed of scenario.allowed) if (allowed.state === i) parts[1] = `Ready (allowed to differ: ${allowed.why})`;
          return parts.join(" | ");
        });
      expect(allowing(dedupe(observed))).toEqual(allowing(expected));
      expect((final.status as { msg?: string }).msg).toBe((sim.status as { msg?: string }).msg);
    }, 180_000);
  }
});
