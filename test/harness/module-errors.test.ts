// Errors the module reports by itself, as yoke or any WASI host shows them
// (no source map file, no help from our tools): TypeScript positions and
// original function names (also after --minify), where a value that is not
// an Error was thrown, and out of memory in words. node:wasi runs the same
// flights in test/node-wasi/module-errors.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { runFlight } from "@yoke-flight/testing";
import { flight } from "./build.js";

const bin = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");
const at = (frames: string[]) => frames.map((f) => `\n    at ${f}`).join("");
const caller = ["fail (flights/fails.ts:16:67)", "<anonymous> (flights/fails.ts:27:6)"];

const thrown = [
  ["number", "Uncaught 42", "throwNumber (flights/fails.ts:8:39)"],
  ["string", 'Uncaught "text"', "throwString (flights/fails.ts:9:33)"],
  ["null", "Uncaught null", "throwNull (flights/fails.ts:10:31)"],
  ["object", "Uncaught { a: 1 }", "throwObject (flights/fails.ts:11:33)"],
] as const;

describe.each([
  ["built as is", false],
  ["built with --minify", true],
])("a flight %s, with no source map file", (_, minify) => {
  const build = () => flight("fails", { minify, sourcemap: "none" });

  it("has no .map beside it", async () => {
    expect(existsSync(`${await build()}.map`)).toBe(false);
  });

  it.each(thrown)("throw of a %s: the value, where it was thrown and the callers", async (fail, head, site) => {
    const run = await runFlight(await build(), { input: { spec: { fail } } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`${head}${at([site, ...caller])}\n`);
  });

  it("an Error: TypeScript positions and the original function names", async () => {
    const run = await runFlight(await build(), { input: { spec: { fail: "error" } } });
    expect(run.stderr).toBe(`Error: failing as asked${at(["throwError (flights/fails.ts:12:42)", "fail (flights/fails.ts:16:73)", caller[1]!])}\n`);
  });

  it("out of memory where QuickJS could not even make the error (it threw null): the limit and where", async () => {
    const run = await runFlight(await build(), { input: { spec: { fail: "configmaps", count: 20_000, size: 0 } }, maxMemoryMib: 8 });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        "^out of memory: the flight needed \\d+ bytes more, having used all of its 8 MiB, the most memory its host allows " +
          "\\(yoke: `--max-memory-mib`, or the Airway's spec\\.maxMemoryMib\\)\n" +
          " {4}at configMaps \\(flights/fails\\.ts:21:\\d+\\)\n {4}at <anonymous> \\(flights/fails\\.ts:26:\\d+\\)\n$",
      ),
    );
  });

  it("5,000 ConfigMaps at 8 MiB: out of memory while writing the output, with the SDK's frames", async () => {
    const run = await runFlight(await build(), { input: { spec: { fail: "configmaps", count: 5000, size: 1000 } }, maxMemoryMib: 8 });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^out of memory: the flight needed [\d.]+ KiB more, having used all of its 8 MiB, the most memory its host allows/);
    expect(run.stderr).toMatch(/\n {4}at output \(.*packages\/sdk\/src\/output\.ts:\d+:\d+\)\n {4}at <anonymous> \(flights\/fails\.ts:26:\d+\)\n$/);
  });
});

describe("flight run", () => {
  it("--max-memory-mib 8: out of memory in words, exit 1", async () => {
    const r = spawnSync(process.execPath, [bin, "run", await flight("fails", { sourcemap: "none" }), "--input", "-", "--max-memory-mib", "8"], {
      encoding: "utf8",
      input: JSON.stringify({ spec: { fail: "configmaps", count: 20_000, size: 0 } }),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^flight run: the flight failed: out of memory: the flight needed \d+ bytes more, having used all of its 8 MiB/);
    expect(r.stderr).toContain("\n    at configMaps (flights/fails.ts:21:");
  });

  it("throw 42: where it was thrown", async () => {
    const r = spawnSync(process.execPath, [bin, "run", await flight("fails", { minify: true, sourcemap: "none" }), "--input", "-"], {
      encoding: "utf8",
      input: JSON.stringify({ spec: { fail: "number" } }),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`flight run: the flight failed: Uncaught 42${at([thrown[0][2], ...caller])}\n`);
  });
});
