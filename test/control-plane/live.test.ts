// `flight run --kubeconfig` against a real kube-apiserver v1.36.3: the
// example App flight (examples/app) runs with its lookups answered by the live
// cluster (@yoke-flight/testing's liveHost: host.go's rules on the server's
// answers), records them as a cassette, and replays them offline to the same
// bytes; the answers equal the emulation's for the same objects; Secrets are
// redacted; --diff shows what yoke takeoff would do; and the API server's
// audit log proves only GET requests came from the flight's identity.
// Every command of README.md's "From a live cluster to a test fixture" runs here.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadYaml, type KubernetesObject } from "@kubernetes/client-node";
import { airwayCRD, type Airway } from "@yoke-flight/openapi";
import {
  CassetteError,
  FakeCluster,
  deploymentController,
  simulateAirway,
  REDACTED_DATA,
  atcReleaseName,
  clusterFromCassette,
  liveDiff,
  parseCassette,
  readCassette,
  runFlight,
  cassetteYAML,
  withYokeMetadata,
  type KubeObject,
} from "@yoke-flight/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the Go conformance suite
import { goSuiteSkipped, goTest } from "../conformance/go-suite.mjs";
import { exampleAirways } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { apply, established, read } from "./lib/kube.js";

const APP = fileURLToPath(new URL("../../examples/app/dist/flight.wasm", import.meta.url));
const FLIGHT = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");
/** The identity `flight run` uses: it may read everything; nothing else uses it, so its audit entries are flight run's. */
const READER = { user: "flight-run-reader", groups: ["system:masters"] };

const dir = mkdtempSync(join(tmpdir(), "flight-live-"));
const AUDIT_LOG = join(dir, "audit.log");
writeFileSync(join(dir, "audit-policy.yaml"), "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n");
const controlPlane = useControlPlane({
  apiserverFlags: [`--audit-policy-file=${join(dir, "audit-policy.yaml")}`, `--audit-log-path=${AUDIT_LOG}`],
  identities: { reader: READER },
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET_VALUE = "s3cret-password";
const app = { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "shop", namespace: "default" }, spec: { image: "nginx:1.27", replicas: 2 } };
const RELEASE = atcReleaseName(app);
const APP_YAML = join(dir, "app.yaml");
const KUBECONFIG = join(dir, "kubeconfig");
const cloudSqlCRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "cloudsqlinstances.database.gcp.crossplane.io" },
  spec: {
    group: "database.gcp.crossplane.io",
    scope: "Cluster",
    names: { kind: "CloudSQLInstance", plural: "cloudsqlinstances", singular: "cloudsqlinstance" },
    versions: [{ name: "v1beta1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
  },
};
/** What Crossplane and an earlier takeoff left in the cluster. */
const OBJECTS = [
  { apiVersion: "v1", kind: "Secret", metadata: { name: "shop", namespace: "default" }, data: { password: Buffer.from(SECRET_VALUE).toString("base64") } },
  withYokeMetadata(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "shop", namespace: "default" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "shop" } },
        template: {
          metadata: { labels: { app: "shop" } },
          spec: { containers: [{ name: "app", image: "nginx:1.27", envFrom: [{ secretRef: { name: "shop" } }] }] },
        },
      },
    },
    RELEASE,
    "default",
  ),
  // An earlier revision of the release also made this ConfigMap; the flight no longer outputs it.
  withYokeMetadata({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shop-old", namespace: "default" }, data: { a: "b" } }, RELEASE, "default"),
  // yoke's record of that revision (internal/k8s/k8s.go CreateRevision): the stages, gzipped JSON.
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: "yoke.rev1",
      namespace: "default",
      labels: { "internal.yoke/kind": "revision", "internal.yoke/release": createHash("sha1").update(RELEASE).digest("hex") },
      annotations: { "internal.yoke/active-at": "2026-01-01T00:00:00Z", "internal.yoke/release-name": RELEASE },
    },
    data: {
      resources: gzipSync(
        JSON.stringify([
          [
            withYokeMetadata(
              { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shop-old", namespace: "default" }, data: { a: "b" } },
              RELEASE,
              "default",
            ),
          ],
        ]),
      ).toString("base64"),
    },
  },
];
const LIVE_FLAGS = ["--kubeconfig", KUBECONFIG, "--cluster-access", "--resource-access", "Secret"];

function flight(args: string[]) {
  const result = spawnSync(process.execPath, [FLIGHT, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

let stored: KubeObject[] = [];
beforeAll(async () => {
  const kc = controlPlane().kubeConfig();
  const appAirway = (await exampleAirways()).find((e) => e.source === "examples/app/airway.yaml")!.airway as Airway;
  for (const crd of [airwayCRD(appAirway), cloudSqlCRD]) {
    await apply(kc, crd as KubernetesObject);
    await established(kc, crd.metadata.name);
  }
  for (const object of OBJECTS) await apply(kc, object as KubernetesObject);
  stored = [];
  for (const object of OBJECTS) stored.push(await read<KubeObject & KubernetesObject>(kc, object as never));
  writeFileSync(APP_YAML, `apiVersion: examples.com/v1\nkind: App\nmetadata:\n  name: shop\n  namespace: default\nspec:\n  image: nginx:1.27\n  replicas: 2\n`);
  writeFileSync(KUBECONFIG, controlPlane().kubeConfigYAML("reader"));
}, 60_000);

describe("flight run --kubeconfig", () => {
  it("answers the flight from the live cluster exactly as the emulation answers for the same objects", async () => {
    const live = await runFlight(APP, { input: app, kubeConfig: controlPlane().kubeConfig("reader"), clusterAccess: true, resourceAccessMatchers: ["Secret"] });
    const emulated = await runFlight(APP, {
      input: app,
      cluster: new FakeCluster(structuredClone(stored)),
      clusterAccess: true,
      resourceAccessMatchers: ["Secret"],
    });
    expect(live.error).toBeUndefined();
    // The Secret (through the matcher) and the owned Deployment were found, with the server's objects.
    expect(live.lookups.map((l) => [l.call, ...l.args, l.state])).toEqual([
      ["lookup", "shop", "default", "Secret", "v1", 0],
      // The Deployment has no namespace in the flight's output: yoke's host defaults it.
      ["lookup", "shop", "", "Deployment", "apps/v1", 0],
    ]);
    expect(live.lookups.map(({ call, args, state, result }) => ({ call, args, state, result }))).toEqual(
      emulated.lookups.map(({ call, args, state, result }) => ({ call, args, state, result })),
    );
    expect(live.stdout).toBe(emulated.stdout);
  });

  it.skipIf(goSuiteSkipped() !== undefined)(
    "gives the bytes yoke's own host gives (yoke.EvalFlight) for the same live objects",
    () => {
      const cp = controlPlane();
      const out = join(dir, "yoke-live.out");
      const yoke = goTest(["-run", "^TestLive$"], {
        timeout: 240_000,
        env: {
          LIVE_SERVER: cp.server,
          LIVE_TOKEN: cp.tokens.reader!,
          LIVE_CA: cp.ca,
          LIVE_FLIGHT: APP,
          LIVE_INPUT: APP_YAML,
          LIVE_RELEASE: RELEASE,
          LIVE_NAMESPACE: "default",
          LIVE_MATCHERS: "Secret",
          LIVE_OUT: out,
        },
      });
      expect(yoke.status, yoke.stdout + yoke.stderr).toBe(0);
      const ours = flight(["run", APP, "--input", APP_YAML, "--release", RELEASE, "--namespace", "default", ...LIVE_FLAGS]);
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout).toBe(readFileSync(out, "utf8"));
    },
    300_000,
  );

  it("applies yoke's rules on top: no cluster access, and a Secret outside the release without a matcher", async () => {
    const kubeConfig = controlPlane().kubeConfig("reader");
    const denied = await runFlight(APP, { input: app, kubeConfig });
    expect(denied.lookups.map((l) => [l.state, l.result])).toEqual([[1, "feature not granted"]]);
    const notOwned = await runFlight(APP, { input: app, kubeConfig, clusterAccess: true });
    expect(notOwned.lookups.map((l) => [l.state, l.result])).toEqual([[5, "forbidden: cannot access resource outside of target release ownership"]]);
    expect(notOwned.error).toContain("cannot access resource outside of target release ownership");
  });

  it("refuses an unknown context and a missing kubeconfig with one clear line", () => {
    const context = flight(["run", APP, "--input", APP_YAML, "--kubeconfig", KUBECONFIG, "--context", "nope"]);
    expect(context.exitCode).toBe(1);
    expect(context.stderr.trim()).toBe(`flight run: kubeconfig ${KUBECONFIG} has no context "nope" (it has "reader")`);
    const both = flight(["run", APP, "--input", APP_YAML, "--replay", "a.yaml", "--kubeconfig", KUBECONFIG]);
    expect([both.exitCode, both.stderr.trim()]).toEqual([2, "flight run: --replay and --kubeconfig cannot be used together"]);
    const missing = flight(["run", APP, "--input", APP_YAML, "--kubeconfig", join(dir, "missing")]);
    expect(missing.stderr.trim()).toBe(`flight run: kubeconfig ${join(dir, "missing")}: no such file`);
  });
});

describe("the README walkthrough: diff, record, replay", () => {
  it("--diff prints what yoke takeoff would create and change (plain text off a terminal; --output json)", async () => {
    const text = flight(["run", APP, "--input", APP_YAML, ...LIVE_FLAGS, "--context", "reader", "--diff"]);
    expect(text.stderr).toBe("");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).not.toContain("\x1b[");
    expect(text.stdout).toContain("+ create    examples.com/v1 App default/shop");
    expect(text.stdout).toContain("+ create    database.gcp.crossplane.io/v1beta1 CloudSQLInstance shop");
    expect(text.stdout).toContain("~ change    apps/v1 Deployment default/shop\n-     spec.replicas: 1\n+     spec.replicas: 2\n");
    expect(text.stdout).toContain("\n- remove    v1 ConfigMap default/shop-old\n");
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("2 to create, 1 to change, 1 to remove, 0 unchanged");

    const json = JSON.parse(flight(["run", APP, "--input", APP_YAML, ...LIVE_FLAGS, "--diff", "--output", "json"]).stdout) as {
      action: string;
      ref: string;
      changes: unknown[];
    }[];
    expect(json.map((e) => [e.action, e.ref])).toEqual([
      ["create", "default/examples.com/v1/app/shop"],
      ["create", "_/database.gcp.crossplane.io/v1beta1/cloudsqlinstance/shop"],
      ["change", "default/apps/v1/deployment/shop"],
      ["remove", "default/core/v1/configmap/shop-old"],
    ]);
    expect(json[2]!.changes).toEqual([{ path: "spec.replicas", live: 1, desired: 2 }]);
    const yaml = loadYaml(flight(["run", APP, "--input", APP_YAML, ...LIVE_FLAGS, "--diff", "--output", "yaml"]).stdout);
    expect(yaml).toEqual(json);
  });

  it("--diff finds nothing to change once the live objects hold what the flight wants", async () => {
    const run = await runFlight(APP, { input: app, kubeConfig: controlPlane().kubeConfig("reader"), clusterAccess: true, resourceAccessMatchers: ["Secret"] });
    const entries = await liveDiff(
      controlPlane().kubeConfig("reader"),
      run.resources.filter((r) => r.kind === "Deployment"),
      { release: RELEASE, namespace: "default" },
    );
    expect(entries.map((e) => e.action)).toEqual(["change", "remove"]);
    const applied = { ...entries[0]!.desired };
    await apply(controlPlane().kubeConfig(), applied as KubernetesObject);
    const again = await liveDiff(
      controlPlane().kubeConfig("reader"),
      run.resources.filter((r) => r.kind === "Deployment"),
      { release: RELEASE, namespace: "default" },
    );
    expect(again.map((e) => [e.action, e.changes])).toEqual([
      ["unchanged", []],
      ["remove", []],
    ]);
    // Back as the other tests expect it.
    await apply(controlPlane().kubeConfig(), OBJECTS[1] as KubernetesObject);
  });

  it("--record writes a cassette (Secrets redacted, and says so); --replay and runFlight({ replay }) give the same bytes offline", async () => {
    const cassette = join(dir, "shop.cassette.yaml");
    const recorded = flight(["run", APP, "--input", APP_YAML, ...LIVE_FLAGS, "--record", cassette]);
    expect(recorded.exitCode).toBe(0);
    expect(recorded.stderr).toBe(`flight run: recorded 2 host calls in ${cassette} (Secrets' data/stringData values redacted; --keep-secrets keeps them)\n`);
    const text = readFileSync(cassette, "utf8");
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
    expect(text).toContain(`password: ${REDACTED_DATA}`);
    expect(text.split("\n").slice(0, 2)).toEqual([
      "# flight cassette: the host calls of a flight run and their answers (flight run --record).",
      "# Secrets' data and stringData values are redacted.",
    ]);
    const parsed = readCassette(cassette);
    expect([parsed.release, parsed.namespace, parsed.clusterAccess, parsed.resourceAccessMatchers, parsed.secrets]).toEqual([
      RELEASE,
      "default",
      true,
      ["Secret"],
      "redacted",
    ]);

    const replayed = flight(["run", APP, "--input", APP_YAML, "--replay", cassette]);
    expect(replayed.stderr).toBe("");
    expect(replayed.stdout).toBe(recorded.stdout);
    const inVitest = await runFlight(APP, { input: readFileSync(APP_YAML), replay: cassette });
    expect(inVitest.stdout).toBe(recorded.stdout);
    // The same cassette as a FakeCluster (for simulateAirway or runFlight): the same answers.
    const fromFake = await runFlight(APP, {
      input: readFileSync(APP_YAML),
      release: RELEASE,
      clusterAccess: true,
      resourceAccessMatchers: ["Secret"],
      cluster: clusterFromCassette(parsed),
    });
    expect(fromFake.stdout).toBe(recorded.stdout);
    // ...and under the simulated ATC: the recorded Secret and Deployment are there; the Deployment becomes ready.
    const appAirway = (await exampleAirways()).find((e) => e.source === "examples/app/airway.yaml")!.airway;
    const cluster = clusterFromCassette(parsed)
      .addApiResource({ group: "database.gcp.crossplane.io", version: "v1beta1", kind: "CloudSQLInstance", resource: "cloudsqlinstances", namespaced: false })
      .addApiResource({ group: "examples.com", version: "v1", kind: "App", resource: "apps", namespaced: true });
    const sim = await simulateAirway({ flight: APP, airway: appAirway as never, instance: app, cluster, controllers: [deploymentController()] });
    expect(sim.iterations.map((it) => (it.status as { msg: string }).msg)).toEqual([
      "waiting for application to become ready",
      "application deployed and ready",
    ]);
  });

  it("--keep-secrets keeps Secrets' values, and warns", () => {
    const cassette = join(dir, "kept.cassette.yaml");
    const recorded = flight(["run", APP, "--input", APP_YAML, ...LIVE_FLAGS, "--record", cassette, "--keep-secrets"]);
    expect(recorded.stderr).toBe(`flight run: recorded 2 host calls in ${cassette} (Secrets kept as read: do not commit it)\n`);
    expect(readFileSync(cassette, "utf8")).toContain(`password: ${Buffer.from(SECRET_VALUE).toString("base64")}`);
  });

  it("a replay fails clearly on a call the cassette lacks, and on one it holds that was never made (unless allowed)", async () => {
    const cassette = readCassette(join(dir, "shop.cassette.yaml"));
    const lacking = { ...cassette, calls: cassette.calls.slice(0, 1) };
    await expect(runFlight(APP, { input: app, replay: lacking })).rejects.toThrow(
      new CassetteError(
        'the cassette has no answer for this call the flight made: lookup("shop", "", "Deployment", "apps/v1") (record it again with flight run --record)',
      ),
    );
    const extra = { ...cassette, calls: [...cassette.calls, { call: "restMapping" as const, args: ["apps", "Deployment"], state: 0, result: {} }] };
    await expect(runFlight(APP, { input: app, replay: extra })).rejects.toThrow(
      'the cassette holds 1 call the flight never made: restMapping("apps", "Deployment") (record it again, or pass allowUnused)',
    );
    expect((await runFlight(APP, { input: app, replay: extra, allowUnused: true })).ok).toBe(true);

    const file = join(dir, "lacking.cassette.yaml");
    writeFileSync(file, cassetteYAML(lacking));
    const cli = flight(["run", APP, "--input", APP_YAML, "--replay", file]);
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr.trim()).toBe(
      `flight run: cassette ${file} has no answer for this call the flight made: lookup("shop", "", "Deployment", "apps/v1") (record it again with flight run --record)`,
    );
    expect(() => parseCassette("cassette: 1\nrelease: r\nnamespace: n\ncalls:\n  - call: lookup\n    args: [a]\n    state: 0\n", "x.yaml")).toThrow(
      "x.yaml: calls[0].args must be 4 strings",
    );
  });

  it("only GET requests reached the API server from flight run's identity (audit log)", () => {
    type Entry = { user: { username: string }; verb: string; requestURI: string; stage: string; objectRef?: { resource: string } };
    const entries = readFileSync(AUDIT_LOG, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Entry);
    const fromFlightRun = entries.filter((e) => e.user.username === READER.user && e.stage === "ResponseComplete");
    expect(fromFlightRun.length).toBeGreaterThan(10);
    // Discovery and single objects (get); the one list is --diff reading the release's revisions.
    expect([...new Set(fromFlightRun.map((e) => e.verb))].sort()).toEqual(["get", "list"]);
    for (const e of fromFlightRun.filter((e) => e.verb === "list")) {
      expect(e.objectRef?.resource).toBe("secrets");
      expect(decodeURIComponent(e.requestURI)).toBe(
        `/api/v1/namespaces/default/secrets?labelSelector=internal.yoke/release=${createHash("sha1").update(RELEASE).digest("hex")}`,
      );
    }
    for (const e of fromFlightRun) expect(e.requestURI).toMatch(/^\/(api|apis)(\/|$)/);
  });
});
