// The example flights run under Node's own WASI implementation (node:wasi)
// exactly as under the pure-JS WASI host that the harness uses. We do not use
// node:wasi for everything: it can crash the Node process after some dozens
// of instantiations with host calls (nodejs/node#46777); a handful of runs,
// with V8's fast API calls turned off, is safe.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { WASI } from "node:wasi";
import { afterAll, describe, expect, it } from "vitest";
import { HostState, hostImports, runWasm, type HostHandlers } from "@yoke-flight/runtime";

setFlagsFromString("--no-turbo-fast-api-calls");

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "node-wasi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function underNodeWasi(module: WebAssembly.Module, stdin: string, host: HostHandlers, env: Record<string, string>, args: string[]) {
  const files = { stdin: join(dir, "in"), stdout: join(dir, "out"), stderr: join(dir, "err") };
  writeFileSync(files.stdin, stdin);
  const fds = { stdin: openSync(files.stdin, "r"), stdout: openSync(files.stdout, "w"), stderr: openSync(files.stderr, "w") };
  try {
    const wasi = new WASI({ version: "preview1", args, env, returnOnExit: true, ...fds });
    let instance: WebAssembly.Instance | undefined;
    instance = new WebAssembly.Instance(module, { ...wasi.getImportObject(), host: hostImports(() => instance!, host) } as WebAssembly.Imports);
    const exitCode = wasi.start(instance);
    return { exitCode, stdout: readFileSync(files.stdout, "utf8"), stderr: readFileSync(files.stderr, "utf8") };
  } finally {
    Object.values(fds).forEach((fd) => closeSync(fd));
  }
}

function underOurWasi(module: WebAssembly.Module, stdin: string, host: HostHandlers, env: Record<string, string>, args: string[]) {
  const r = runWasm(module, { stdin, host, env, args });
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { exitCode: r.exitCode, stdout: text(r.stdout), stderr: text(r.stderr) };
}

const job = (name: string, type: string) => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name }, status: { conditions: [{ type, status: "True" }] } });
const cluster = (objects: object[]): HostHandlers => ({
  lookup: (name, _ns, kind) => {
    const found = objects.find((o) => (o as { kind: string }).kind === kind && (o as { metadata: { name: string } }).metadata.name === name);
    return found ? [HostState.ok, JSON.stringify(found)] : [HostState.notFound, `"${name}" not found`];
  },
  restMapping: () => [HostState.featureNotGranted, ""],
});
const env = { YOKE_RELEASE: "demo", YOKE_NAMESPACE: "default", NAMESPACE: "default", YOKE_VERSION: "v0.19.0" };

const scenarios = [
  { flight: "pipeline", input: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "p" } }, objects: [job("p-one", "Complete")] },
  {
    flight: "pipeline",
    input: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "p" } },
    objects: [job("p-one", "Complete"), job("p-two", "Failed")],
  },
  {
    flight: "app",
    input: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "a", namespace: "default" }, spec: { image: "nginx" } },
    objects: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "a" } }],
  },
  {
    flight: "app",
    input: { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "a", namespace: "default" }, spec: { image: "nginx" } },
    objects: [],
  },
];

describe("node:wasi and our WASI host agree", () => {
  it.each(scenarios.map((s, i) => [`${s.flight} #${i}`, s] as const))("%s", (_, s) => {
    const module = new WebAssembly.Module(readFileSync(join(root, "examples", s.flight, "dist", "flight.wasm")));
    const stdin = JSON.stringify(s.input);
    const theirs = underNodeWasi(module, stdin, cluster(s.objects), env, ["demo"]);
    const ours = underOurWasi(module, stdin, cluster(s.objects), env, ["demo"]);
    expect(theirs.exitCode).toBe(0);
    expect(ours).toEqual(theirs);
  });

  it("agree on a failing flight: exit code and stderr", () => {
    const module = new WebAssembly.Module(readFileSync(join(root, "examples", "pipeline", "dist", "flight.wasm")));
    const noAccess: HostHandlers = {
      lookup: () => [HostState.featureNotGranted, "feature not granted"],
      restMapping: () => [HostState.featureNotGranted, "feature not granted"],
    };
    const stdin = JSON.stringify(scenarios[0]!.input);
    const theirs = underNodeWasi(module, stdin, noAccess, env, ["demo"]);
    expect(theirs.exitCode).toBe(1);
    expect(theirs.stderr).toContain("access to the cluster has not been granted for this flight invocation");
    expect(underOurWasi(module, stdin, noAccess, env, ["demo"])).toEqual(theirs);
  });
});
