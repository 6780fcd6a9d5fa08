// Module files as yoke reads them: gunzipped when named .gz, checksummed over
// the decompressed bytes, and the problems a file can have before anything
// compiles it (module-file.ts), which `flight run` and the harness word.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gzipModule, moduleChecksum, readModuleFile, unpackModule } from "@yoke-flight/runtime";

const module = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
const dir = mkdtempSync(join(tmpdir(), "yoke-flight-module-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("unpackModule", () => {
  it("gives the module, gunzipped when asked", () => {
    expect(unpackModule(module, false)).toEqual({ bytes: module });
    expect(unpackModule(gzipModule(module), true)).toEqual({ bytes: module });
  });

  it.each([
    ["bytes that are not gzip, named .gz", new TextEncoder().encode("not compressed\n"), true, "not-gzip"],
    ["no bytes", new Uint8Array(), false, "empty"],
    ["a gzipped empty file", gzipModule(new Uint8Array()), true, "empty"],
    ["text", new TextEncoder().encode("apiVersion: v1\n"), false, "not-wasm"],
  ])("names the problem with %s", (_, bytes, gzipped, kind) => {
    expect(unpackModule(bytes, gzipped).problem?.kind).toBe(kind);
  });
});

describe("module files", () => {
  it("reads a .gz module decompressed, and its checksum is the decompressed module's, as yoke's", () => {
    const gz = join(dir, "flight.wasm.gz");
    writeFileSync(gz, gzipModule(module));
    expect(readModuleFile(gz)).toEqual(module);
    expect(moduleChecksum(gzipModule(module))).toBe(moduleChecksum(module));
  });

  it("says a .gz file that is not gzip is not", () => {
    const bad = join(dir, "bad.wasm.gz");
    writeFileSync(bad, "not compressed\n");
    expect(() => readModuleFile(bad)).toThrow(/bad\.wasm\.gz: not a gzip file: /);
  });
});
