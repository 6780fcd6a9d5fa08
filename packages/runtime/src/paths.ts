// Where the pre-initialised runtime lives inside this package.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const runtimeWasmPath = fileURLToPath(new URL("../runtime.wasm", import.meta.url));

let cached: { bytes: Uint8Array<ArrayBuffer>; module: WebAssembly.Module } | undefined;

/** The runtime's bytes and compiled module, read once per process. */
export function loadRuntime(): { bytes: Uint8Array<ArrayBuffer>; module: WebAssembly.Module } {
  if (!cached) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(runtimeWasmPath));
    } catch {
      throw new Error(
        `the yoke-flight runtime is missing at ${runtimeWasmPath}; in a checkout, run ./scripts/setup.sh to build it`,
      );
    }
    cached = { bytes, module: new WebAssembly.Module(bytes) };
  }
  return cached;
}
