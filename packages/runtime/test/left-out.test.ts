// What the engine leaves out to keep every module small (packages/runtime/c/intrinsics.c,
// engine_config.h, README "What the engine leaves out"): each is a clear error or an
// absent global, and what stays behaves as before.
import { describe, expect, it } from "vitest";
import { CompileError, loadRuntime } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { flight, run } from "./helpers.js";

const write = (expr: string) => `__yoke.write(1, JSON.stringify(${expr}));`;

describe("left out of flights", () => {
  it("String.prototype.normalize throws a TypeError that says so", () => {
    const out = run(flight(`"é".normalize("NFD");`));
    expect(out.exitCode).toBe(1);
    expect(out.stderr.split("\n")[0]).toBe(
      "TypeError: String.prototype.normalize is not available in flights (the engine is built without Unicode normalization tables)",
    );
  });

  it("WeakRef and FinalizationRegistry are absent, so feature detection falls back", () => {
    const out = run(flight(write(`[typeof WeakRef, typeof FinalizationRegistry, "WeakRef" in globalThis]`)));
    expect(out).toEqual({ exitCode: 0, stdout: `["undefined","undefined",false]`, stderr: "" });
  });

  it("a regular expression with \\p{...} is a SyntaxError that says so, at run time", () => {
    const out = run(flight(`try { new RegExp("\\\\p{Letter}+", "u"); } catch (e) { ${write("e.name + ': ' + e.message")} }`));
    expect(out.stdout).toBe(`"SyntaxError: \\\\p{...} property escapes are not available in flights"`);
  });

  it("and at build time for a literal", () => {
    const runtime = loadRuntime();
    expect(() => runtime.compile(`const word = /\\P{Script=Greek}/u;`)).toThrow(CompileError);
    expect(() => runtime.compile(`const word = /\\P{Script=Greek}/u;`)).toThrow(/\\p\{\.\.\.\} property escapes are not available in flights/);
  });
});

describe("kept", () => {
  it("other invalid escapes keep QuickJS's message; \\p without the u flag is a plain p", () => {
    const out = run(
      flight(`
      let message; try { new RegExp("\\\\q", "u"); } catch (e) { message = e.message; }
      ${write(`[message, /\\p{L}/.test("p{L}"), /\\\\p/u.test("\\\\p")]`)}`),
    );
    expect(JSON.parse(out.stdout)).toEqual(["invalid escape sequence in regular expression", true, true]);
  });

  it("Unicode case mapping and case-insensitive matching", () => {
    const out = run(flight(write(`["straße".toUpperCase(), "ÄÖÜ".toLowerCase(), /ä/iu.test("Ä"), /Σ/i.test("σ")]`)));
    expect(JSON.parse(out.stdout)).toEqual(["STRASSE", "äöü", true, true]);
  });

  it("localeCompare orders by UTF-16 code units and returns -1, 0 or 1", () => {
    const out = run(
      flight(write(`[["b", "a", "é", "Z", "e"].sort((x, y) => x.localeCompare(y)), "a".localeCompare("a"), "b".localeCompare("a"), "a".localeCompare("b")]`)),
    );
    expect(JSON.parse(out.stdout)).toEqual([["Z", "a", "b", "e", "é"], 0, 1, -1]);
  });

  it("identifiers beyond ASCII", () => {
    const out = run(flight(`const größe = 3, π = 3.14; ${write("[größe, π]")}`));
    expect(JSON.parse(out.stdout)).toEqual([3, 3.14]);
  });
});

it("a chunk compiled with stripDebug keeps no positions, and is smaller", () => {
  const runtime = loadRuntime();
  const source = `function load() { throw new Error("in a chunk"); }\nexport default { load };`;
  const stripped = runtime.compile(source, { filename: "js-yaml.js", stripDebug: true });
  expect(stripped.length).toBeLessThan(runtime.compile(source, { filename: "js-yaml.js" }).length);
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: runtime.compile(`__yoke.loadChunk(0).load();`), chunks: [stripped], preload: true })));
  expect(out.stderr).toBe("Error: in a chunk\n    at load\n    at <anonymous> (flight.js:1:25)\n");
});

describe("the code a flight cannot reach", () => {
  it("is dropped: the compiler's exports are gone and so is what only they called", () => {
    const runtime = loadRuntime();
    const wasm = runtime.link({ bytecode: runtime.compile(write(`"ok"`)), preload: true });
    const bodies = WasmModule.parse(wasm).codeBodies();
    const stubs = bodies.filter((b) => b.length === 3 && b[1] === 0x00 && b[2] === 0x0b);
    expect(stubs.length).toBeGreaterThan(5);
    expect(run(new WebAssembly.Module(wasm)).stdout).toBe(`"ok"`);
  });
});
