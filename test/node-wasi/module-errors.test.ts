// Under Node's own node:wasi, with no source map file anywhere and none of
// our tools in the loop, a failing flight names its TypeScript positions
// (also after --minify), where a non-Error was thrown, and that it ran out of
// memory: what yoke or the ATC show a flight author. The flight is
// test/harness/flights/fails.ts, built with the `flight` command.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { WASI } from "node:wasi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostImports, noClusterAccess } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";

setFlagsFromString("--no-turbo-fast-api-calls");

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "node-wasi-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds the flight with the CLI, with no source map. */
function build(minify: boolean): Uint8Array {
  const out = join(dir, minify ? "fails-min.wasm" : "fails.wasm");
  const args = [
    join(root, "packages/cli/bin/flight.js"),
    "build",
    join(root, "test/harness/flights/fails.ts"),
    "-o",
    out,
    "--sourcemap=none",
    "--no-typecheck",
    "-q",
  ];
  const r = spawnSync(process.execPath, minify ? [...args, "--minify"] : args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`flight build failed: ${r.stderr}`);
  expect(existsSync(`${out}.map`)).toBe(false);
  return readFileSync(out);
}

/** Caps the memory as a host with a limit does (yoke: wazero's memory limit). */
function withMemoryLimit(wasm: Uint8Array, mib: number): Uint8Array {
  const module = WasmModule.parse(wasm);
  module.setMemory({ ...module.memory(), max: mib * 16 });
  return module.emit();
}

function underNodeWasi(wasm: Uint8Array, stdin: string) {
  const files = { stdin: join(dir, "in"), stdout: join(dir, "out"), stderr: join(dir, "err") };
  writeFileSync(files.stdin, stdin);
  const fds = { stdin: openSync(files.stdin, "r"), stdout: openSync(files.stdout, "w"), stderr: openSync(files.stderr, "w") };
  try {
    const wasi = new WASI({ version: "preview1", args: ["flight"], env: {}, returnOnExit: true, ...fds });
    let instance: WebAssembly.Instance | undefined;
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    instance = new WebAssembly.Instance(module, { ...wasi.getImportObject(), host: hostImports(() => instance!, noClusterAccess) } as WebAssembly.Imports);
    const exitCode = wasi.start(instance);
    return { exitCode, stderr: readFileSync(files.stderr, "utf8") };
  } finally {
    Object.values(fds).forEach((fd) => closeSync(fd));
  }
}

const input = (spec: object) => JSON.stringify({ spec });

describe.each([
  ["built as is", false],
  ["built with --minify", true],
])("node:wasi, a flight %s", (_, minify) => {
  let wasm: Uint8Array;
  beforeAll(() => {
    wasm = build(minify);
  });

  it("an Error: TypeScript positions and original function names", () => {
    expect(underNodeWasi(wasm, input({ fail: "error" }))).toEqual({
      exitCode: 1,
      stderr:
        "Error: failing as asked\n" +
        "    at throwError (flights/fails.ts:12:42)\n    at fail (flights/fails.ts:16:73)\n    at <anonymous> (flights/fails.ts:27:6)\n",
    });
  });

  it("throw 42: the value and where it was thrown", () => {
    expect(underNodeWasi(wasm, input({ fail: "number" }))).toEqual({
      exitCode: 1,
      stderr:
        "Uncaught 42\n" + "    at throwNumber (flights/fails.ts:8:39)\n    at fail (flights/fails.ts:16:67)\n    at <anonymous> (flights/fails.ts:27:6)\n",
    });
  });

  it("out of memory at an 8 MiB limit: the limit and where, not `Uncaught null`", () => {
    const run = underNodeWasi(withMemoryLimit(wasm, 8), input({ fail: "configmaps", count: 20_000, size: 0 }));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^out of memory: the flight needed \d+ bytes more, having used all of its 8 MiB, the most memory its host allows/);
    expect(run.stderr).toMatch(/\n {4}at configMaps \(flights\/fails\.ts:21:\d+\)\n {4}at <anonymous> \(flights\/fails\.ts:26:\d+\)\n$/);
  });
});
