// Every copy of yoke's host ABI agrees with the one table, @yoke-flight/sdk/abi:
// the C imports of runtime.wasm (packages/runtime/c/host_abi.c), the Node
// host's import object (runtime's hostImports), the harness's handlers
// (emulateHost) and the states' names. A host function added to one place
// and not the table fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HOST_FUNCTIONS, HOST_MODULE, HOST_STATE_NAMES, HostState } from "@yoke-flight/sdk/abi";
import { hostImports, loadRuntime } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { FakeCluster, emulateHost, summarizeRun, type FlightRun } from "@yoke-flight/testing";

const I32 = 0x7f;
const I64 = 0x7e;
const table = Object.entries(HOST_FUNCTIONS);

/** The type index of a function import (its description is one LEB128 number). */
function typeIndex(desc: Uint8Array): number {
  let value = 0;
  for (let i = 0, shift = 0; i < desc.length; i++, shift += 7) {
    value |= (desc[i]! & 0x7f) << shift;
    if (!(desc[i]! & 0x80)) break;
  }
  return value;
}

describe("yoke's host ABI, one table", () => {
  it("runtime.wasm imports exactly the table's functions from module host, each (i32 state, an i64 per string) -> i64", () => {
    const module = WasmModule.parse(loadRuntime().bytes);
    const types = module.types();
    const imported = module.imports().filter((i) => i.module === HOST_MODULE);
    expect(imported.map((i) => i.name).sort()).toEqual(table.map(([name]) => name).sort());
    for (const i of imported) {
      const params = HOST_FUNCTIONS[i.name as keyof typeof HOST_FUNCTIONS].params;
      expect({ name: i.name, ...types[typeIndex(i.desc)] }).toEqual({ name: i.name, params: [I32, ...params.map(() => I64)], results: [I64] });
    }
  });

  it("the C source declares the same imports", () => {
    const source = readFileSync(new URL("../../runtime/c/host_abi.c", import.meta.url), "utf8");
    const declared = [...source.matchAll(/import_module\("(\w+)"\), import_name\("(\w+)"\)/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(declared.sort()).toEqual(table.map(([name]) => `${HOST_MODULE}.${name}`).sort());
  });

  it("the Node host answers each function, and the harness handles each call the table names", () => {
    const imports = hostImports(() => { throw new Error("not called"); }, { lookup: () => ({ state: 0, body: "" }), restMapping: () => ({ state: 0, body: "" }) });
    expect(Object.keys(imports).sort()).toEqual(table.map(([name]) => name).sort());
    const { handlers } = emulateHost({ cluster: new FakeCluster(), release: "r", namespace: "default", access: { enabled: false } });
    expect(Object.keys(handlers).sort()).toEqual(table.map(([, f]) => f.call).sort());
    for (const [, f] of table) {
      const call = handlers[f.call] as (...args: string[]) => { state: number; body: string };
      expect(call(...f.params.map(() => "x"))).toEqual({ state: HostState.featureNotGranted, body: "feature not granted" });
    }
  });

  it("every state has a name, and summaries name a call the table does not know instead of guessing", () => {
    expect(Object.keys(HOST_STATE_NAMES).map(Number)).toEqual(Object.values(HostState));
    const run = { ok: true, exitCode: 0, resources: [], lookups: [{ call: "k8s_watch", args: [], state: 0, result: {} }] } as unknown as FlightRun;
    expect(() => summarizeRun(run)).toThrow(/no description for the host call k8s_watch/);
  });
});
