// The SDK inside a real flight.wasm, built by `flight build` and run with
// yoke's host functions answered by the test: the same behaviour as in Node.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFlight } from "@yoke-flight/cli";
import { HostState, runWasm, type HostHandlers, type HostReply, type RunOptions } from "@yoke-flight/runtime";

const dir = mkdtempSync(join(tmpdir(), "sdk-in-wasm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const modules: Record<string, WebAssembly.Module> = {};

beforeAll(async () => {
  for (const name of ["async-lookups", "error-kinds", "fails", "echo"]) {
    const outFile = join(dir, `${name}.wasm`);
    await buildFlight({ entry: new URL(`./flights/${name}.ts`, import.meta.url).pathname, outFile });
    modules[name] = new WebAssembly.Module(readFileSync(outFile));
  }
});

function run(name: string, options: RunOptions) {
  const r = runWasm(modules[name]!, options);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { exitCode: r.exitCode, stdout: text(r.stdout), stderr: text(r.stderr) };
}

const secrets: HostHandlers = {
  lookup: (name) => (name === "db" ? [HostState.ok, '{"kind":"Secret"}'] : [HostState.notFound, `secrets "${name}" not found`]),
  restMapping: () => [HostState.featureNotGranted, ""],
};

describe("the SDK in a flight.wasm", () => {
  it("runs an async flight with lookups between awaits", () => {
    const out = run("async-lookups", {
      stdin: JSON.stringify({ metadata: { name: "x" }, spec: { secrets: ["db", "cache"] } }),
      args: ["rel"],
      env: { YOKE_NAMESPACE: "prod" },
      host: secrets,
    });
    expect(out).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: '[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rel-x"},"data":{"db":"true","cache":"false"}}]\n',
    });
  });

  it("maps every host state to its error kind", () => {
    const states: Record<string, HostReply> = {
      a: [0, "{}"],
      b: [1, "feature not granted"],
      c: [2, 'no matches for kind "Secret" in version "v1"'],
      d: [3, 'secrets "d" not found'],
      e: [4, "Unauthorized"],
      f: [5, "forbidden: cannot access resource outside of target release ownership"],
    };
    const out = run("error-kinds", {
      stdin: JSON.stringify(Object.keys(states)),
      host: { lookup: (name) => states[name]!, restMapping: () => [1, ""] },
    });
    expect(JSON.parse(out.stdout)[0].data).toEqual({
      a: "ok",
      b: "not granted",
      c: 'error: no matches for kind "Secret" in version "v1"',
      d: "not found",
      e: "unauthenticated",
      f: "forbidden",
    });
  });

  it("fails with the error's message and a stack that maps back to the TypeScript", () => {
    const out = run("fails", { stdin: "{}" });
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe("");
    // The module maps its positions itself (its position table), no .map needed.
    expect(out.stderr).toMatch(/^Error: spec\.size is required\n\s+at validate \(flights\/fails\.ts:8:15\)\n\s+at <anonymous> \(flights\/fails\.ts:12:1\)/);
  });

  it("reads YAML input and yoke's environment", () => {
    const out = run("echo", {
      stdin: "kind: Thing\nspec:\n  size: 3\n  tags: [a, b]\n",
      args: ["ignored-when-env-set"],
      env: { YOKE_RELEASE: "examples.com.Thing.ns/my-thing", YOKE_NAMESPACE: "ns", NAMESPACE: "ns", YOKE_VERSION: "v0.19.0" },
    });
    expect(JSON.parse(out.stdout)).toEqual([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "my-thing", namespace: "ns" },
        data: { cr: '{"kind":"Thing","spec":{"size":3,"tags":["a","b"]}}', yoke: "v0.19.0" },
      },
    ]);
  });

  it("writes stages, dropping null entries", () => {
    const out = run("echo", { stdin: '{"stages":true}', args: ["r"] });
    const stages = JSON.parse(out.stdout);
    expect(stages.map((s: { metadata: { name: string } }[]) => s.map((r) => r.metadata.name))).toEqual([["r"], ["second"]]);
  });

  it("rejects input that is neither JSON nor YAML, saying where", () => {
    const out = run("echo", { stdin: "kind: Thing\n  bad: indent\n" });
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^FlightInputError: the flight's input is not valid JSON or YAML at line 2, column 6: /);
  });
});
