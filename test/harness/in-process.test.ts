// In-process mode has the .wasm's sandbox: the same globals and none of
// Node's, the same host object, console, event loop and error formatting,
// and a flight can neither end the test runner nor reach the network or the
// file system. Each probe runs the same flight both ways and compares.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runFlight, type FlightRun } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import { flight } from "./build.js";

const entry = (name: string) => fileURLToPath(new URL(`./flights/${name}.ts`, import.meta.url));
const both = async (name: string, options: Parameters<typeof runFlight>[1] = {}) => {
  const wasm = await runFlight(await flight(name), options);
  const inProcess = await runFlight({ entry: entry(name) }, options);
  return { wasm, inProcess };
};
const probe = (name: string) => both("sandbox", { input: { spec: { probe: name } } });
const data = (run: FlightRun) => run.resources[0]!.data as Record<string, string>;
/** The error's class, as the first word of its first line: the engines word their own errors differently. */
const errorClass = (run: FlightRun) => run.error?.split("\n")[0]?.split(":")[0];

describe("in-process mode has the .wasm's sandbox", () => {
  it("sees the same globals: none of Node's, no fetch, no Intl or WebAssembly", async () => {
    const { wasm, inProcess } = await probe("globals");
    expect(wasm).toSucceed();
    expect(data(inProcess)).toEqual(data(wasm));
    expect(data(inProcess).node).toBe(
      "process:undefined require:undefined module:undefined Buffer:undefined fetch:undefined global:undefined setTimeout:function",
    );
  });

  it.each(["process.exit", "fetch", "read a file"])("%s fails inside the flight as in the .wasm, and the test runner lives on", async (name) => {
    const { wasm, inProcess } = await probe(name);
    expect(wasm.exitCode).toBe(1);
    expect(inProcess.exitCode).toBe(1);
    expect(inProcess.stdout).toBe("");
    expect(errorClass(inProcess)).toBe("TypeError");
    expect(errorClass(inProcess)).toBe(errorClass(wasm));
    // The error points at the flight's TypeScript line, as in the .wasm.
    const line = (run: FlightRun) => /sandbox\.ts:(\d+):\d+/.exec(run.stderr)?.[1];
    expect(line(inProcess)).toBe(line(wasm));
  });

  it("__yoke.exit ends the run with its code, even inside try/catch", async () => {
    const { wasm, inProcess } = await probe("exit");
    expect(wasm.exitCode).toBe(3);
    expect(inProcess).toBehaveLike(wasm);
  });

  it("runs promise jobs, then timers in due order, without waiting", async () => {
    const { wasm, inProcess } = await probe("event loop");
    expect(data(wasm).order).toBe("sync,microtask,promise job,timeout 0,timeout 10");
    expect(data(inProcess)).toEqual(data(wasm));
  });

  it("fails on a rejection nobody handled, as the runtime does", async () => {
    const { wasm, inProcess } = await probe("unhandled rejection");
    expect(wasm).toFailWith(/^Unhandled promise rejection: Error: nobody handles this/);
    expect(inProcess).toBehaveLike(wasm);
  });

  it("formats console output with the runtime's own formatter, byte for byte", async () => {
    const { wasm, inProcess } = await probe("console");
    expect(wasm).toSucceed();
    expect(inProcess.stderr).toBe(wasm.stderr);
    expect(inProcess.stderr).toContain('{ name: "loop", self: [Circular] }');
  });

  it("maps a stack trace to the TypeScript, in QuickJS's format", async () => {
    const { wasm, inProcess } = await both("throws", { input: { spec: {} } });
    expect(inProcess).toBehaveLike(wasm);
    expect(inProcess.error).toMatch(
      /^Error: spec\.image is required\n\s+at requireImage \(.*flights\/throws\.ts:5:\d+\)\n\s+at <anonymous> \(.*flights\/throws\.ts:9:1\)$/,
    );
    expect(inProcess.rawStderr).toMatch(/at requireImage \(flight\.js:\d+:\d+\)/);
  });

  it("stops a flight that never returns at its timeout, with yoke's message, and runs the next", async () => {
    const run = await runFlight({ entry: entry("endless") }, { timeoutMs: 300 });
    expect(run).toFailWith("execution timeout (300ms) exceeded");
    const { wasm, inProcess } = await both("stages");
    expect(inProcess).toBehaveLike(wasm);
  });

  it("starts every run from the same globals, whatever the last run changed", async () => {
    const first = await runFlight({ entry: entry("pollutes") });
    expect(first).toSucceed();
    expect(data(first)).toEqual({ global: "undefined", prototype: "undefined", hypot: "5" });
    const second = await runFlight({ entry: entry("pollutes") });
    expect(data(second)).toEqual(data(first));
    expect(second.stderr).toBe("runs: 1\n");
  });

  it("refuses a flight that imports Node's modules, with flight build's message", async () => {
    await expect(runFlight({ entry: entry("imports-fs") })).rejects.toThrow(/imports-fs\.ts:\d+:\d+: error: a flight cannot import "node:fs"/);
  });
});
