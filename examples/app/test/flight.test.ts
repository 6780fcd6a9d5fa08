// The App flight, built to .wasm, in every branch; the ATC driving it from
// "waiting for the secret" to "deployed and ready"; and in-process parity.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FakeCluster, connectionSecretController, deploymentController, runFlight, simulateAirway, summarizeSimulation } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import airway from "../airway.js";
import { CRDS, app, connectionSecret, scenarios } from "./scenarios.js";

const WASM = fileURLToPath(new URL("../dist/flight.wasm", import.meta.url));
const ENTRY = fileURLToPath(new URL("../src/flight.ts", import.meta.url));
const msg = (run: Awaited<ReturnType<typeof runFlight>>) => (run.resources[0]!.status as { msg: string }).msg;
const kinds = (run: Awaited<ReturnType<typeof runFlight>>) => run.resources.map((r) => r.kind);

describe("each branch of the flight", () => {
  it("creates the database and waits for its connection secret", async () => {
    const run = await runFlight(WASM, scenarios["secret not created yet"]);
    expect(run).toSucceed();
    expect(kinds(run)).toEqual(["App", "CloudSQLInstance"]);
    expect(msg(run)).toBe("Waiting for connection secret to be created");
    expect(run).toContainResource({
      kind: "CloudSQLInstance",
      name: "web",
      spec: {
        forProvider: { databaseVersion: "POSTGRES_15", region: "us-central1", settings: { tier: "db-f1-micro" } },
        writeConnectionSecretToReference: { name: "web", namespace: "team-a" },
      },
    });
    // Not found, but covered by the "Secret" matcher: the ATC watches it.
    expect(run.tracked.external).toEqual(["team-a/Secret:web"]);
  });

  it("deploys the application with the secret once Crossplane wrote it", async () => {
    const run = await runFlight(WASM, scenarios["secret present, no deployment yet"]);
    expect(kinds(run)).toEqual(["App", "CloudSQLInstance", "Deployment"]);
    expect(run).toContainResource({
      kind: "Deployment",
      name: "web",
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "app", image: "ghcr.io/acme/web:1.4.0", envFrom: [{ secretRef: { name: "web" } }] }] },
        },
      },
    });
    expect(msg(run)).toBe("waiting for application to become ready");
  });

  it("waits while the deployment is not available, and says so when it is", async () => {
    expect(msg(await runFlight(WASM, scenarios["deployment not available"]))).toBe("waiting for application to become ready");
    expect(msg(await runFlight(WASM, scenarios["deployment available"]))).toBe("application deployed and ready");
  });

  it("fails when the secret is not its own and no matcher allows it", async () => {
    const run = await runFlight(WASM, scenarios["secret present but no matcher for it"]);
    expect(run).toFailWith("failed to fetch connection secret: forbidden: cannot access resource outside of target release ownership");
  });

  it("fails when the deployment cannot be looked up", async () => {
    const cluster = new FakeCluster([connectionSecret]).deny({ matcher: "Deployment.apps", as: "unauthenticated" });
    const run = await runFlight(WASM, { input: app(), clusterAccess: true, resourceAccessMatchers: ["Secret"], cluster });
    expect(run).toFailWith("failed to lookup deployment: Unauthorized");
  });

  it("takes replicas, tier and region from the spec", async () => {
    const run = await runFlight(WASM, scenarios["custom replicas, tier and region"]);
    expect(run).toContainResource({ kind: "Deployment", spec: expect.objectContaining({ replicas: 3 }) });
    expect(run).toContainResource({
      kind: "CloudSQLInstance",
      spec: expect.objectContaining({ forProvider: { databaseVersion: "POSTGRES_15", region: "europe-west1", settings: { tier: "db-custom-2-7680" } } }),
    });
  });

  it("reads YAML input that only js-yaml reads (its chunk is stored compressed) as it reads the same resource as JSON", async () => {
    const options = scenarios["custom replicas, tier and region"]!;
    // The anchor sends the document to js-yaml, which the flight loads from its compressed chunk;
    // keys in the order the ATC's JSON (Go's json.Marshal) has them.
    const yaml = `apiVersion: examples.com/v1
kind: App
metadata: {name: web, namespace: team-a}
spec:
  database: {region: europe-west1, tier: db-custom-2-7680}
  image: ghcr.io/acme/web:1.4.0
  replicas: &three 3
`;
    const [fromYaml, fromJson] = [await runFlight(WASM, { ...options, input: yaml }), await runFlight(WASM, options)];
    expect(fromYaml).toSucceed();
    expect(fromYaml.stdout).toBe(fromJson.stdout);
  });

  it("fails with yoke's message without cluster access", async () => {
    expect(await runFlight(WASM, scenarios["no cluster access"])).toFailWith(
      "failed to fetch connection secret: access to the cluster has not been granted for this flight invocation",
    );
  });
});

describe("under the ATC, in dynamic mode", () => {
  it("goes from waiting for the secret to deployed and ready", async () => {
    const sim = await simulateAirway({
      flight: WASM,
      airway,
      instance: app(),
      cluster: new FakeCluster([], { apiResources: CRDS }),
      controllers: [connectionSecretController(), deploymentController()],
    });
    expect(sim.iterations.map((it) => (it.status as { msg: string }).msg)).toEqual([
      "Waiting for connection secret to be created",
      "waiting for application to become ready",
      "application deployed and ready",
    ]);
    expect(sim.iterations[1]!.trigger).toBe("team-a/Secret:web changed");
    expect(sim.ready).toMatchObject({ status: "True", reason: "Ready" });
    expect(summarizeSimulation(sim)).toMatchSnapshot();
  });

  it("cannot apply a kind the cluster does not serve (no Crossplane): the ATC's admission webhook refuses the App", async () => {
    const refused = simulateAirway({ flight: WASM, airway, instance: app(), controllers: [connectionSecretController()] });
    await expect(refused).rejects.toThrow(
      /^admission webhook "apps\.examples\.com" denied the request: .*failed to lookup resource mapping: no matches for kind "CloudSQLInstance"/,
    );
  });
});

describe("in-process, the same flight gives the same output", () => {
  it.each(Object.entries(scenarios))("%s", async (_, options) => {
    const [wasm, node] = await Promise.all([runFlight(WASM, options), runFlight({ entry: ENTRY }, options)]);
    expect(node).toBehaveLike(wasm);
  });
});
