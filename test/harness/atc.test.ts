// simulateAirway against yoke v0.20.27's ATC, behaviour by behaviour, on
// flights built from flights/atc-*.ts: each simulation runs the built .wasm
// and the same TypeScript in-process, and the two must agree.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  FakeCluster,
  SimulationError,
  jobController,
  readiness,
  runFlight,
  simulateAirway,
  simulateFlight,
  summarizeSimulation,
  withYokeMetadata,
  type AirwayLike,
  type KubeObject,
  type SimulateOptions,
  type Simulation,
} from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import { flight } from "./build.js";

const entry = (name: string) => fileURLToPath(new URL(`./flights/${name}.ts`, import.meta.url));
const NS = "team-a";

/** The simulation through the .wasm and in-process; both must tell the same story. */
async function simulate(name: string, options: Omit<SimulateOptions, "flight">): Promise<Simulation> {
  const [wasm, node] = await Promise.all([
    simulateAirway({ ...options, flight: await flight(name), cluster: cloneCluster(options.cluster) }),
    simulateAirway({ ...options, flight: { entry: entry(name) }, cluster: cloneCluster(options.cluster) }),
  ]);
  // In-process stack traces name other files than the .wasm's source-mapped ones: compare errors by their first line.
  const firstLines = (sim: Simulation) => JSON.parse(JSON.stringify(summarizeSimulation(sim)), (_key, v) => (typeof v === "string" ? v.split("\n")[0] : v));
  expect(firstLines(node)).toEqual(firstLines(wasm));
  return wasm;
}
const cloneCluster = (c: SimulateOptions["cluster"]) => (c instanceof FakeCluster ? FakeCluster.from(c.state()) : structuredClone(c));

const EMIT_SCHEMA = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        resources: { type: "array", items: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        condition: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        fail: { type: "string" },
        backoffLimit: { type: "integer", minimum: 0, maximum: 10 },
        tier: { type: "string", enum: ["small", "large"], default: "small" },
        name: { type: "string", pattern: "^[a-z]+$" },
        replicas: { type: "integer" },
        maxReplicas: { type: "integer" },
      },
      "x-kubernetes-validations": [
        { rule: "!has(self.replicas) || !has(self.maxReplicas) || self.replicas <= self.maxReplicas", message: "replicas must not exceed maxReplicas" },
      ],
    },
    status: { type: "object", properties: { msg: { type: "string" } }, "x-kubernetes-preserve-unknown-fields": true },
  },
};
const emitAirway = (spec: Partial<AirwayLike["spec"]> = {}, schema: object = EMIT_SCHEMA): AirwayLike => ({
  metadata: { name: "emits.atc.example.com" },
  spec: {
    wasmUrls: { flight: "oci://example.com/emit:v1" },
    clusterAccess: true,
    template: {
      group: "atc.example.com",
      names: { kind: "Emit", plural: "emits" },
      scope: "Namespaced",
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
    ...spec,
  },
});
const EMIT_API = { group: "atc.example.com", version: "v1", kind: "Emit", resource: "emits", namespaced: true };
const emit = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "atc.example.com/v1",
  kind: "Emit",
  metadata: { name: "e", namespace: NS, ...metadata },
  spec,
});
const configMap = (name: string, data: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
const emitCluster = (objects: KubeObject[] = []) => new FakeCluster(objects, { apiResources: [EMIT_API, GADGET_API] });
const GADGET_API = { group: "ext.example.com", version: "v1", kind: "Gadget", resource: "gadgets", namespaced: true };
const gadget = (name: string) => ({ apiVersion: "ext.example.com/v1", kind: "Gadget", metadata: { name } });

describe("lookups of a desired object without a namespace (issue 10 C)", () => {
  const release = "r";
  const owned = (o: KubeObject) => withYokeMetadata(o, release, NS);
  const find = async (wanted: object, cluster: KubeObject[]) => {
    const options = { input: wanted, release, namespace: NS, clusterAccess: true, cluster };
    const [wasm, node] = await Promise.all([runFlight(await flight("atc-find"), options), runFlight({ entry: entry("atc-find") }, options)]);
    expect(node).toBehaveLike(wasm);
    return wasm;
  };

  it("look in the release namespace for a namespaced kind", async () => {
    const run = await find(configMap("settings"), [owned({ ...configMap("settings"), metadata: { name: "settings", namespace: NS } })]);
    expect((run.resources[0]!.data as { found: string }).found).toBe("team-a/settings");
    expect(run.lookups.map((l) => [l.call, ...l.args])).toEqual([
      ["restMapping", "/v1", "ConfigMap"],
      ["lookup", "settings", NS, "ConfigMap", "v1"],
    ]);
  });

  it("keep no namespace for a cluster-scoped kind, so yoke's tracked reference stays right", async () => {
    const run = await find({ apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } }, []);
    expect((run.resources[0]!.data as { found: string }).found).toBe("none");
    expect(run.lookups.at(-1)!.args).toEqual(["gone", "", "Namespace", "v1"]);
    expect(run.tracked.candidate).toEqual(["/Namespace:gone"]);
  });
});

describe("status after a failed run (pkg/flight JSONEncodeWithError)", () => {
  it("the identity's status and conditions are applied, then Ready says why the run failed", async () => {
    // A flight failing on a new instance is refused by the admission webhook first; past it (skipAdmissionWebhook,
    // or an instance that starts failing later) the ATC runs it and keeps what it wrote.
    const sim = await simulate("atc-emit", {
      airway: emitAirway({ skipAdmissionWebhook: true }),
      cluster: emitCluster(),
      instance: emit({
        fail: "the input is wrong",
        status: { msg: "cannot go on" },
        condition: { type: "Validated", status: "False", reason: "BadInput", message: "the input is wrong" },
      }),
    });
    expect(sim).toHaveStatus({ msg: "cannot go on" });
    const conditions = (sim.status as { conditions: { type: string; status: string; observedGeneration?: number }[] }).conditions;
    expect(conditions.find((c) => c.type === "Validated")).toMatchObject({ status: "False", reason: "BadInput", observedGeneration: 1 });
    expect(sim.ready).toMatchObject({ status: "False", reason: "Error" });
    expect(sim.ready.message).toMatch(/^failed to evaluate flight: .*the input is wrong/);
    expect(sim.iterations[0]!.takeoff).toBe("not run");
    expect(sim.settled).toBe("requeued every 2s (the reconcile failed (backoff)), but a run changes nothing any more");
  });
});

describe("stages and CRDs", () => {
  // The admission webhook's dry run cannot apply a kind whose CRD an earlier stage creates: such Airways need skipAdmissionWebhook.
  const staged = emitAirway({ skipAdmissionWebhook: true });

  it("the admission webhook refuses the instance of a CRD-then-instance flight (dry run), as yoke's ATC does", async () => {
    const refused = await simulateAirway({ flight: await flight("atc-crd-stages"), airway: emitAirway(), cluster: emitCluster(), instance: emit({}) }).then(
      () => "accepted",
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(refused).toBe(
      'AdmissionError: admission webhook "emits.atc.example.com" denied the request: applying resource returned errors during dry-run. ' +
        "Either the inputs are invalid or the package implementation has errors: failed to apply resources: dry run: " +
        'team-a/stage.example.com/v1/widget/e: failed to resolve resource: no matches for kind "Widget" in version "stage.example.com/v1"',
    );
  });

  for (const oneStage of [false, true]) {
    it(`a CRD and an instance of it${oneStage ? " in one stage (yoke's pre-stage)" : " in two stages"}: applied in order, CRD Established in between`, async () => {
      const sim = await simulate("atc-crd-stages", { airway: staged, cluster: emitCluster(), instance: emit({ oneStage }) });
      expect(sim.iterations[0]!.error).toBeUndefined();
      expect(sim.iterations[0]!.applied.map((r) => r.kind)).toEqual(["CustomResourceDefinition", "Widget"]);
      expect(sim.cluster.find("stage.example.com/v1", "Widget", "e", NS)).toMatchObject({ spec: { size: 3 } });
      expect(sim.ready).toMatchObject({ status: "True", reason: "Ready" });
    });
  }

  it("a Namespace goes first in a pre-stage and is Active as the API server creates it", async () => {
    const sim = await simulate("atc-emit", {
      airway: emitAirway(),
      cluster: emitCluster(),
      defaultControllers: false,
      instance: emit({ resources: [configMap("c"), { apiVersion: "v1", kind: "Namespace", metadata: { name: "extra" } }] }),
    });
    expect(sim.iterations[0]!.applied.map((r) => r.kind)).toEqual(["Namespace", "ConfigMap"]);
    expect(sim.cluster.find("v1", "Namespace", "extra")!.status).toEqual({ phase: "Active" });
    expect(sim.ready).toMatchObject({ status: "True" });
  });

  it("without a controller establishing the CRD, takeoff times out waiting for the first stage", async () => {
    const sim = await simulate("atc-crd-stages", { airway: staged, cluster: emitCluster(), instance: emit({}), defaultControllers: false });
    expect(sim.ready.message).toBe(
      "release did not become ready within wait period: to rollback use `yoke descent`: " +
        "failed to get readiness for _/apiextensions.k8s.io/v1/customresourcedefinition/widgets.stage.example.com: 30s timeout reached",
    );
    expect(sim.cluster.find("stage.example.com/v1", "Widget", "e", NS)).toBeUndefined();
  });
});

describe("readiness (internal/k8s/readiness.go)", () => {
  const c = new FakeCluster();
  const at = (o: object, generation = 1) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", generation }, ...o }) as KubeObject;
  it.each([
    [
      "a Deployment rolled out",
      at({
        status: {
          observedGeneration: 1,
          replicas: 2,
          availableReplicas: 2,
          readyReplicas: 2,
          updatedReplicas: 2,
          conditions: [{ type: "Available", status: "True" }],
        },
      }),
      true,
    ],
    [
      "a Deployment whose Available condition is for an older generation",
      at(
        {
          status: {
            observedGeneration: 2,
            replicas: 1,
            availableReplicas: 1,
            readyReplicas: 1,
            updatedReplicas: 1,
            conditions: [{ type: "Available", status: "True", observedGeneration: 1 }],
          },
        },
        2,
      ),
      false,
    ],
    [
      "a Deployment not observed yet",
      at(
        {
          status: {
            observedGeneration: 1,
            replicas: 1,
            availableReplicas: 1,
            readyReplicas: 1,
            updatedReplicas: 1,
            conditions: [{ type: "Available", status: "True" }],
          },
        },
        2,
      ),
      false,
    ],
    [
      "a StatefulSet short of replicas",
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "s", generation: 1 },
        status: { observedGeneration: 1, replicas: 2, availableReplicas: 1, readyReplicas: 1, updatedReplicas: 2 },
      },
      false,
    ],
    [
      "a DaemonSet scheduled everywhere",
      {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "ds", generation: 1 },
        status: { observedGeneration: 1, currentNumberScheduled: 3, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 },
      },
      true,
    ],
    [
      "a Pod with all three conditions",
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        status: { conditions: ["Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True" })) },
      },
      true,
    ],
    ["a Namespace not yet Active", { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" }, status: { phase: "Terminating" } }, false],
    ["a Service without an EndpointSlice", { apiVersion: "v1", kind: "Service", metadata: { name: "svc", namespace: NS } }, false],
    ["a CRD not Established", { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "x.y.z" } }, false],
    [
      "a Flight with Ready",
      { apiVersion: "yoke.cd/v1alpha1", kind: "Flight", metadata: { name: "f" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
      true,
    ],
    [
      "an instance of an Airway without Ready",
      { apiVersion: "a.b/v1", kind: "X", metadata: { name: "x", ownerReferences: [{ apiVersion: "yoke.cd/v1alpha1", kind: "Airway", name: "xs.a.b" }] } },
      false,
    ],
    ["a ConfigMap", configMap("c"), true],
  ])("%s", (_, resource, ready) => {
    expect(readiness(resource as KubeObject, c).ready).toBe(ready);
  });

  it("a failed Job is an error", () => {
    expect(
      readiness({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, status: { conditions: [{ type: "Failed", status: "True" }] } }, c),
    ).toEqual({ ready: false, error: "job has failed" });
  });

  const readinessConfigMap = (name: string, label: "conditions" | "lua", data: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "yoke", labels: { "resource.yoke.cd/readiness": label } },
    data,
  });
  const setGadgetStatus =
    (status: object) =>
    ({ cluster }: { cluster: FakeCluster }) => {
      for (const g of cluster.list("Gadget.ext.example.com")) if (!g.status) cluster.setStatus(g, status);
    };

  it("custom readiness by conditions (Kind.group): not ready until the conditions are met", async () => {
    const cluster = emitCluster([readinessConfigMap("gadgets", "conditions", { "Gadget.ext.example.com": "Synced Ready" })]);
    const sim = await simulate("atc-emit", {
      airway: emitAirway({ mode: "dynamic" }),
      cluster,
      instance: emit({ resources: [gadget("g")] }),
      controllers: [
        setGadgetStatus({
          conditions: [
            { type: "Synced", status: "True" },
            { type: "Ready", status: "True" },
          ],
        }),
      ],
    });
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Gadget.ext.example.com:g"]);
    expect(sim.iterations[1]!.trigger).toBe("team-a/Gadget.ext.example.com:g changed");
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready" });
  });

  it("custom readiness in Lua for every kind of a group (_.group); the exact GroupKind wins", async () => {
    const lua = 'return function(resource) return resource.status ~= nil and resource.status.phase == "Done" and #resource.status.parts == 2 end';
    const cluster = emitCluster([readinessConfigMap("by-group", "lua", { "_.ext.example.com": lua })]);
    const sim = await simulateAirway({
      flight: await flight("atc-emit"),
      airway: emitAirway(),
      cluster,
      instance: emit({ resources: [gadget("g")] }),
      maxIterations: 1,
      controllers: [setGadgetStatus({ phase: "Done", parts: ["a", "b"] })],
    }).catch((e: SimulationError) => e.simulation);
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Gadget.ext.example.com:g"]);
    const g = sim.cluster.find("ext.example.com/v1", "Gadget", "g", NS)!;
    expect(readiness(g, sim.cluster)).toEqual({ ready: true });
    sim.cluster.put(readinessConfigMap("exact", "lua", { "Gadget.ext.example.com": "return function(r) return 42 end" }));
    expect(readiness(g, sim.cluster)).toEqual({ ready: false, error: "expected result to be a boolean but got: number" });
    sim.cluster.put(readinessConfigMap("exact", "lua", { "Gadget.ext.example.com": "return function(r) return nil end" }));
    expect(readiness(g, sim.cluster)).toEqual({ ready: false });
    sim.cluster.put(readinessConfigMap("exact", "lua", { "Gadget.ext.example.com": "return function(r) error('boom') end" }));
    expect(readiness(g, sim.cluster).ready).toBe(false);
    expect((readiness(g, sim.cluster) as { error: string }).error).toMatch(/^failed to invoke lua readiness function: .*boom/);
  });

  it("an identity resource with its own Ready condition: the ATC checks nothing and keeps the flight's", async () => {
    const sim = await simulate("atc-emit", {
      airway: emitAirway(),
      cluster: emitCluster(),
      instance: emit({ resources: [gadget("g")], condition: { type: "Ready", status: "False", reason: "Waiting", message: "the gadget is not wired" } }),
      defaultControllers: false,
    });
    expect(sim.ready).toMatchObject({ status: "False", reason: "Waiting", message: "the gadget is not wired" });
    expect(sim.iterations[0]!.notReady).toEqual([]);
  });
});

describe("stand-in controllers", () => {
  const backend = [
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api" }, spec: { replicas: 2, selector: { matchLabels: { app: "api" } } } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "api" }, spec: { selector: { app: "api" }, ports: [{ port: 80 }] } },
  ];

  it("a Deployment and a Service become ready by default (rollout, EndpointSlice); dynamic mode follows them", async () => {
    const sim = await simulate("atc-emit", { airway: emitAirway({ mode: "dynamic" }), cluster: emitCluster(), instance: emit({ resources: backend }) });
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Deployment.apps:api"]);
    expect(sim.cluster.list("EndpointSlice.discovery.k8s.io")[0]!.metadata.labels).toMatchObject({ "kubernetes.io/service-name": "api" });
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready" });
  });

  it("the simulation's error names the resources not ready", async () => {
    // Someone keeps editing the instance, so every run has new resources to wait for.
    const edit = ({ cluster, instance }: { cluster: FakeCluster; instance: KubeObject }) => {
      const spec = structuredClone(instance.spec) as { resources: { data?: { n?: string } }[] };
      spec.resources[2]!.data = { n: String(Number(spec.resources[2]!.data?.n ?? 0) + 1) };
      cluster.put({ ...instance, spec, metadata: { ...instance.metadata, generation: (instance.metadata.generation as number) + 1 } });
    };
    const error = await simulateAirway({
      flight: await flight("atc-emit"),
      airway: emitAirway(),
      cluster: emitCluster(),
      maxIterations: 3,
      instance: emit({ resources: [...backend, configMap("tick")] }),
      defaultControllers: false,
      controllers: [edit],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toContain("not ready: team-a/Deployment.apps:api");
    expect((error as Error).message).toContain("(last trigger: the instance's spec changed); Ready: False (InProgress): waiting for flight to become ready");
  });

  it("Jobs finish through jobController (opt-in)", async () => {
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template: { spec: { containers: [] } } } };
    const sim = await simulate("atc-emit", {
      airway: emitAirway({ mode: "dynamic" }),
      cluster: emitCluster(),
      instance: emit({ resources: [job] }),
      controllers: [jobController()],
    });
    expect(sim.iterations[0]!.notReady).toEqual(["team-a/Job.batch:once"]);
    expect(sim.ready).toMatchObject({ status: "True" });
  });
});

describe("the instance as the API server stores it", () => {
  const invalid = async (spec: Record<string, unknown>) =>
    simulateAirway({ flight: await flight("atc-emit"), airway: emitAirway(), cluster: emitCluster(), instance: emit(spec) }).then(
      () => "accepted",
      (e: Error) => e.message,
    );

  it("refuses an invalid instance with the API server's words", async () => {
    expect(await invalid({ backoffLimit: 11 })).toBe(
      'Emit.atc.example.com "e" is invalid: spec.backoffLimit: Invalid value: 11: spec.backoffLimit in body should be less than or equal to 10',
    );
    expect(await invalid({ backoffLimit: "3" })).toBe(
      'Emit.atc.example.com "e" is invalid: spec.backoffLimit: Invalid value: "string": spec.backoffLimit in body must be of type integer: "string"',
    );
    expect(await invalid({ tier: "huge" })).toBe(
      'Emit.atc.example.com "e" is invalid: spec.tier: Unsupported value: "huge": supported values: "small", "large"',
    );
    expect(await invalid({ name: "Bad" })).toBe(
      'Emit.atc.example.com "e" is invalid: spec.name: Invalid value: "Bad": spec.name in body should match \'^[a-z]+$\'',
    );
    expect(await invalid({ replicas: 5, maxReplicas: 3 })).toBe(
      'Emit.atc.example.com "e" is invalid: spec: Invalid value: "object": replicas must not exceed maxReplicas',
    );
    expect(await invalid({ replicas: 3, maxReplicas: 5 })).toBe("accepted");
  });

  it("applies defaults and prunes unknown fields before the flight sees the instance", async () => {
    const sim = await simulate("atc-emit", { airway: emitAirway(), cluster: emitCluster(), instance: emit({ unknown: true, status: { msg: "hi" } }) });
    expect(sim.instance.spec).toEqual({ tier: "small", status: { msg: "hi" } });
    const input = JSON.parse(sim.iterations[0]!.input);
    expect(input.spec).toEqual({ tier: "small", status: { msg: "hi" } });
    // The ATC's own first updates: its cleanup finalizer and the Airway as owner.
    expect(input.metadata.finalizers).toEqual(["yoke.cd/mayday.flight"]);
    expect(input.metadata.ownerReferences).toMatchObject([
      { apiVersion: "yoke.cd/v1alpha1", kind: "Airway", name: "emits.atc.example.com", blockOwnerDeletion: true },
    ]);
  });

  it("validates the ATC's status writes: a required status field refuses its first write (conditions only)", async () => {
    const schema = structuredClone(EMIT_SCHEMA) as typeof EMIT_SCHEMA & { properties: { status: { required?: string[] } } };
    schema.properties.status.required = ["msg"];
    const sim = await simulate("atc-emit", { airway: emitAirway({}, schema), cluster: emitCluster(), instance: emit({}) });
    expect(sim.iterations[0]!.statusWrites[0]).toMatchObject({
      what: "Ready condition",
      rejected: 'Emit.atc.example.com "e" is invalid: status.msg: Required value',
    });
    expect(sim.status).toBeUndefined();
    expect(sim.ready).toMatchObject({ status: "Unknown" });
  });

  it("maxIterations below 1 is a usage error", async () => {
    await expect(simulateAirway({ flight: await flight("atc-emit"), instance: emit({}), maxIterations: 0 })).rejects.toThrow(
      "simulateAirway: maxIterations must be a whole number of at least 1, not 0",
    );
  });
});

describe("modes and triggers", () => {
  it("a namespaced Airway's release stays in the instance's namespace; a cluster-scoped one may cross namespaces", async () => {
    const elsewhere = { ...configMap("c"), metadata: { name: "c", namespace: "other" } };
    const refused = await simulateAirway({
      flight: await flight("atc-emit"),
      airway: emitAirway(),
      cluster: emitCluster(),
      instance: emit({ resources: [elsewhere] }),
    }).then(
      () => "accepted",
      (e: Error) => e.message,
    );
    expect(refused).toContain(
      'Multiple namespaces detected (if desired enable multinamespace releases): other/core/v1/configmap/c: namespace "other" does not match target namespace "team-a"',
    );
    const clusterScoped = emitAirway();
    clusterScoped.spec.template = { ...clusterScoped.spec.template!, scope: "Cluster" };
    const sim = await simulate("atc-emit", { airway: clusterScoped, cluster: emitCluster(), instance: emit({ resources: [elsewhere] }) });
    expect(sim.cluster.find("v1", "ConfigMap", "c", "other")).toBeDefined();
  });

  it("static: the admission webhook refuses changes to the release's resources and their deletion", async () => {
    const tamper = ({ cluster }: { cluster: FakeCluster }) => {
      const cm = cluster.find("v1", "ConfigMap", "settings", NS);
      if (cm) cluster.put({ ...cm, data: { level: "9" } });
      const other = cluster.find("v1", "ConfigMap", "other", NS);
      if (other) cluster.delete(other);
    };
    const sim = await simulate("atc-emit", {
      airway: emitAirway({ mode: "static" }),
      cluster: emitCluster(),
      controllers: [tamper],
      instance: emit({ resources: [configMap("settings", { level: "1" }), configMap("other")] }),
    });
    expect(sim.iterations[0]!.refused).toEqual([
      "team-a/ConfigMap:settings: cannot modify flight sub-resources",
      "team-a/ConfigMap:other: cannot delete resources managed by Air-Traffic-Controller",
    ]);
    expect(sim.cluster.find("v1", "ConfigMap", "settings", NS)!.data).toEqual({ level: "1" });
    expect(sim.cluster.find("v1", "ConfigMap", "other", NS)).toBeDefined();
  });

  it("fixDriftInterval requeues; a run that changes nothing ends the simulation", async () => {
    const sim = await simulate("atc-emit", {
      airway: emitAirway({ fixDriftInterval: "1m" }),
      cluster: emitCluster(),
      instance: emit({ resources: [configMap("c")] }),
    });
    expect(sim.iterations.map((i) => i.trigger)).toEqual(["the instance was created", "requeued after 1m0s: fixDriftInterval"]);
    expect(sim.settled).toBe("requeued every 1m0s (fixDriftInterval), but a run changes nothing any more");
  });

  it("overrides.yoke.cd/mode switches an instance to another mode; overrides.yoke.cd/flight runs another module", async () => {
    const other = await flight("atc-crd-stages");
    const sim = await simulateAirway({
      flight: await flight("atc-emit"),
      airway: emitAirway({ mode: "static", skipAdmissionWebhook: true }),
      cluster: emitCluster(),
      instance: emit(
        { resources: [configMap("c")] },
        { annotations: { "overrides.yoke.cd/mode": "dynamic", "overrides.yoke.cd/flight": "https://example.com/stages.wasm" } },
      ),
      overrideFlights: { "https://example.com/stages.wasm": other },
    });
    expect(sim.iterations[0]!.mode).toBe("dynamic");
    expect(sim.iterations[0]!.applied.map((r) => r.kind)).toEqual(["CustomResourceDefinition", "Widget"]);
    const ignored = await simulateAirway({
      flight: await flight("atc-emit"),
      airway: emitAirway({ mode: "static" }),
      cluster: emitCluster(),
      instance: emit({}, { annotations: { "overrides.yoke.cd/mode": "fast" } }),
    });
    expect(ignored.iterations[0]!.mode).toBe("static");
  });
});

describe("Flight and ClusterFlight resources (reconciler_flight.go)", () => {
  it("a Flight runs its module with inputObject as JSON and args; its release is named after it and stays in its namespace", async () => {
    for (const module of [await flight("echo-invocation"), { entry: entry("echo-invocation") }]) {
      const sim = await simulateFlight({
        flight: module,
        resource: {
          kind: "Flight",
          metadata: { name: "tools", namespace: NS },
          spec: { wasmUrl: "oci://example.com/echo:v1", inputObject: { b: 1, a: 2 }, args: ["--verbose"] },
        },
      });
      const cm = sim.cluster.find("v1", "ConfigMap", "invocation", NS)!;
      expect(cm.data).toMatchObject({ input: '{"a":2,"b":1}', args: '["--verbose"]', release: "tools" });
      expect(cm.metadata.ownerReferences).toEqual([
        { apiVersion: "yoke.cd/v1alpha1", kind: "Flight", name: "tools", uid: "00000000-0000-0000-0000-000000000002" },
      ]);
      expect(cm.metadata.annotations).toEqual({ "instance.atc.yoke.cd/release": "tools", "instance.atc.yoke.cd/namespace": NS });
      expect(sim.status).toMatchObject({ inventory: [{ resource: "team-a/ConfigMap:invocation", version: "v1", ready: true }] });
      expect(sim.ready).toMatchObject({ status: "True", reason: "Ready", message: "Successfully deployed" });
    }
  });

  it("input wins over inputObject; a Flight cannot leave its namespace, a ClusterFlight can", async () => {
    const raw = await simulateFlight({
      flight: await flight("echo-invocation"),
      resource: { kind: "Flight", metadata: { name: "raw", namespace: NS }, spec: { wasmUrl: "oci://x", input: "kind: X\n", inputObject: { ignored: true } } },
    });
    expect(raw.cluster.find("v1", "ConfigMap", "invocation", NS)!.data).toMatchObject({ input: '{"kind":"X"}' });

    const elsewhere = {
      apiVersion: "x/v1",
      kind: "Emit",
      metadata: { name: "e" },
      spec: { resources: [{ ...configMap("c"), metadata: { name: "c", namespace: "other" } }] },
    };
    const spec = { wasmUrl: "oci://x", inputObject: elsewhere };
    const namespaced = await simulateFlight({ flight: await flight("atc-emit"), resource: { kind: "Flight", metadata: { name: "f", namespace: NS }, spec } });
    expect(namespaced.ready.message).toContain('other/core/v1/configmap/c: namespace "other" does not match target namespace "team-a"');
    const cluster = await simulateFlight({ flight: await flight("atc-emit"), resource: { kind: "ClusterFlight", metadata: { name: "f" }, spec } });
    expect(cluster.cluster.find("v1", "ConfigMap", "c", "other")).toBeDefined();
    expect(cluster.ready).toMatchObject({ status: "True" });
  });
});
