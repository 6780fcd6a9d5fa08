// The SDK's behaviour in Node, against a scripted host.
import { afterEach, describe, expect, it } from "vitest";
import {
  ErrClusterAccessNotGranted,
  ErrForbidden,
  ErrNotFound,
  ErrUnauthenticated,
  FlightInputError,
  FlightOutputError,
  args,
  env,
  findCondition,
  hasCondition,
  input,
  isErrClusterAccessNotGranted,
  isErrForbidden,
  isErrNotFound,
  isErrUnauthenticated,
  k8s,
  namespace,
  now,
  output,
  parseInput,
  outputStages,
  release,
  seededRandom,
  setCondition,
  setHost,
  yaml,
  yokeVersion,
} from "@yoke-flight/sdk";
import { scriptedHost, type Script } from "./host.js";

function use(script: Script) {
  const h = scriptedHost(script);
  setHost(h.host);
  return h;
}
afterEach(() => setHost(undefined));

describe("input", () => {
  it("parses JSON", () => {
    use({ stdin: '{"kind":"Pipeline","metadata":{"name":"p"}}' });
    expect(input()).toEqual({ kind: "Pipeline", metadata: { name: "p" } });
  });

  it("parses YAML, including flow style that looks like JSON", () => {
    use({ stdin: "kind: Pipeline\nmetadata:\n  name: p # comment\nspec:\n  steps: [a, b]\n" });
    expect(input()).toEqual({ kind: "Pipeline", metadata: { name: "p" }, spec: { steps: ["a", "b"] } });
    use({ stdin: "{kind: Pipeline, metadata: {name: p}}" });
    expect(input()).toEqual({ kind: "Pipeline", metadata: { name: "p" } });
  });

  it("reads stdin once per run", () => {
    let reads = 0;
    const h = scriptedHost({ stdin: "{}" });
    setHost({ ...h.host, readStdin: () => (reads++, "{}") });
    input();
    input();
    expect(reads).toBe(1);
  });

  it("names the line and column of a YAML error", () => {
    use({ stdin: "kind: Pipeline\nmetadata:\n  name: [unclosed\n" });
    expect(() => input()).toThrow(FlightInputError);
    expect(() => input()).toThrow(/not valid JSON or YAML at line 4, column 1/);
  });

  it("explains invalid JSON", () => {
    use({ stdin: '{"kind": "Pipeline"' });
    expect(() => input()).toThrow(/^the flight's input is not valid JSON: /);
  });

  it("reads JSON-looking YAML as YAML, like Go's YAML-or-JSON decoder", () => {
    use({ stdin: '{"kind": }' });
    expect(input()).toEqual({ kind: null });
  });

  it("rejects empty input unless optional", () => {
    use({ stdin: "  \n" });
    expect(() => input()).toThrow(/the flight's input is empty/);
    expect(input({ optional: true })).toBeUndefined();
  });

  it.each([
    ["hello world", 'a string ("hello world")'],
    ["42", "a number (42)"],
    ["true", "a boolean (true)"],
  ])("refuses %j: the custom resource is an object", (stdin, what) => {
    use({ stdin });
    expect(() => input()).toThrow(
      new FlightInputError(
        `the flight's input must be an object (the custom resource), but it is ${what}; to read other input, use inputText() (and yaml.parse or yaml.parseAll)`,
      ),
    );
  });

  it("reads a list, which a Go flight may decode into a slice", () => {
    use({ stdin: "- a\n- b\n" });
    expect(input<string[]>()).toEqual(["a", "b"]);
  });

  it("a null document is empty input: refused, or undefined when optional", () => {
    for (const stdin of ["null", "~\n", "---\n# only a comment\n"]) {
      use({ stdin });
      expect(() => input()).toThrow(/^the flight's input is empty/);
      expect(input({ optional: true })).toBeUndefined();
    }
  });

  it("takes the first of several YAML documents, as a Go flight's YAMLToJSONDecoder, and says so on stderr", () => {
    const h = use({ stdin: "# leading comment\n---\nkind: A\n--- # second\nkind: B\n---\nkind: [broken\n" });
    expect(input()).toEqual({ kind: "A" });
    expect(h.stderr()).toBe(
      "input(): the input holds 3 YAML documents; the flight's input is the first, " +
        "as for a Go flight (yaml.NewYAMLToJSONDecoder); read them all with yaml.parseAll(inputText())\n",
    );
    const all = use({ stdin: '{"kind":"A"}\n---\n{"kind":"B"}\n' });
    expect(input()).toEqual({ kind: "A" });
    expect(all.stderr()).toContain("holds 2 YAML documents");
  });

  it("keeps a %YAML directive with its document; parseInput() alone reads the first document without a note", () => {
    const h = use({ stdin: "%YAML 1.2\n---\nkind: A\n" });
    expect(input()).toEqual({ kind: "A" });
    expect(parseInput("a: 1\n---\nb: 2\n")).toEqual({ a: 1 });
    expect(h.stderr()).toBe("");
  });

  it("names the line of a YAML error in the whole input, not in its document", () => {
    use({ stdin: "---\nkind: A\nspec: [unclosed\n---\nkind: B\n" });
    expect(() => input()).toThrow(/not valid JSON or YAML at line 4, column 1/);
  });

  // Nesting too deep for QuickJS's parser: test/conformance/odd-inputs.json (inside the .wasm, under yoke and flight run).
});

describe("yaml", () => {
  it("parses one document, typed, and all documents of a stream", () => {
    const one = yaml.parse<{ kind: string }>("kind: Pipeline\n");
    expect(one.kind).toBe("Pipeline");
    expect(yaml.parseAll("a: 1\n---\nb: 2\n---\n")).toEqual([{ a: 1 }, { b: 2 }, null]);
    expect(() => yaml.parse("a: 1\n---\nb: 2\n")).toThrow(/expected a single document/);
  });

  it("writes YAML that reads back the same", () => {
    const value = { data: { "config.yaml": "a: 1\nb: [2]\n" }, list: [1, "two", null], long: "x".repeat(200) };
    expect(yaml.parse(yaml.stringify(value))).toEqual(value);
    expect(yaml.stringify({ a: 1 })).toBe("a: 1\n");
  });
});

describe("determinism helpers", () => {
  it("seededRandom gives the same sequence for the same seed, another for another", () => {
    const draw = (seed: string) => {
      const r = seededRandom(seed);
      return [r(), r(), r()];
    };
    expect(draw("uid-1")).toEqual(draw("uid-1"));
    expect(draw("uid-1")).not.toEqual(draw("uid-2"));
    expect(draw("uid-1").every((n) => n >= 0 && n < 1)).toBe(true);
    // Pinned: the same numbers in every engine and every version of the SDK.
    expect(seededRandom("demo")().toFixed(12)).toBe("0.838889053091");
  });

  it("now() is Kubernetes' time format: RFC 3339, whole seconds, UTC", () => {
    expect(now()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(now()) - Date.now())).toBeLessThan(2000);
  });
});

describe("output", () => {
  const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });

  it("writes resources like flight.Resources, dropping null entries", () => {
    const h = use({});
    output([cm("a"), null, undefined, false, cm("b")]);
    expect(h.stdout()).toBe(
      '[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}]\n',
    );
  });

  it("writes stages as an array of resource arrays", () => {
    const h = use({});
    outputStages([[cm("crd")], [cm("a"), null]]);
    expect(JSON.parse(h.stdout())).toEqual([[cm("crd")], [cm("a")]]);
  });

  it("names the entry that is not a Kubernetes object", () => {
    use({});
    expect(() => output([cm("a"), { apiVersion: "v1", metadata: { name: "x" } }])).toThrow(
      new FlightOutputError("resources[1].kind is missing (apiVersion v1)"),
    );
    setHost(scriptedHost().host);
    expect(() => outputStages([[cm("a")], [{ apiVersion: "v1", kind: "Secret", metadata: {} }]])).toThrow("stages[1][0].metadata.name is missing (Secret v1)");
    setHost(scriptedHost().host);
    expect(() => output(["text" as never])).toThrow("resources[0] is not a Kubernetes object (got string)");
  });

  it("writes once per run", () => {
    use({});
    output([]);
    expect(() => output([])).toThrow("already written");
  });
});

describe("environment, as yoke sets it", () => {
  it("release() is YOKE_RELEASE's last path segment, else args[0]'s", () => {
    use({ env: { YOKE_RELEASE: "examples.com.Pipeline.default/demo" }, args: ["ignored"] });
    expect(release()).toBe("demo");
    use({ env: {}, args: ["/path/to/my-release", "x"] });
    expect(release()).toBe("my-release");
    expect(args()).toEqual(["x"]);
  });

  it("namespace() prefers YOKE_NAMESPACE, then NAMESPACE", () => {
    use({ env: { NAMESPACE: "b" } });
    expect(namespace()).toBe("b");
    use({ env: { YOKE_NAMESPACE: "a", NAMESPACE: "b", YOKE_VERSION: "v0.20.1" } });
    expect(namespace()).toBe("a");
    expect(yokeVersion()).toBe("v0.20.1");
    expect(env("NAMESPACE")).toBe("b");
  });
});

describe("k8s", () => {
  const id = { name: "web", namespace: "prod", kind: "Deployment", apiVersion: "apps/v1" };

  it("returns the parsed object and passes the identifier through", () => {
    const calls: string[][] = [];
    use({ lookup: (...a) => (calls.push(a), [0, '{"kind":"Deployment","metadata":{"name":"web"}}']) });
    expect(k8s.lookup(id)).toEqual({ kind: "Deployment", metadata: { name: "web" } });
    expect(k8s.lookupResource({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } })).toBeTruthy();
    expect(calls).toEqual([
      ["web", "prod", "Deployment", "apps/v1"],
      ["s", "", "Secret", "v1"],
    ]);
  });

  it.each([
    [1, ErrClusterAccessNotGranted, isErrClusterAccessNotGranted, "access to the cluster has not been granted for this flight invocation"],
    [3, ErrNotFound, isErrNotFound, 'deployments.apps "web" not found'],
    [4, ErrUnauthenticated, isErrUnauthenticated, "Unauthorized"],
    [5, ErrForbidden, isErrForbidden, "forbidden: cannot access resource outside of target release ownership"],
  ] as const)("maps state %i to %o", (state, kind, is, message) => {
    use({ lookup: () => [state, message] });
    let caught: unknown;
    try {
      k8s.lookup(id);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(kind);
    expect((caught as Error).message).toBe(message);
    expect(is(caught)).toBe(true);
    expect(is(new Error("wrapped", { cause: new Error("twice", { cause: caught }) }))).toBe(true);
    expect(is(new Error("other"))).toBe(false);
  });

  it("maps the error state to a plain Error with the host's message", () => {
    use({ lookup: () => [2, 'no matches for kind "Nope" in version "x.io/v1"'] });
    expect(() => k8s.lookup(id)).toThrow(new Error('no matches for kind "Nope" in version "x.io/v1"'));
  });

  it("find() and findResource() return null for NotFound and throw the rest", () => {
    use({ lookup: () => [3, "not found"] });
    expect(k8s.find(id)).toBeNull();
    expect(k8s.findResource({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } })).toBeNull();
    use({ lookup: () => [5, "forbidden"] });
    expect(() => k8s.find(id)).toThrow(ErrForbidden);
  });

  it("restMapping() turns yoke's Go struct into camelCase", () => {
    use({ restMapping: () => [0, '{"Group":"apps","Version":"v1","Kind":"Deployment","Resource":"deployments","Namespaced":true}'] });
    expect(k8s.restMapping("apps", "Deployment")).toEqual({ group: "apps", version: "v1", kind: "Deployment", resource: "deployments", namespaced: true });
  });

  it("without a host in Node, lookups say cluster access is not granted", () => {
    setHost(undefined);
    expect(() => k8s.lookup(id)).toThrow(ErrClusterAccessNotGranted);
  });
});

describe("conditions", () => {
  const job = {
    status: {
      conditions: [
        { type: "Complete", status: "True" },
        { type: "Failed", status: "False" },
      ],
    },
  };
  it("finds conditions by type and status", () => {
    expect(findCondition(job, "Complete")).toEqual({ type: "Complete", status: "True" });
    expect(hasCondition(job, "Failed")).toBe(true);
    expect(hasCondition(job, "Failed", "True")).toBe(false);
    expect(hasCondition(null, "Complete")).toBe(false);
    expect(hasCondition({ status: { conditions: null } }, "Complete")).toBe(false);
  });

  it("ignore a condition observed for another generation, as yoke's MeetsConditions does", () => {
    const stale = { metadata: { generation: 3 }, status: { conditions: [{ type: "Ready", status: "True", observedGeneration: 2 }] } };
    expect(findCondition(stale, "Ready")).toBeUndefined();
    expect(hasCondition(stale, "Ready", "True")).toBe(false);
    stale.status.conditions[0]!.observedGeneration = 3;
    expect(hasCondition(stale, "Ready", "True")).toBe(true);
    stale.status.conditions[0]!.observedGeneration = 0; // 0: not observed for any particular generation
    expect(hasCondition(stale, "Ready", "True")).toBe(true);
  });

  it("setCondition: meta.SetStatusCondition's semantics, observedGeneration from the object", () => {
    const obj: { metadata: { generation: number }; status?: { conditions?: Record<string, unknown>[] } } = { metadata: { generation: 2 } };
    expect(setCondition(obj, { type: "Ready", status: "False", reason: "Waiting", message: "not yet", lastTransitionTime: "2026-01-01T00:00:00Z" })).toBe(true);
    expect(obj.status!.conditions).toEqual([
      { type: "Ready", status: "False", reason: "Waiting", message: "not yet", observedGeneration: 2, lastTransitionTime: "2026-01-01T00:00:00Z" },
    ]);
    // Same status: the transition time stays, even when another is given.
    expect(setCondition(obj, { type: "Ready", status: "False", reason: "Waiting", message: "still not", lastTransitionTime: "2026-02-02T00:00:00Z" })).toBe(
      true,
    );
    expect(obj.status!.conditions![0]).toMatchObject({ message: "still not", lastTransitionTime: "2026-01-01T00:00:00Z" });
    expect(setCondition(obj, { type: "Ready", status: "False", reason: "Waiting", message: "still not" })).toBe(false);
    // A new status: the transition time moves (now, in RFC 3339 seconds, when none is given).
    expect(setCondition(obj, { type: "Ready", status: "True", reason: "Done", message: "ok" })).toBe(true);
    expect(obj.status!.conditions![0]!.lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.status!.conditions![0]!.lastTransitionTime).not.toBe("2026-01-01T00:00:00Z");
  });
});
