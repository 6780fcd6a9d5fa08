// Cassettes offline: a run's host calls recorded (here from the emulation; from
// a live cluster in test/control-plane/live.test.ts), written as YAML, read
// back and replayed by the real App example flight to the same bytes;
// Secrets redacted; a cassette as a FakeCluster.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  FakeCluster,
  REDACTED_DATA,
  REDACTED_STRING,
  answerOf,
  cassetteOf,
  cassetteYAML,
  clusterFromCassette,
  emulateHost,
  parseCassette,
  redactSecret,
  runFlight,
  withYokeMetadata,
  type KubeObject,
} from "@yoke-flight/testing";

const APP = fileURLToPath(new URL("../../../examples/app/dist/flight.wasm", import.meta.url));
const app = { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "shop", namespace: "default" }, spec: { image: "nginx:1.27" } };
const RELEASE = "examples.com.App.default.shop";
const secret: KubeObject = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "shop", namespace: "default", annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"c2VjcmV0"}}' } },
  data: { password: "c2VjcmV0" },
  stringData: { token: "plain" },
} as KubeObject;
const deployment = withYokeMetadata(
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "shop", namespace: "default" }, spec: { replicas: 1 } } as KubeObject,
  RELEASE,
  "default",
);
const access = { clusterAccess: true, resourceAccessMatchers: ["Secret"] };

async function recorded() {
  const run = await runFlight(APP, { input: app, cluster: [secret, deployment], ...access });
  const cassette = cassetteOf({ release: RELEASE, namespace: "default", env: {}, args: [], ...access, lookups: run.lookups });
  return { run, cassette };
}

describe("cassettes", () => {
  it("replay the recorded answers to the same output, through YAML", async () => {
    const { run, cassette } = await recorded();
    expect(cassette.calls.map((c) => [c.call, c.state])).toEqual([
      ["lookup", 0],
      ["lookup", 0],
    ]);
    const parsed = parseCassette(cassetteYAML(cassette));
    expect(parsed).toEqual(cassette);
    const replayed = await runFlight(APP, { input: app, replay: parsed });
    expect(replayed.stdout).toBe(run.stdout);
    // The answer's bytes are yoke's: the emulation's body for the (unredacted) Deployment.
    const emulation = emulateHost({ cluster: new FakeCluster([deployment]), release: RELEASE, namespace: "default", access: { enabled: true } });
    expect(answerOf(parsed.calls[1]!)).toEqual(emulation.handlers.lookup("shop", "", "Deployment", "apps/v1"));
  });

  it("redact Secrets' values and kubectl's copy of them by default", async () => {
    const { cassette } = await recorded();
    const stored = cassette.calls[0]!.result as { data: object; stringData: object; metadata: { annotations: Record<string, string> } };
    expect(stored.data).toEqual({ password: REDACTED_DATA });
    expect(stored.stringData).toEqual({ token: REDACTED_STRING });
    expect(stored.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toBe(REDACTED_STRING);
    expect(cassetteYAML(cassette)).not.toContain("c2VjcmV0");
    expect(redactSecret(deployment)).toBe(deployment);
  });

  it("become a FakeCluster with the objects found and the API server's refusals", async () => {
    const { run, cassette } = await recorded();
    const denied = {
      call: "lookup" as const,
      args: ["db", "default", "Secret", "v1"],
      state: 5,
      result: 'secrets "db" is forbidden: User "u" cannot get resource "secrets" in API group "" in the namespace "default"',
    };
    const cluster = clusterFromCassette({ ...cassette, calls: [...cassette.calls, denied] });
    const fromCluster = await runFlight(APP, { input: app, cluster, ...access });
    expect(fromCluster.stdout).toBe(run.stdout);
    const h = emulateHost({ cluster, release: RELEASE, namespace: "default", access: { enabled: true, resourceMatchers: ["Secret"] } });
    expect(h.handlers.lookup("db", "default", "Secret", "v1")).toEqual([5, denied.result]);
  });

  it("reject a malformed file with the field at fault", () => {
    expect(() => parseCassette("cassette: 2\n", "c.yaml")).toThrow("c.yaml: cassette must be 1, not 2");
    expect(() => parseCassette("cassette: 1\nrelease: r\nnamespace: n\ncalls:\n  - call: get\n", "c.yaml")).toThrow(
      /^c\.yaml: calls\[0\]\.call must be lookup or /,
    );
  });
});
