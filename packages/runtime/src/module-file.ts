// Module files as yoke reads them (yokecd/yoke pkg/yoke/wasm.go loadFile,
// LoadWasmFromURL): a path ending in .gz is gunzipped, and every checksum
// (spec.wasmUrls.flightChecksum, `yoke stow`'s sha256_ tag, the ATC's cache in
// internal/wasi/cache/cache.go) is over the decompressed module.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";

const GZIP_MAGIC = [0x1f, 0x8b];
/** Byte 9 of a gzip header: the OS. Fixed to Unix so a module gzips to the same bytes everywhere. */
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNIX = 3;

export const isGzipPath = (path: string): boolean => path.endsWith(".gz");

/** The four bytes every WebAssembly module starts with (\0asm). */
export const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;

/** Whether `bytes` start as a WebAssembly module does (the magic number; the rest is the compiler's to judge). */
export const isWasm = (bytes: Uint8Array): boolean => bytes.length >= WASM_MAGIC.length && WASM_MAGIC.every((b, i) => bytes[i] === b);

/** Whether a path names TypeScript or JavaScript source (.ts, .mts, .js, .tsx, …), not a built module. */
export const isScriptPath = (path: string): boolean => /\.[cm]?[jt]sx?$/.test(path);

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** What can be wrong with a module file's bytes before anything compiles them; each caller words it with its own advice. */
export type ModuleBytesProblem = { kind: "not-gzip"; detail: string } | { kind: "empty" } | { kind: "not-wasm" };

/**
 * A module file's bytes, gunzipped when `gzipped` (yoke gunzips a path ending
 * in .gz, and a download with Content-Encoding: gzip), and the first problem
 * with them: not gzip, empty, or not starting as a module does. A module that
 * starts right but does not compile is for the compiler to say.
 */
export function unpackModule(bytes: Uint8Array, gzipped: boolean): { bytes: Uint8Array<ArrayBuffer>; problem?: ModuleBytesProblem } {
  let module: Uint8Array<ArrayBuffer>;
  try {
    module = gzipped ? new Uint8Array(gunzipSync(bytes)) : asArrayBufferView(bytes);
  } catch (e) {
    return { bytes: asArrayBufferView(bytes), problem: { kind: "not-gzip", detail: (e as Error).message } };
  }
  if (module.length === 0) return { bytes: module, problem: { kind: "empty" } };
  if (!isWasm(module)) return { bytes: module, problem: { kind: "not-wasm" } };
  return { bytes: module };
}

/** `bytes` as a view of an ArrayBuffer (what WebAssembly takes), copied only when they are over a SharedArrayBuffer. */
const asArrayBufferView = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);

/** The module at `path`, decompressed when the name ends in .gz (as yoke's loadFile). */
export function readModuleFile(path: string): Uint8Array<ArrayBuffer> {
  const { bytes, problem } = unpackModule(new Uint8Array(readFileSync(path)), isGzipPath(path));
  if (problem?.kind === "not-gzip") throw new Error(`${path}: not a gzip file: ${problem.detail}`);
  return bytes;
}

/** gzip -9 with no name and no time: the same module always gives the same bytes. */
export function gzipModule(wasm: Uint8Array): Uint8Array<ArrayBuffer> {
  const gz = new Uint8Array(gzipSync(wasm, { level: 9 }));
  gz[GZIP_OS_OFFSET] = GZIP_OS_UNIX;
  return gz;
}

/** The sha256 yoke checks a module against: of the decompressed bytes. */
export function moduleChecksum(wasm: Uint8Array): string {
  return createHash("sha256")
    .update(isGzip(wasm) ? gunzipSync(wasm) : wasm)
    .digest("hex");
}
