// Runs in a kept instance put back between runs (kept-instances.ts) must be
// indistinguishable from runs in a fresh instance, as yoke makes for each:
// memory, globals and what the flight keeps in its JavaScript heap start over.
import { describe, expect, it } from "vitest";
import { runWasm, withResetExports } from "@yoke-flight/runtime";
import { Writer, WasmModule } from "@yoke-flight/runtime/wasm";
import { buildJs, run } from "./helpers.js";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A flight built from JavaScript, made resettable. */
const keptFlight = (js: string) => new WebAssembly.Module(withResetExports(buildJs(js)));

describe("a flight in a kept instance", () => {
  it("starts every run from its initial state: module-level state does not carry over", () => {
    const module = keptFlight(`
      globalThis.runs = (globalThis.runs ?? 0) + 1;
      const seen = (globalThis.seen ??= []);
      seen.push(globalThis.runs);
      __yoke.write(1, JSON.stringify({ runs: globalThis.runs, seen: seen.length }));
    `);
    const results = Array.from({ length: 4 }, () => runWasm(module));
    expect(results.map((r) => [r.instance, text(r.stdout)])).toEqual([
      ["fresh", '{"runs":1,"seen":1}'],
      ["reset", '{"runs":1,"seen":1}'],
      ["reset", '{"runs":1,"seen":1}'],
      ["reset", '{"runs":1,"seen":1}'],
    ]);
  });

  it("gives what a fresh instance gives after failed runs, and with each run's own input and host", () => {
    const js = `
      const input = JSON.parse(__yoke.readStdin() || "{}");
      function deep(n) { if (n === 0) throw new Error("failed as asked"); return deep(n - 1) + 1; }
      if (input.fail) deep(200);
      __yoke.write(1, JSON.stringify(input));
    `;
    const kept = keptFlight(js);
    const fresh = new WebAssembly.Module(buildJs(js));
    const inputs = [{ fail: true }, { a: 1 }, { fail: true }, { b: 2 }, { a: 1 }];
    for (const input of inputs) {
      const stdin = JSON.stringify(input);
      expect(run(kept, { stdin })).toEqual(run(fresh, { stdin }));
    }
  });

  it("is let go when a run grew its memory, and the next run gets a fresh one", () => {
    const module = keptFlight(`
      const input = JSON.parse(__yoke.readStdin());
      const big = input.grow ? "x".repeat(8 << 20) : "";
      __yoke.write(1, String(big.length));
    `);
    const runs = [false, false, true, false, false].map((grow) => runWasm(module, { stdin: JSON.stringify({ grow }) }));
    expect(runs.map((r) => [r.instance, text(r.stdout)])).toEqual([
      ["fresh", "0"],
      ["reset", "0"],
      ["reset", String(8 << 20)],
      ["fresh", "0"],
      ["reset", "0"],
    ]);
  });
});

/**
 * A module whose `_start` adds 1 to a mutable global and to the i32 at
 * address 0, then exits with global × 10 + memory: 11 from a fresh instance.
 * `extra` adds sections or code that make it not resettable.
 */
function counterModule(extra: { start?: boolean; tableSet?: boolean; dataDrop?: boolean } = {}): Uint8Array {
  const section = (id: number, payload: number[]) => ({ id, payload: Uint8Array.from(payload) });
  const code = [
    ...[0x23, 0, 0x41, 1, 0x6a, 0x24, 0], // global 0 += 1
    ...[0x41, 0, 0x41, 0, 0x28, 2, 0, 0x41, 1, 0x6a, 0x36, 2, 0], // mem[0] += 1
    ...(extra.tableSet ? [0x41, 0, 0xd0, 0x70, 0x26, 0] : []), // table.set 0 (ref.null func)
    ...(extra.dataDrop ? [0xfc, 9, 0] : []), // data.drop 0
    ...[0x23, 0, 0x41, 10, 0x6c, 0x41, 0, 0x28, 2, 0, 0x6a, 0x10, 0], // proc_exit(global * 10 + mem[0])
    0x0b,
  ];
  const body = new Writer().u32(0).bytes(Uint8Array.from(code)).finish();
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  return new WasmModule([
    section(1, [2, 0x60, 1, 0x7f, 0, 0x60, 0, 0]), // (i32) -> (), () -> ()
    section(2, [1, ...name("wasi_snapshot_preview1"), ...name("proc_exit"), 0, 0]),
    section(3, [1, 1]),
    ...(extra.tableSet ? [section(4, [1, 0x70, 0, 1])] : []),
    section(5, [1, 0, 1]),
    section(6, [1, 0x7f, 1, 0x41, 0, 0x0b]), // (mut i32) = 0
    section(7, [2, ...name("memory"), 2, 0, ...name("_start"), 0, 1]),
    ...(extra.start ? [section(8, [1])] : []),
    ...(extra.dataDrop ? [section(12, [1])] : []),
    section(10, [1, ...new Writer().vec(body).finish()]),
    ...(extra.dataDrop ? [section(11, [1, 1, 1, 0x2a])] : []), // one passive segment
  ]).emit();
}

describe("withResetExports", () => {
  it("exports the memory and each mutable global, which are put back before every run", () => {
    const bytes = withResetExports(counterModule());
    const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(["memory", "_start", "yoke-flight-reset:memory", "yoke-flight-reset:global:0"]);
    expect([1, 2, 3].map(() => runWasm(module)).map((r) => [r.instance, r.exitCode])).toEqual([
      ["fresh", 11],
      ["reset", 11],
      ["reset", 11],
    ]);
  });

  it.each([
    ["a start function (its effects would happen once)", { start: true }],
    ["a table.set (tables are not put back)", { tableSet: true }],
    ["a data.drop (a dropped segment stays dropped)", { dataDrop: true }],
  ])("leaves a module with %s as it is: each run gets a fresh instance", (_, extra) => {
    const bytes = counterModule(extra);
    expect(withResetExports(bytes)).toBe(bytes);
    if (extra.start) return; // its start function calls proc_exit while instantiating
    const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    expect([1, 2].map(() => runWasm(module)).map((r) => [r.instance, r.exitCode])).toEqual([
      ["fresh", 11],
      ["fresh", 11],
    ]);
  });

  it("leaves bytes that are no module as they are, for the engine to reject", () => {
    const junk = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x63);
    expect(withResetExports(junk)).toBe(junk);
  });
});
