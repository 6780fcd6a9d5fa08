// yoke's host functions emulated against a fake cluster: the same states,
// messages and tracked references as yokecd/yoke internal/wasi/host/host.go.
import { describe, expect, it } from "vitest";
import { FakeCluster, emulateHost, goMarshal, withYokeMetadata, type KubeObject } from "@yoke-flight/testing";

const release = "examples.com.App.default.web";
const owned = (o: KubeObject) => withYokeMetadata(o, release, "default", "atc.yoke");
const secret = (name: string, namespace = "default"): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace },
  data: { b: "Mg==", a: "MQ==" },
});

function host(objects: KubeObject[], access = { enabled: true, resourceMatchers: [] as string[] }, cluster = new FakeCluster(objects)) {
  return emulateHost({ cluster, release, namespace: "default", access });
}

describe("k8s_lookup", () => {
  it("answers 'feature not granted' when cluster access is off", () => {
    const h = host([owned(secret("a"))], { enabled: false, resourceMatchers: [] });
    expect(h.handlers.lookup("a", "default", "Secret", "v1")).toEqual([1, "feature not granted"]);
  });

  it("returns an object the release owns as Go marshals it (sorted keys) and tracks it as internal", () => {
    const h = host([owned(secret("a"))]);
    const answer = h.handlers.lookup("a", "default", "Secret", "v1");
    expect(answer[0]).toBe(0);
    expect(answer[1].startsWith('{"apiVersion":"v1","data":{"a":"MQ==","b":"Mg=="},"kind":"Secret","metadata":{"annotations":')).toBe(true);
    expect(h.tracked()).toEqual({ internal: ["default/Secret:a"], external: [], candidate: [] });
  });

  it("forbids an object outside the release, with yoke's message", () => {
    const h = host([secret("other")]);
    expect(h.handlers.lookup("other", "default", "Secret", "v1")).toEqual([5, "forbidden: cannot access resource outside of target release ownership"]);
    expect(h.tracked()).toEqual({ internal: [], external: [], candidate: [] });
  });

  it("forbids an object another release owns", () => {
    const other = withYokeMetadata(secret("theirs"), "another", "default");
    expect(host([other]).handlers.lookup("theirs", "default", "Secret", "v1")[0]).toBe(5);
  });

  it("allows an object outside the release through a matcher and tracks it as external", () => {
    const h = host([secret("db")], { enabled: true, resourceMatchers: ["Secret"] });
    expect(h.handlers.lookup("db", "default", "Secret", "v1")[0]).toBe(0);
    expect(h.tracked().external).toEqual(["default/Secret:db"]);
  });

  it("answers NotFound with the API server's text, tracking a candidate (or an external reference under a matcher)", () => {
    const h = host([]);
    expect(h.handlers.lookup("web-one", "default", "Job", "batch/v1")).toEqual([3, 'jobs.batch "web-one" not found']);
    expect(h.handlers.lookup("db", "", "Secret", "v1")).toEqual([3, 'secrets "db" not found']);
    expect(h.tracked()).toEqual({ internal: [], external: [], candidate: ["default/Job.batch:web-one", "default/Secret:db"] });
    const m = host([], { enabled: true, resourceMatchers: ["default/Secret"] });
    m.handlers.lookup("db", "default", "Secret", "v1");
    expect(m.tracked().external).toEqual(["default/Secret:db"]);
  });

  it("defaults the namespace of a namespaced kind to 'default'", () => {
    const h = host([owned(secret("a"))]);
    expect(h.handlers.lookup("a", "", "Secret", "v1")[0]).toBe(0);
  });

  it("looks up a cluster-scoped kind without a namespace", () => {
    const ns = owned({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    expect(host([ns]).handlers.lookup("team", "ignored", "Namespace", "v1")[0]).toBe(0);
  });

  it("reports an unknown kind or version with apimachinery's NoKindMatchError text", () => {
    const h = host([]);
    expect(h.handlers.lookup("x", "", "Nope", "examples.com/v1")).toEqual([2, 'no matches for kind "Nope" in version "examples.com/v1"']);
    expect(h.handlers.lookup("x", "", "Deployment", "apps/v2")).toEqual([2, 'no matches for kind "Deployment" in version "apps/v2"']);
    expect(h.handlers.lookup("x", "", "Secret", "a/b/c")).toEqual([2, "unexpected GroupVersion string: a/b/c"]);
  });

  it("serves custom resources once their CRD is in the cluster", () => {
    const crd: KubeObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "pipelines.examples.com" },
      spec: {
        group: "examples.com",
        names: { kind: "Pipeline", plural: "pipelines" },
        scope: "Namespaced",
        versions: [{ name: "v1", served: true, storage: true }],
      },
    };
    const h = host([crd]);
    expect(h.handlers.lookup("p", "", "Pipeline", "examples.com/v1")).toEqual([3, 'pipelines.examples.com "p" not found']);
  });

  it("answers what the API server denies: RBAC forbidden (5) and unauthenticated (4)", () => {
    const cluster = new FakeCluster([owned(secret("a"))])
      .deny({ matcher: "default/Secret:a", as: "forbidden" })
      .deny({ matcher: "kube-system/*", as: "unauthenticated" });
    const h = host([], { enabled: true, resourceMatchers: [] }, cluster);
    expect(h.handlers.lookup("a", "default", "Secret", "v1")).toEqual([
      5,
      'secrets "a" is forbidden: User "system:serviceaccount:atc:atc" cannot get resource "secrets" in API group "" in the namespace "default"',
    ]);
    expect(h.handlers.lookup("x", "kube-system", "ConfigMap", "v1")).toEqual([4, "Unauthorized"]);
  });

  it("records every call for the test to inspect", () => {
    const h = host([]);
    h.handlers.lookup("a", "", "Secret", "v1");
    expect(h.lookups).toEqual([{ call: "lookup", args: ["a", "", "Secret", "v1"], state: 3, result: 'secrets "a" not found' }]);
  });
});

describe("k8s_rest_mapping", () => {
  it("maps built-in kinds by group or group/version, as yoke's Go struct", () => {
    const h = host([]);
    expect(h.handlers.restMapping("apps/v1", "Deployment")).toEqual([
      0,
      '{"Group":"apps","Version":"v1","Kind":"Deployment","Resource":"deployments","Namespaced":true}',
    ]);
    expect(JSON.parse(h.handlers.restMapping("", "Namespace")[1])).toEqual({
      Group: "",
      Version: "v1",
      Kind: "Namespace",
      Resource: "namespaces",
      Namespaced: false,
    });
    expect(h.handlers.restMapping("batch", "Job")[0]).toBe(0);
  });

  it('reads "v1" as a group, like yoke (which cuts at the first slash)', () => {
    expect(host([]).handlers.restMapping("v1", "Secret")).toEqual([2, 'no matches for kind "Secret" in group "v1"']);
  });

  it("needs cluster access", () => {
    expect(host([], { enabled: false, resourceMatchers: [] }).handlers.restMapping("apps/v1", "Deployment")[0]).toBe(1);
  });
});

describe("goMarshal", () => {
  it("sorts keys at every level and escapes like Go", () => {
    expect(goMarshal({ b: { y: 1, x: [{ d: 1, c: "<&>" }] }, a: null })).toBe('{"a":null,"b":{"x":[{"c":"\\u003c\\u0026\\u003e","d":1}],"y":1}}');
  });
});

describe("FakeCluster's compact state (what runFlight posts to its worker)", () => {
  const crd = { group: "examples.com", version: "v1", kind: "Pipeline", resource: "pipelines", namespaced: true };

  it("leaves the built-in API resources out, and from() puts them back in order", () => {
    const cluster = new FakeCluster([secret("a")]).addApiResource(crd);
    const compact = cluster.compactState();
    expect(compact.builtinApiResources).toBe(true);
    expect(compact.apiResources).toEqual([crd]);
    const copy = FakeCluster.from(structuredClone(compact));
    expect(copy.apiResources()).toEqual(cluster.apiResources());
    expect(copy.state()).toEqual(cluster.state());
  });

  it("is the whole state when the built-ins are not served as they are", () => {
    const cluster = FakeCluster.from({ objects: [], apiResources: [crd], denials: [], user: "u" });
    expect(cluster.compactState()).toEqual(cluster.state());
    expect(FakeCluster.from(cluster.compactState()).apiResources()).toEqual([crd]);
  });
});
