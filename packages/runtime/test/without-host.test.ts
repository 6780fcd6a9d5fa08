// withoutHostImports: the runtime for converter modules, which the ATC runs
// with no host functions. The module must import nothing from `host`, still
// be a Javy-plugin-shaped runtime, run flights exactly as before (every
// function index renumbered right), answer lookups "not granted", and be
// the same bytes every time.
import { describe, expect, it } from "vitest";
import { HOST_FUNCTIONS } from "@yoke-flight/sdk/abi";
import { FlightRuntime, HOST_MODULE, functionImports, loadRuntime, runWasm, withoutHostImports } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";

const runtime = loadRuntime();
const stripped = withoutHostImports(runtime.bytes);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function converterFlight(js: string, preload = true): WebAssembly.Module {
  return new WebAssembly.Module(runtime.withoutHostImports().link({ bytecode: runtime.compile(js), preload }));
}

describe("withoutHostImports", () => {
  it("drops every host import and keeps the WASI ones, in order", () => {
    const before = functionImports(runtime.bytes);
    expect(before.filter((i) => i.startsWith(`${HOST_MODULE}.`)).sort()).toEqual(
      Object.keys(HOST_FUNCTIONS)
        .map((name) => `${HOST_MODULE}.${name}`)
        .sort(),
    );
    expect(functionImports(stripped)).toEqual(before.filter((i) => !i.startsWith(`${HOST_MODULE}.`)));
  });

  it("is still a Javy plugin: same exports and import_namespace section", () => {
    const exports = (bytes: Uint8Array) =>
      WasmModule.parse(bytes)
        .exports()
        .map((e) => e.name)
        .sort();
    expect(exports(stripped)).toEqual(exports(runtime.bytes));
    expect(WasmModule.parse(stripped).custom("import_namespace")).toEqual(WasmModule.parse(runtime.bytes).custom("import_namespace"));
    expect(() => new WebAssembly.Module(stripped)).not.toThrow();
  });

  it("is what the runtime object gives for converters, made once", () => {
    expect(Buffer.from(runtime.withoutHostImports().bytes).equals(Buffer.from(stripped))).toBe(true);
    expect(runtime.withoutHostImports()).toBe(runtime.withoutHostImports());
    expect(new FlightRuntime(stripped).withoutHostImports().bytes).toEqual(stripped);
  });

  it("gives the same bytes every time and leaves a module without host imports alone", () => {
    expect(Buffer.from(withoutHostImports(runtime.bytes)).equals(Buffer.from(stripped))).toBe(true);
    expect(Buffer.from(withoutHostImports(stripped)).equals(Buffer.from(stripped))).toBe(true);
  });

  it.each([
    ["preloaded", true],
    ["Javy-style link", false],
  ])("runs a flight with no host module at all (%s)", (_, preload) => {
    const module = converterFlight(
      `
      const [state, body] = __yoke.lookup("x", "default", "ConfigMap", "v1");
      const [mapState] = __yoke.restMapping("apps/v1", "Deployment");
      Promise.resolve().then(() => setTimeout(() => {
        __yoke.write(1, JSON.stringify({ args: __yoke.args(), stdin: __yoke.readStdin(), state, body, mapState,
          sorted: [3, 1, 2].sort((a, b) => a - b), json: JSON.parse('{"a":[1,{"b":2}]}'), re: /a(b+)c/.exec("xabbbc")[1] }));
      }, 0));
    `,
      preload,
    );
    expect(WebAssembly.Module.imports(module).every((i) => i.module === "wasi_snapshot_preview1")).toBe(true);
    const run = runWasm(module, { args: ["converter"], stdin: "review", hostFunctions: false });
    expect(text(run.stderr)).toBe("");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(text(run.stdout))).toEqual({
      args: ["converter"],
      stdin: "review",
      state: 1,
      body: "",
      mapState: 1,
      sorted: [1, 2, 3],
      json: { a: [1, { b: 2 }] },
      re: "bbb",
    });
  });

  it("reports an uncaught error with its stack, as any flight does", () => {
    const module = converterFlight(`function fail() { throw new Error("boom"); }\nfail();`);
    const run = runWasm(module, { hostFunctions: false });
    expect(run.exitCode).toBe(1);
    expect(text(run.stderr)).toMatch(/boom[\s\S]*at fail/);
  });
});
