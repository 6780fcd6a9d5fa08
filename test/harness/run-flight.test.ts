// runFlight on real flights: invocation as yoke does it, the host functions,
// and every way a flight can misbehave.
import { describe, expect, it } from "vitest";
import { FakeCluster, YOKE_VERSION, runFlight, withYokeMetadata } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import { flight } from "./build.js";

describe("the invocation", () => {
  it("sets YOKE_RELEASE, YOKE_NAMESPACE, NAMESPACE, YOKE_VERSION and args[0] as yoke does", async () => {
    const run = await runFlight(await flight("echo-invocation"), {
      input: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "web", namespace: "prod" } },
      env: { EXTRA: "x", YOKE_RELEASE: "ignored: yoke's own variables win" },
      args: ["--verbose"],
    });
    expect(run).toSucceed();
    const data = run.resources[0]!.data as Record<string, string>;
    expect(JSON.parse(data.env!)).toEqual({
      YOKE_RELEASE: "examples.com.App.prod.web",
      YOKE_NAMESPACE: "prod",
      NAMESPACE: "prod",
      YOKE_VERSION,
      EXTRA: "x",
    });
    expect(JSON.parse(data.args!)).toEqual(["--verbose"]);
    expect(data.release).toBe("examples.com.App.prod.web");
  });

  it("passes an object as the ATC does (Go's json.Marshal, sorted keys) and a string as is", async () => {
    const path = await flight("echo-invocation");
    const fromObject = await runFlight(path, { input: { spec: { b: 1, a: 2 }, kind: "X" } });
    expect((fromObject.resources[0]!.data as Record<string, string>).input).toBe('{"kind":"X","spec":{"a":2,"b":1}}');
    const fromYaml = await runFlight(path, { input: "kind: X\nspec:\n  b: 1\n", release: "r" });
    expect((fromYaml.resources[0]!.data as Record<string, string>).input).toBe('{"kind":"X","spec":{"b":1}}');
    expect((fromYaml.resources[0]!.data as Record<string, string>).release).toBe("r");
  });
});

describe("host functions through a real flight", () => {
  const release = "examples.com.App.default.web";
  const id = (name: string, kind = "Secret", apiVersion = "v1") => ({ apiVersion, kind, name, namespace: "default" });
  const lookup = async (input: object, options: Parameters<typeof runFlight>[1] = {}) => {
    const run = await runFlight(await flight("lookup"), { input, release, namespace: "default", clusterAccess: true, ...options });
    expect(run).toSucceed();
    return (run.resources[0]!.data as { result: string }).result;
  };
  const owned = withYokeMetadata({ apiVersion: "v1", kind: "Secret", metadata: { name: "mine", namespace: "default" } }, release, "default", "atc.yoke");
  const foreign = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" } };

  it("without cluster access every lookup is 'not granted'", async () => {
    expect(await lookup(id("mine"), { clusterAccess: false, cluster: [owned] })).toBe(
      "not granted: access to the cluster has not been granted for this flight invocation",
    );
  });

  it("finds what the release owns, and tracks it", async () => {
    const run = await runFlight(await flight("lookup"), { input: id("mine"), release, clusterAccess: true, cluster: [owned] });
    expect((run.resources[0]!.data as { result: string }).result).toMatch(/^found \{"apiVersion":"v1","kind":"Secret","metadata":\{"annotations"/);
    expect(run.tracked.internal).toEqual(["default/Secret:mine"]);
    expect(run.lookups.map((l) => l.state)).toEqual([0]);
  });

  it("forbids what it does not own unless a matcher allows it", async () => {
    expect(await lookup(id("db"), { cluster: [foreign] })).toBe("forbidden: forbidden: cannot access resource outside of target release ownership");
    expect(await lookup(id("db"), { cluster: [foreign], resourceAccessMatchers: ["Secret"] })).toMatch(/^found /);
  });

  it("answers not found, unauthenticated and unknown kinds with yoke's texts", async () => {
    expect(await lookup(id("nope"))).toBe('not found: secrets "nope" not found');
    const cluster = new FakeCluster().deny({ matcher: "*", as: "unauthenticated" });
    expect(await lookup(id("x"), { cluster })).toBe("unauthenticated: Unauthorized");
    expect(await lookup(id("x", "Widget", "examples.com/v1"))).toBe('error: no matches for kind "Widget" in version "examples.com/v1"');
  });
});

describe("misbehaving flights", () => {
  it("stops a flight that never returns at its timeout, with yoke's message, and the next run still works", async () => {
    const started = Date.now();
    const run = await runFlight(await flight("endless"), { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run).toFailWith("execution timeout (300ms) exceeded");
    expect(await runFlight(await flight("stages"))).toSucceed();
  });

  it("stops a flight that allocates without bound at maxMemoryMib", async () => {
    const run = await runFlight(await flight("hog"), { maxMemoryMib: 16 });
    expect(run.exitCode).toBe(1);
    expect(run).toFailWith(/^out of memory: the flight needed .* more, having used all of its 16 MiB, the most memory its host allows/);
    expect(run.error).toMatch(/\n {4}at <anonymous> \(flights\/hog\.ts:3:\d+\)/);
  });

  it("reports a flight writing something that is not JSON", async () => {
    const run = await runFlight(await flight("not-json"));
    expect(run).toFailWith("the flight's output must be a resource, a list of resources, or a list of lists of resources");
  });

  it("reports a flight that throws, at its TypeScript line", async () => {
    const run = await runFlight(await flight("throws"), { input: { spec: {} } });
    expect(run.exitCode).toBe(1);
    expect(run.error).toMatch(
      /^Error: spec\.image is required\n\s+at requireImage \(.*flights\/throws\.ts:5:30\)\n\s+at <anonymous> \(.*flights\/throws\.ts:9:1\)/,
    );
    // The module itself prints the TypeScript positions (module-errors.test.ts).
    expect(run.rawStderr).toBe(run.stderr);
  });

  it("reports input that is neither JSON nor YAML", async () => {
    const run = await runFlight(await flight("throws"), { input: "spec: [unclosed" });
    expect(run).toFailWith(/^FlightInputError: the flight's input is not valid JSON or YAML at line 2, column 1/);
  });

  it("crashes cleanly when the host answers with more than the flight's memory can hold", async () => {
    const huge = withYokeMetadata(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big", namespace: "default" }, data: { blob: "x".repeat(12 * 1024 * 1024) } },
      "r",
      "default",
    );
    const run = await runFlight(await flight("lookup"), {
      input: { name: "big", namespace: "default", kind: "ConfigMap", apiVersion: "v1" },
      release: "r",
      clusterAccess: true,
      cluster: [huge],
      maxMemoryMib: 8,
    });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(
      /^the flight crashed: RuntimeError: unreachable\nyoke-flight: the host asked for a buffer larger than the flight's memory can hold/,
    );
  });
});

describe("output", () => {
  it("reads stages, putting a stage's Namespaces first as yoke applies them", async () => {
    const run = await runFlight(await flight("stages"));
    expect(run.stages.map((s) => s.map((r) => r.metadata.name))).toEqual([["first"], ["team"], ["second"]]);
    expect(run.resources.map((r) => r.metadata.name)).toEqual(["first", "second", "team"]);
    expect(run).toContainResource({ kind: "Namespace", name: "team" });
  });
});
