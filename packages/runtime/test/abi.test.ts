// yoke's host ABI as the runtime speaks it: packed strings, the state word,
// buffers allocated through the exported malloc.
import { describe, expect, it } from "vitest";
import { HOST_FUNCTIONS } from "@yoke-flight/sdk/abi";
import { HostState, hostImports, loadRuntime, noClusterAccess } from "@yoke-flight/runtime";
import { flight, handlers, run } from "./helpers.js";

const echoLookup = flight(`
  const [name, ns, kind, av] = JSON.parse(__yoke.readStdin());
  const [state, text] = __yoke.lookup(name, ns, kind, av);
  __yoke.write(1, JSON.stringify({ state, text }));
`);

describe("host.k8s_lookup", () => {
  it("passes the four strings exactly, including empty and non-ASCII ones", () => {
    const seen: string[][] = [];
    const host = handlers({
      lookup: (...args) => {
        seen.push(args);
        return [HostState.ok, '{"ok":true}'];
      },
    });
    for (const args of [
      ["web", "default", "Deployment", "apps/v1"],
      ["", "", "Secret", "v1"],
      ["café-☃", "ns-𝄞", "Kind", "x.io/v1"],
    ]) {
      const out = run(echoLookup, { stdin: JSON.stringify(args), host });
      expect(out.exitCode).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual({ state: 0, text: '{"ok":true}' });
    }
    expect(seen).toEqual([
      ["web", "default", "Deployment", "apps/v1"],
      ["", "", "Secret", "v1"],
      ["café-☃", "ns-𝄞", "Kind", "x.io/v1"],
    ]);
  });

  it("reads the state word the host writes, for every state yoke defines", () => {
    for (const state of Object.values(HostState)) {
      const out = run(echoLookup, {
        stdin: '["a","b","C","v1"]',
        host: handlers({ lookup: () => [state, `message for ${state}`] }),
      });
      expect(JSON.parse(out.stdout)).toEqual({ state, text: `message for ${state}` });
    }
  });

  it("starts every call with state 0: the host writes it only on failure", () => {
    const module = flight(`
      const a = __yoke.lookup("x", "", "C", "v1");
      const b = __yoke.lookup("y", "", "C", "v1");
      __yoke.write(1, JSON.stringify([a[0], b[0]]));
    `);
    let n = 0;
    const out = run(module, { host: handlers({ lookup: () => (n++ === 0 ? [3, "nf"] : [0, "{}"]) }) });
    expect(JSON.parse(out.stdout)).toEqual([3, 0]);
  });

  it("takes an empty answer (the host's malloc(0) is a null buffer)", () => {
    const out = run(echoLookup, { stdin: '["a","","C","v1"]', host: handlers({ lookup: () => [2, ""] }) });
    expect(JSON.parse(out.stdout)).toEqual({ state: 2, text: "" });
  });

  it("survives thousands of host calls and answers large enough to grow memory", () => {
    const module = flight(`
      let total = 0;
      for (let i = 0; i < 5000; i++) total += __yoke.lookup("n" + i, "", "C", "v1")[1].length;
      const big = __yoke.lookup("big", "", "C", "v1")[1];
      __yoke.write(1, JSON.stringify({ total, big: big.length, tail: big.slice(-3) }));
    `);
    const bigBody = "x".repeat(8 * 1024 * 1024 - 3) + "end";
    const out = run(module, {
      host: handlers({ lookup: (name) => [0, name === "big" ? bigBody : name] }),
    });
    expect(out.stderr).toBe("");
    const expectedTotal = Array.from({ length: 5000 }, (_, i) => `n${i}`.length).reduce((a, b) => a + b, 0);
    expect(JSON.parse(out.stdout)).toEqual({ total: expectedTotal, big: bigBody.length, tail: "end" });
  });
});

describe("host.k8s_rest_mapping", () => {
  it("passes the group or apiVersion and the kind", () => {
    const module = flight(`
      const [state, text] = __yoke.restMapping("apps/v1", "Deployment");
      __yoke.write(1, JSON.stringify({ state, text }));
    `);
    const seen: string[][] = [];
    const out = run(module, {
      host: handlers({ restMapping: (...args) => (seen.push(args), [0, '{"Group":"apps"}']) }),
    });
    expect(seen).toEqual([["apps/v1", "Deployment"]]);
    expect(JSON.parse(out.stdout)).toEqual({ state: 0, text: '{"Group":"apps"}' });
  });
});

describe("the exported malloc", () => {
  const instance = () => {
    const { module } = loadRuntime();
    const imports: WebAssembly.Imports = {
      host: hostImports(() => {
        throw new Error("not called");
      }, noClusterAccess),
      wasi_snapshot_preview1: {},
    };
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module === "wasi_snapshot_preview1") (imports.wasi_snapshot_preview1 as Record<string, () => number>)[imp.name] = () => 0;
    }
    return new WebAssembly.Instance(module, imports).exports as { malloc(n: number): bigint };
  };

  it("returns ptr<<32 | len, and 0 for a zero-length request like yoke's Go guest", () => {
    const { malloc } = instance();
    expect(malloc(0)).toBe(0n);
    const packed = BigInt.asUintN(64, malloc(100));
    expect(packed & 0xffffffffn).toBe(100n);
    expect(packed >> 32n).toBeGreaterThan(0n);
    const other = BigInt.asUintN(64, malloc(100));
    expect(other >> 32n).not.toBe(packed >> 32n);
  });

  it("traps with a message when the host asks for more than memory can hold", () => {
    const { malloc } = instance();
    expect(() => malloc(0xffffff00)).toThrow(WebAssembly.RuntimeError);
  });
});

describe("the module's interface", () => {
  it("imports only WASI preview 1 and yoke's host functions (the ABI table's)", () => {
    const imports = WebAssembly.Module.imports(echoLookup);
    const foreign = imports.filter((i) => i.module !== "wasi_snapshot_preview1");
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(foreign.sort(byName)).toEqual(
      Object.keys(HOST_FUNCTIONS)
        .map((name) => ({ module: "host", name, kind: "function" }))
        .sort(byName),
    );
  });

  it("exports memory, malloc and _start as yoke needs", () => {
    const names = WebAssembly.Module.exports(echoLookup).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["memory", "malloc", "_start"]));
    expect(names).not.toContain("invoke");
    expect(names).not.toContain("compile-src");
  });
});
