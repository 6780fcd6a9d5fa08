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

/** The module at `path`, decompressed when the name ends in .gz (as yoke's loadFile). */
export function readModuleFile(path: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(readFileSync(path));
  if (!isGzipPath(path)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (e) {
    throw new Error(`${path}: not a gzip file: ${(e as Error).message}`);
  }
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
