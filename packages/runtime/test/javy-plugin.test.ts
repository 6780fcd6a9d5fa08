// The runtime is a Javy plugin (bytecodealliance/javy docs/docs-using-extending.md):
// the exports and custom section Javy validates, and the calls Javy's CLI
// makes when it builds with `-C plugin=runtime.wasm`.
import { describe, expect, it } from "vitest";
import {
  CompileError,
  FlightRuntime,
  PRELOAD_MAX_BYTECODE,
  Wasi,
  hostImports,
  loadRuntime,
  noClusterAccess,
  preinitialize,
  runWasm,
} from "@yoke-flight/runtime";
import { ExternalKind, ValType, WasmModule } from "@yoke-flight/runtime/wasm";

const { i32 } = ValType;

function signature(module: WasmModule, name: string) {
  const index = module.exportedFunction(name) - module.importedCount(ExternalKind.func);
  return module.types()[module.functions()[index]!];
}

describe("the Javy plugin interface", () => {
  const runtime = WasmModule.parse(loadRuntime().bytes);

  it("exports the functions Javy validates, with Javy's signatures", () => {
    expect(signature(runtime, "initialize-runtime")).toEqual({ params: [], results: [] });
    expect(signature(runtime, "cabi_realloc")).toEqual({ params: [i32, i32, i32, i32], results: [i32] });
    expect(signature(runtime, "compile-src")).toEqual({ params: [i32, i32], results: [i32] });
    expect(signature(runtime, "invoke")).toEqual({ params: [i32, i32, i32, i32, i32], results: [] });
    expect(runtime.exports()).toContainEqual({ name: "memory", kind: ExternalKind.memory, index: 0 });
  });

  it("has the import_namespace custom section", () => {
    expect(new TextDecoder().decode(runtime.custom("import_namespace"))).toBe("yoke_flight_v1");
  });

  it("declares the wasm features it uses, for binaryen (which Javy runs) and other tools", () => {
    const text = new TextDecoder().decode(runtime.custom("target_features"));
    for (const feature of ["bulk-memory", "mutable-globals", "nontrapping-fptoint", "sign-ext"]) expect(text).toContain(feature);
  });

  it("exports yoke's malloc: (i32) -> i64", () => {
    expect(signature(runtime, "malloc")).toEqual({ params: [i32], results: [ValType.i64] });
  });

  it("can be initialised again, as javy build does to an initialised plugin, and still runs flights", () => {
    const reinitialised = new FlightRuntime(preinitialize(loadRuntime().bytes, { init: "initialize-runtime" }));
    const bytecode = reinitialised.compile(`__yoke.write(1, JSON.stringify([1 + 1]));`);
    const result = runWasm(new WebAssembly.Module(reinitialised.link({ bytecode, preload: false })));
    expect(new TextDecoder().decode(result.stdout)).toBe("[2]");
  });

  it("reports a compile error through compile-src's error variant", () => {
    expect(() => loadRuntime().compile("let x = ;")).toThrow(/SyntaxError: unexpected token.*\n\s+at flight\.js:1:9/);
  });

  it("gives the compile error as a message at its position in the compiled file", () => {
    const error = (source: string, filename?: string) => {
      try {
        loadRuntime().compile(source, { filename });
      } catch (e) {
        if (e instanceof CompileError) return e.diagnostic;
      }
      throw new Error("expected a CompileError");
    };
    expect(error("let x = ;")).toEqual({
      id: "",
      text: expect.stringMatching(/^SyntaxError: unexpected token/),
      notes: [],
      location: { file: "flight.js", line: 1, column: 8, lineText: "" },
    });
    expect(error("\n\nlet x = ;", "js-yaml.js").location).toMatchObject({ file: "js-yaml.js", line: 3, column: 8 });
  });

  it("invokes a function the module exports when invoke is given its name", () => {
    const { module, bytes } = loadRuntime();
    const bytecode = loadRuntime().compile(`
      __yoke.write(1, "top;");
      export async function handler() { await null; __yoke.write(1, "handler"); }
    `);
    const wasi = new Wasi();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      wasi_snapshot_preview1: wasi.imports(module),
      host: hostImports(() => instance, noClusterAccess),
    });
    wasi.bind(instance);
    const e = instance.exports as {
      memory: WebAssembly.Memory;
      cabi_realloc(a: number, b: number, c: number, d: number): number;
      invoke(a: number, b: number, c: number, d: number, e: number): void;
    };
    const copy = (data: Uint8Array) => {
      const ptr = e.cabi_realloc(0, 0, 1, data.length);
      new Uint8Array(e.memory.buffer, ptr, data.length).set(data);
      return ptr;
    };
    const name = new TextEncoder().encode("handler");
    e.invoke(copy(bytecode), bytecode.length, 1, copy(name), name.length);
    expect(new TextDecoder().decode(wasi.stdout())).toBe("top;handler");
  });
});

describe("reproducible builds", () => {
  it("gives the same bytes for the same source, with and without preloading", async () => {
    const runtime = loadRuntime();
    const js = `const x = await Promise.resolve(Math.random()); __yoke.write(1, JSON.stringify([typeof x]));`;
    const a = runtime.compile(js);
    const b = runtime.compile(js);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    for (const preload of [true, false]) {
      expect(Buffer.from(runtime.link({ bytecode: a, preload })).equals(Buffer.from(runtime.link({ bytecode: b, preload })))).toBe(true);
    }
  });

  it('preloads up to PRELOAD_MAX_BYTECODE of bytecode and chunks by default ("auto")', () => {
    const runtime = loadRuntime();
    const bytecode = runtime.compile(`__yoke.write(1, "[]");`);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    expect(same(runtime.link({ bytecode }), runtime.link({ bytecode, preload: true }))).toBe(true);
    expect(same(runtime.link({ bytecode, preload: "auto" }), runtime.link({ bytecode, preload: true }))).toBe(true);
    const chunks = [new Uint8Array(PRELOAD_MAX_BYTECODE)]; // never loaded: only its size counts
    expect(same(runtime.link({ bytecode, chunks }), runtime.link({ bytecode, chunks, preload: false }))).toBe(true);
  });

  it("pre-initialises the runtime to the same bytes every time", () => {
    const once = preinitialize(loadRuntime().bytes, { init: "initialize-runtime" });
    const twice = preinitialize(loadRuntime().bytes, { init: "initialize-runtime" });
    expect(Buffer.from(once).equals(Buffer.from(twice))).toBe(true);
  });
});
