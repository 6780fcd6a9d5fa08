// Lazily loaded chunks: bytecode in passive data segments, evaluated by
// __yoke.loadChunk(i) the first time the flight needs it.
import { describe, expect, it } from "vitest";
import { loadRuntime } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
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

  it("keeps chunks in passive segments and hides the placeholder export", () => {
    const linked = WasmModule.parse(runtime.link({ bytecode: compile(`__yoke.write(1, "x");`), chunks, preload }));
    const passive = linked
      .data()
      .filter((s) => s.mode === "passive")
      .map((s) => s.bytes.length);
    expect(passive).toEqual(expect.arrayContaining(chunks.map((c) => c.length)));
    expect(linked.exports().map((e) => e.name)).not.toContain("yoke-flight-chunk");
  });
});

it("a flight linked without chunks has none", () => {
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: compile(`try { __yoke.loadChunk(0); } catch (e) { __yoke.write(1, e.name); }`) })));
  expect(out.stdout).toBe("ReferenceError");
});
