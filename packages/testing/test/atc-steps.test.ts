// The reconcile's steps one by one (reconcile.ts, takeoff.ts, release-readiness.ts,
// requeue.ts), each beside the yoke code it mirrors; the whole loop is tested on
// built flights in test/harness/atc.test.ts.
import { describe, expect, it } from "vitest";
import {
  FakeCluster,
  canonical,
  desiredStages,
  effectiveMode,
  flightInput,
  readiness,
  releaseReadiness,
  requeueDecision,
  type KubeObject,
} from "@yoke-flight/testing";

const instance: KubeObject = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "team-a", uid: "u1" }, spec: { a: 1 } };
const params = {
  release: "examples.com.Pipeline.team-a.demo",
  namespace: "team-a",
  instance,
  crossNamespace: false,
  prune: {},
  previous: undefined,
  tick: () => {},
  isReady: () => ({ ready: true as const }),
};

describe("desired resources (yoke_takeoff.go)", () => {
  it("drops the identity, adds yoke's metadata and the owner, and sets the release namespace on namespaced kinds only", () => {
    const stages = desiredStages(
      new FakeCluster(),
      [
        [
          { ...instance, status: { msg: "x" } },
          { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", uid: "dropped", resourceVersion: "7" } },
          { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r" } },
        ],
      ],
      params,
    ) as KubeObject[][];
    expect(stages[0]!.map((r) => `${r.kind}:${r.metadata.namespace ?? ""}`)).toEqual(["Job:team-a", "ClusterRole:"]);
    expect(stages[0]![0]!.metadata).toEqual({
      name: "j",
      namespace: "team-a",
      labels: { "app.kubernetes.io/managed-by": "atc.yoke" },
      annotations: {
        "instance.atc.yoke.cd/release": params.release,
        "instance.atc.yoke.cd/namespace": "team-a",
        "instance.atc.yoke.cd/instanceRef": "team-a/Pipeline.examples.com:demo",
      },
      ownerReferences: [{ apiVersion: "examples.com/v1", kind: "Pipeline", name: "demo", uid: "u1" }],
    });
  });

  it("knows the scope of a kind whose CRD is in the output; other unknown kinds are an error", () => {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "ws.w.io" },
      spec: { group: "w.io", names: { kind: "W" }, scope: "Namespaced" },
    };
    const stages = desiredStages(new FakeCluster(), [[crd], [{ apiVersion: "w.io/v1", kind: "W", metadata: { name: "w" } }]], params) as KubeObject[][];
    expect(stages[1]![0]!.metadata.namespace).toBe("team-a");
    expect(
      desiredStages(
        new FakeCluster(),
        [
          [
            { apiVersion: "v.io/v1", kind: "V", metadata: { name: "v" } },
            { apiVersion: "u.io/v1", kind: "U", metadata: { name: "u" } },
          ],
        ],
        params,
      ),
    ).toBe(
      'setting target namespace:\n  - _/v.io/v1/v/v: failed to lookup resource mapping: no matches for kind "V" in version "v.io/v1"' +
        '\n  - _/u.io/v1/u/u: failed to lookup resource mapping: no matches for kind "U" in version "u.io/v1"',
    );
  });

  it("names resources as internal.Canonical does", () => {
    expect(canonical({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } })).toBe("n/core/v1/configmap/c");
    expect(canonical({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "x.y" } })).toBe(
      "_/apiextensions.k8s.io/v1/customresourcedefinition/x.y",
    );
  });
});

describe("readiness of the release", () => {
  const pending = (name: string) => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name, namespace: "n" } });
  const cluster = new FakeCluster([pending("a"), pending("b"), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } }]);
  const check = (r: KubeObject) => readiness(r, cluster);
  it("the ATC stops at the first pending resource; a stage wait sees them all; a missing object is an error", () => {
    const all = cluster.list();
    expect(releaseReadiness(cluster, all, check, { stopAtPending: true }).pending.map((r) => r.metadata.name)).toEqual(["a"]);
    expect(releaseReadiness(cluster, all, check, { stopAtPending: false }).pending.map((r) => r.metadata.name)).toEqual(["a", "b"]);
    expect(releaseReadiness(cluster, [pending("gone")], check, { stopAtPending: true }).errors[0]!.error).toBe(
      'failed to get in cluster state: jobs.batch "gone" not found',
    );
  });
});

describe("mode and input", () => {
  it("overrides.yoke.cd/mode wins when it names a mode", () => {
    const annotated = (mode: string) => ({ ...instance, metadata: { ...instance.metadata, annotations: { "overrides.yoke.cd/mode": mode } } });
    expect(effectiveMode(annotated("subscription"), "static")).toBe("subscription");
    expect(effectiveMode(annotated("bogus"), "static")).toBe("static");
    expect(effectiveMode(instance, undefined)).toBe("standard");
  });

  it("the input is the objectPath's value as Go marshals it", () => {
    expect(flightInput(instance, ["spec"])).toBe('{"a":1}');
    expect(flightInput(instance, ["nope"])).toBe("null");
  });
});

describe("requeue decision (pkg/k8s/ctrl)", () => {
  const base = { events: [], requeueAfterMs: undefined, waiting: false, error: undefined, failures: 0, repeated: false };
  it.each([
    ["an event runs at once", { events: ["a changed", "b changed"] }, { again: true, trigger: "a changed; b changed", afterMs: 1000 }],
    [
      "the readiness requeue",
      { requeueAfterMs: 5000, waiting: true },
      { again: true, trigger: "requeued after 5s: waiting for the release to become ready", afterMs: 5000 },
    ],
    [
      "fixDriftInterval wins over an error's backoff",
      { requeueAfterMs: 60_000, error: "x", failures: 3 },
      { again: true, trigger: "requeued after 1m0s: fixDriftInterval", afterMs: 60_000 },
    ],
    [
      "the third failure backs off 4 s",
      { error: "x", failures: 3 },
      { again: true, trigger: "requeued after 4s: the reconcile failed (backoff)", afterMs: 4000 },
    ],
    [
      "backoff stops growing at 15 min",
      { error: "x", failures: 30 },
      { again: true, trigger: "requeued after 15m0s: the reconcile failed (backoff)", afterMs: 900_000 },
    ],
    ["nothing to wait for", {}, { again: false, settled: "no event or requeue: the ATC waits for a change" }],
    [
      "a repeat changes nothing",
      { requeueAfterMs: 5000, waiting: true, repeated: true },
      { again: false, settled: "requeued every 5s (waiting for the release to become ready), but a run changes nothing any more" },
    ],
  ])("%s", (_, facts, decision) => {
    expect(requeueDecision({ ...base, ...facts })).toEqual(decision);
  });
});
