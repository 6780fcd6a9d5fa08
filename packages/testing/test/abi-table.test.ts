// Every copy of yoke's host ABI agrees with the one table, @yoke-flight/sdk/abi
// HOST_FUNCTIONS: the C runtime's X-macro (packages/runtime/c/host_functions.h)
// and the imports and `__yoke` methods of runtime.wasm built from it, the
// Node host's import object (runtime's hostImports), the in-process sandbox's
// `__yoke`, the SDK's calls, the harness's emulation, live, replay and relay
// handlers, the cassette reader and the summaries. A host function added to
// one place and not the table (or to the table and not one place) fails here.
import { readFileSync, readdirSync } from "node:fs";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { HOST_FUNCTIONS, HOST_MODULE, HOST_STATE_NAMES, HostState, hostCalls, type HostCall, type HostReply } from "@yoke-flight/sdk/abi";
import { hostImports, loadRuntime, noClusterAccess, runWasm } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { FakeCluster, emulateHost, liveHost, parseCassette, replayHost, summarizeRun, type FlightRun, type LookupRecord } from "@yoke-flight/testing";
import { remoteHandlers } from "../src/remote-host.js";
import { Sandbox } from "../src/sandbox.js";

const I32 = 0x7f;
const I64 = 0x7e;
const table = Object.entries(HOST_FUNCTIONS);
const names = table.map(([name]) => name).sort();
const calls = table.map(([, f]) => f.call as string).sort();
/** `__yoke`'s methods that are not host functions (bindings.c's other entries, and `thrown` of the prelude). */
const NOT_HOST_FUNCTIONS = ["readStdin", "write", "env", "args", "exit", "loadChunk", "goJSON", "writeGoJSON", "parseYaml", "abi", "thrown"];
/** The repository: the C and SDK sources this test reads as text. */
const ROOT = new URL("../../../", import.meta.url);
const source = (path: string) => readFileSync(new URL(path, ROOT), "utf8");

/** The type index of a function import (its description is one LEB128 number). */
function typeIndex(desc: Uint8Array): number {
  let value = 0;
  for (let i = 0, shift = 0; i < desc.length; i++, shift += 7) {
    value |= (desc[i]! & 0x7f) << shift;
    if (!(desc[i]! & 0x80)) break;
  }
  return value;
}

/** Handlers that answer every call with state 3 and a text naming the call and its strings. */
const echo = () =>
  hostCalls(
    (call) =>
      (...args): HostReply => [HostState.notFound, `${call}(${args.join(",")})`],
  );
const echoed = (call: string, args: string[]) => [HostState.notFound, `${call}(${args.join(",")})`];
const argsOf = (params: readonly string[]) => params.map((p) => `<${p}>`);

// Calls each host function `__yoke` has with its strings; reports `__yoke`'s methods, their lengths and replies.
const PROBE = `
  const table = ${JSON.stringify(table.map(([, f]) => [f.call, argsOf(f.params)]))};
  const replies = {};
  for (const [call, args] of table) replies[call] = typeof __yoke[call] === "function" ? [__yoke[call].length, __yoke[call](...args)] : null;
  __yoke.write(1, JSON.stringify({ methods: Object.getOwnPropertyNames(__yoke).sort(), replies }));
`;
const expectedProbe = (present: string[]) => ({
  methods: [...present, ...calls].sort(),
  replies: Object.fromEntries(table.map(([, f]) => [f.call, [f.params.length, echoed(f.call, argsOf(f.params))]])),
});

describe("yoke's host ABI, one table", () => {
  it("runtime.wasm imports exactly the table's functions from module host, each (i32 state, an i64 per string) -> i64", () => {
    const module = WasmModule.parse(loadRuntime().bytes);
    const types = module.types();
    const imported = module.imports().filter((i) => i.module === HOST_MODULE);
    expect(imported.map((i) => i.name).sort()).toEqual(names);
    for (const i of imported) {
      const params = HOST_FUNCTIONS[i.name as keyof typeof HOST_FUNCTIONS].params;
      expect({ name: i.name, ...types[typeIndex(i.desc)] }).toEqual({ name: i.name, params: [I32, ...params.map(() => I64)], results: [I64] });
    }
  });

  it("the C runtime's one list of host functions, host_functions.h, is the table, and no C file declares a host import or binding by hand", () => {
    const lines = [...source("packages/runtime/c/host_functions.h").matchAll(/^HOST_FUNCTION\((\w+), "(\w+)", (\d+)\)$/gm)];
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(lines.map((m) => [m[1], m[2], Number(m[3])]).sort(byName)).toEqual(table.map(([name, f]) => [name, f.call, f.params.length]).sort(byName));
    const dir = "packages/runtime/c/";
    for (const file of readdirSync(new URL(dir, ROOT)).filter((f) => /\.[ch]$/.test(f))) {
      const text = source(dir + file);
      expect({ file, imports: text.match(/import_name\("[^"]*"\)/g) }).toEqual({ file, imports: null });
      for (const call of calls) expect({ file, binding: text.includes(`JS_CFUNC_DEF("${call}"`) }).toEqual({ file, binding: false });
    }
  });

  it("runtime.wasm's __yoke has one method per host function, taking its strings and answering [state, text] from the Node host", () => {
    const runtime = loadRuntime();
    const out = runWasm(new WebAssembly.Module(runtime.link({ bytecode: runtime.compile(PROBE) })), { host: echo() });
    expect(new TextDecoder().decode(out.stderr)).toBe("");
    expect(JSON.parse(new TextDecoder().decode(out.stdout))).toEqual(expectedProbe(NOT_HOST_FUNCTIONS));
  });

  it("the in-process sandbox's __yoke is the same, over the same handlers", () => {
    const sandbox = new Sandbox();
    let stdout = "";
    const host = {
      readStdin: () => "",
      write: (_fd: 1 | 2, t: string) => void (stdout += t),
      env: () => "{}",
      args: () => "[]",
      exit: () => {},
      handlers: echo(),
    };
    const settled = sandbox.run(new vm.Script(`(async function () { ${PROBE} })`), host, 5000, () => false);
    sandbox.finish();
    expect(settled.state).toBe("fulfilled");
    // The sandbox has no native goJSON, writeGoJSON or parseYaml: the SDK falls back to JavaScript there.
    expect(JSON.parse(stdout)).toEqual(expectedProbe(NOT_HOST_FUNCTIONS.filter((m) => !["goJSON", "writeGoJSON", "parseYaml"].includes(m))));
  });

  it("the Node host has one import per function, and the runtime's default answers each 'not granted'", () => {
    const imports = hostImports(() => {
      throw new Error("not called");
    }, echo());
    expect(Object.keys(imports).sort()).toEqual(names);
    expect(Object.keys(noClusterAccess).sort()).toEqual(calls);
    for (const [, f] of table) expect(noClusterAccess[f.call as HostCall]).toBeTypeOf("function");
  });

  it("the SDK calls every host function of the table and no other", () => {
    // Its FlightHost type and Node fallback are made of the table (HostCalls, hostCalls).
    const dir = "packages/sdk/src/";
    const used = new Set<string>();
    for (const file of readdirSync(new URL(dir, ROOT)).filter((f) => f.endsWith(".ts"))) {
      for (const m of source(dir + file).matchAll(/\b(?:host\(\)|__yoke\??)\.(\w+)\??\.?\(/g)) used.add(m[1]!);
    }
    expect([...used].filter((m) => !NOT_HOST_FUNCTIONS.includes(m)).sort()).toEqual(calls);
  });

  it("the emulation, the live host, a replay and the worker's relay each answer every call the table names", () => {
    const { handlers, lookups } = emulateHost({ cluster: new FakeCluster(), release: "r", namespace: "default", access: { enabled: false } });
    expect(Object.keys(handlers).sort()).toEqual(calls);
    for (const [, f] of table) {
      const call = handlers[f.call as HostCall] as (...args: string[]) => HostReply;
      expect(call(...argsOf(f.params))).toEqual([HostState.featureNotGranted, "feature not granted"]);
    }
    expect(lookups.map((l) => [l.call, l.args])).toEqual(table.map(([, f]) => [f.call, argsOf(f.params)]));
    const live = liveHost({ kubeConfig: new KubeConfig(), release: "r", namespace: "default", access: { enabled: false } });
    expect(Object.keys(live.handlers).sort()).toEqual(calls);
    const replay = replayHost(
      { cassette: 1, release: "r", namespace: "n", env: {}, args: [], clusterAccess: false, resourceAccessMatchers: [], secrets: "redacted", calls: [] },
      "c",
    );
    expect(Object.keys(replay.handlers).sort()).toEqual(calls);
    const relay = remoteHandlers({ port: undefined as never, answered: new SharedArrayBuffer(4) });
    expect(Object.keys(relay).sort()).toEqual(calls);
  });

  it("a cassette holds each call of the table with the table's number of strings", () => {
    const cassette = (call: string, args: string[]) =>
      `cassette: 1\nrelease: r\nnamespace: n\ncalls:\n  - call: ${call}\n    args: ${JSON.stringify(args)}\n    state: 1\n    result: feature not granted\n`;
    for (const [, f] of table) {
      expect(parseCassette(cassette(f.call, argsOf(f.params))).calls[0]!.args).toEqual(argsOf(f.params));
      expect(() => parseCassette(cassette(f.call, [...argsOf(f.params), "extra"]), "c.yaml")).toThrow(
        `c.yaml: calls[0].args must be ${f.params.length} strings`,
      );
    }
    expect(() => parseCassette(cassette("k8s_watch", []), "c.yaml")).toThrow(`c.yaml: calls[0].call must be ${table.map(([, f]) => f.call).join(" or ")}`);
  });

  it("every state has a name; summaries describe every call of the table and refuse one it does not know", () => {
    expect(Object.keys(HOST_STATE_NAMES).map(Number)).toEqual(Object.values(HostState));
    const summary = (lookups: LookupRecord[]) => summarizeRun({ ok: true, exitCode: 0, resources: [], lookups } as unknown as FlightRun).lookups;
    const described = summary(table.map(([, f]) => ({ call: f.call, args: argsOf(f.params), state: 1, result: "feature not granted" })));
    table.forEach(([, f], i) => {
      expect(described[i]).toMatch(new RegExp(`^${f.call} .*: not granted \\(feature not granted\\)$`));
      for (const arg of argsOf(f.params)) expect(described[i]).toContain(arg);
    });
    expect(() => summary([{ call: "k8s_watch" as HostCall, args: [], state: 0, result: {} }])).toThrow(/no host function k8s_watch/);
  });
});
