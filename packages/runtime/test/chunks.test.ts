// Lazily loaded chunks: bytecode compressed in passive data segments,
// decompressed (packages/runtime/c/chunks.c) and evaluated by
// __yoke.loadChunk(i) the first time the flight needs it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuntime } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { compressChunk } from "../src/chunk-codec.js";
import { run } from "./helpers.js";

const runtime = loadRuntime();
const compile = (js: string) => runtime.compile(js);

describe.each([
  ["preloaded", true],
  ["Javy layout", false],
] as const)("%s", (_, preload) => {
  const chunks = [
    compile(`const calls = []; export default { twice: (x) => (calls.push(x), x * 2), calls };`),
    compile(`throw new Error("chunk one is broken");`),
  ];
  const flight = (js: string) => new WebAssembly.Module(runtime.link({ bytecode: compile(js), chunks, preload }));

  it("returns a chunk's default export, evaluated on first use", () => {
    const out = run(flight(`const m = __yoke.loadChunk(0); __yoke.write(1, JSON.stringify([m.twice(21), m.calls]));`));
    expect(out).toEqual({ exitCode: 0, stdout: "[42,[21]]", stderr: "" });
  });

  it("passes on an error the chunk throws", () => {
    const out = run(flight(`try { __yoke.loadChunk(1); } catch (e) { __yoke.write(1, e.message); }`));
    expect(out.stdout).toBe("chunk one is broken");
  });

  it("says so when the flight has no such chunk", () => {
    const out = run(flight(`try { __yoke.loadChunk(7); } catch (e) { __yoke.write(1, e.name + ": " + e.message); }`));
    expect(out.stdout).toBe("ReferenceError: this flight has no chunk 7: it was not built by flight build");
  });

  it("reads a real library's chunk (js-yaml, compiled as flight build compiles it) through the C decoder", () => {
    const sdk = createRequire(import.meta.resolve("@yoke-flight/sdk/package.json"));
    const jsYaml = readFileSync(join(dirname(sdk.resolve("js-yaml/package.json")), "dist/js-yaml.mjs"), "utf8");
    // js-yaml's ESM build exports its API as the default export too.
    const library = runtime.compile(jsYaml, { filename: "js-yaml.js", stripDebug: true });
    const linked = runtime.link({
      bytecode: compile(`const y = __yoke.loadChunk(0); __yoke.write(1, JSON.stringify(y.load("a: &x [1, two]\\nb: *x\\n")));`),
      chunks: [library],
      preload,
    });
    const out = run(new WebAssembly.Module(linked));
    expect(out).toEqual({ exitCode: 0, stdout: '{"a":[1,"two"],"b":[1,"two"]}', stderr: "" });
  });

  it("fails with an error, not a crash, on a corrupt chunk", () => {
    const linked = WasmModule.parse(
      runtime.link({ bytecode: compile(`try { __yoke.loadChunk(0); } catch (e) { __yoke.write(1, e.name + ": " + e.message); }`), chunks, preload }),
    );
    const stored = compressChunk(chunks[0]!);
    // The linker's copy has the stored length built in: each corruption keeps it.
    const patched = (at: number, bytes: number[]) => Uint8Array.from(stored, (b, i) => (i >= at && i < at + bytes.length ? bytes[i - at]! : b));
    const corruptions = [
      patched(0, [stored[0]! + 1]), // a header that says one byte more
      patched(0, [stored[0]! - 1]), // one byte less
      patched(4, [0x10, 0x41, 0xff, 0xff]), // a match before the start of the output
      patched(4, [0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]), // a literal count past the end
      patched(0, [0xff, 0xff, 0xff, 0xff]), // 4 GB from a few bytes
    ];
    for (const corrupt of corruptions) {
      linked.setData(linked.data().map((s) => (s.mode === "passive" && s.bytes.length === stored.length ? { mode: "passive", bytes: corrupt } : s)));
      const out = run(new WebAssembly.Module(linked.emit()));
      expect(out).toEqual({ exitCode: 0, stdout: "InternalError: chunk 0 is corrupt: rebuild the flight", stderr: "" });
      linked.setData(linked.data().map((s) => (s.bytes === corrupt ? { mode: "passive", bytes: stored } : s)));
    }
  });

  it("keeps chunks compressed in passive segments and hides the placeholder export", () => {
    const linked = WasmModule.parse(runtime.link({ bytecode: compile(`__yoke.write(1, "x");`), chunks, preload }));
    const passive = linked
      .data()
      .filter((s) => s.mode === "passive")
      .map((s) => s.bytes.length);
    expect(passive).toEqual(expect.arrayContaining(chunks.map((c) => compressChunk(c).length)));
    expect(linked.exports().map((e) => e.name)).not.toContain("yoke-flight-chunk");
  });
});

it("a flight linked without chunks has none", () => {
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: compile(`try { __yoke.loadChunk(0); } catch (e) { __yoke.write(1, e.name); }`) })));
  expect(out.stdout).toBe("ReferenceError");
});

describe("the Javy layout (preload: false)", () => {
  const js = `const parts = []; for (let i = 0; i < 50; i++) parts.push("item-" + i); __yoke.write(1, JSON.stringify(parts.length));`;
  const bytecode = compile(js);
  const stored = compressChunk(bytecode);

  it("stores the flight's bytecode compressed, as the chunk after the lazily loaded ones, and runs it", () => {
    const linked = WasmModule.parse(runtime.link({ bytecode, preload: false }));
    const passive = linked.data().filter((s) => s.mode === "passive");
    expect(passive.map((s) => Buffer.from(s.bytes).toString("hex"))).toContain(Buffer.from(stored).toString("hex"));
    expect(passive.some((s) => Buffer.from(s.bytes).equals(Buffer.from(bytecode)))).toBe(false);
    expect(linked.exports().map((e) => e.name)).not.toContain("yoke-flight-invoke-chunk");
    expect(run(new WebAssembly.Module(linked.emit()))).toEqual({ exitCode: 0, stdout: "50", stderr: "" });
  });

  it("fails with a message, not a crash, when that bytecode is corrupt", () => {
    const linked = WasmModule.parse(runtime.link({ bytecode, preload: false }));
    const corrupt = Uint8Array.from(stored, (b, i) => (i === 0 ? b + 1 : b)); // a header one byte longer
    linked.setData(
      linked.data().map((s) => (s.mode === "passive" && Buffer.from(s.bytes).equals(Buffer.from(stored)) ? { mode: "passive", bytes: corrupt } : s)),
    );
    const out = run(new WebAssembly.Module(linked.emit()));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("InternalError: the flight's bytecode (chunk 0) is corrupt: rebuild the flight");
  });
});
