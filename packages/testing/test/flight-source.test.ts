// The flight-source resolver's errors: a source that names no runnable
// flight is told in one line naming the source and what is wrong, before
// anything runs (runFlight, simulateAirway and the rest share the resolver).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { FlightSourceError, loadFlight, readSchematics, runFlight, type FlightSource } from "@yoke-flight/testing";

const dir = mkdtempSync(join(tmpdir(), "flight-source-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
mkdirSync(join(dir, "dist"));
const shown = (path: string) => relative(process.cwd(), path);

const cases: [string, () => FlightSource, RegExp][] = [
  ["a missing file", () => join(dir, "missing.wasm"), /^no flight module at .*missing\.wasm: build it first \(flight build\)$/],
  ["a directory", () => join(dir, "dist"), /^.*dist is a directory, not a flight module: give the built \.wasm, e.g\. dist\/flight\.wasm$/],
  [
    "the TypeScript entry as a path",
    () => file("flight.ts", "export {};\n"),
    /^.*flight\.ts is TypeScript, not a built module: build it \(flight build .*flight\.ts\) or run it in-process with \{ entry: ".*flight\.ts" \}$/,
  ],
  [
    "a text file named .wasm",
    () => file("text.wasm", "hello\n"),
    /^.*text\.wasm is not a WebAssembly module \(it does not start with the bytes \\0asm\): rebuild it \(flight build\)$/,
  ],
  ["an empty file", () => file("empty.wasm", ""), /^.*empty\.wasm is empty \(0 bytes\), not a WebAssembly module: rebuild it \(flight build\)$/],
  [
    "a .wasm.gz that is not gzipped",
    () => file("plain.wasm.gz", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])),
    /^.*plain\.wasm\.gz is not a valid gzip file \(.+\): rebuild it \(flight build --gzip\)$/,
  ],
  [
    "bytes that are not a module",
    () => new TextEncoder().encode("<html>"),
    /^the module given as bytes is not a WebAssembly module \(it does not start with the bytes \\0asm\)/,
  ],
  ["gzipped bytes of something else", () => gzipSync("not wasm"), /^the module given as bytes is not a WebAssembly module/],
  ["{ bytes } of something else", () => ({ bytes: new Uint8Array([1, 2, 3]) }), /^the module given as bytes is not a WebAssembly module/],
  [
    "{ entry } that does not exist",
    () => ({ entry: join(dir, "nope.ts") }),
    /^no flight entry at .*nope\.ts: \{ entry \} takes the flight's TypeScript entry, e\.g\. src\/flight\.ts$/,
  ],
  [
    "{ entry } naming a built module",
    () => ({ entry: file("built.wasm", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) }),
    /^.*built\.wasm is a built module, not TypeScript: pass the path itself, not \{ entry \}$/,
  ],
  ["{ entry } naming a directory", () => ({ entry: join(dir, "dist") }), /^.*dist is a directory: \{ entry \} takes the flight's TypeScript entry/],
  ["{ entry } that is not a string", () => ({ entry: 42 }) as never, /^\{ entry \} takes the path of the flight's TypeScript entry, not 42$/],
  [
    "an object of no known form",
    () => ({ path: "flight.wasm" }) as never,
    /^not a flight: give a path to a \.wasm or \.wasm\.gz, its bytes, \{ bytes, sourceMap \} or \{ entry \} \(the TypeScript entry\), not an object with keys path$/,
  ],
  ["undefined", () => undefined as never, /^not a flight: .*, not undefined$/],
];

describe("a flight source that names no runnable flight", () => {
  it.each(cases)("%s: a one-line FlightSourceError", async (_, source, message) => {
    const error = await runFlight(source()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlightSourceError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("paths are shown as given", async () => {
    const path = join(dir, "missing.wasm");
    await expect(runFlight(shown(path))).rejects.toThrow(`no flight module at ${shown(path)}: build it first (flight build)`);
  });

  it("what needs a built module says so for { entry }", () => {
    const entry = file("entry.ts", "export {};\n");
    expect(() => readSchematics({ entry } as never)).toThrow(`readSchematics needs a built module, not { entry: ${JSON.stringify(entry)} }`);
    expect(() => loadFlight({ entry })).toThrow(FlightSourceError);
  });
});

describe("a module that starts right but does not compile", () => {
  it("is the flight's failure, as yoke reports it, not a thrown error", async () => {
    const run = await runFlight(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9, 9, 9]));
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/^failed to compile module: /);
  });
});
