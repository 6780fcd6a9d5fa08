// Build step: pre-initialises the runtime's core module (built from C by
// scripts/build-runtime.sh) into runtime.wasm, the module this package
// ships. Usage: node dist/build-runtime.js <core.wasm>
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { preinitialize } from "./snapshot.js";
import { WasmModule } from "./wasm/module.js";
import { runtimeWasmPath } from "./paths.js";
import { Writer } from "./wasm/bytes.js";

/** The tool-conventions target_features section: a vector of ("+", feature name). */
function targetFeatures(features: string[]): Uint8Array {
  const w = new Writer().u32(features.length);
  for (const f of features) w.byte(0x2b).name(f);
  return w.finish();
}

const core = process.argv[2];
if (!core) {
  console.error("usage: build-runtime <runtime.core.wasm>");
  process.exit(2);
}
const started = performance.now();
const snapshot = WasmModule.parse(preinitialize(readFileSync(core), { init: "initialize-runtime" }));
// Javy reads the import namespace of a plugin from this custom section.
snapshot.setCustom("import_namespace", new TextEncoder().encode("yoke_flight_v1"));
// Tools such as binaryen (which Javy runs) read the wasm features a module
// uses from this section; wasm-ld --strip-all dropped the one clang wrote.
// Keep it equal to the -m flags in packages/runtime/Makefile.
snapshot.setCustom("target_features", targetFeatures(["bulk-memory", "mutable-globals", "nontrapping-fptoint", "sign-ext"]));
const bytes = snapshot.emit();
mkdirSync(dirname(runtimeWasmPath), { recursive: true });
writeFileSync(runtimeWasmPath, bytes);
console.log(`runtime.wasm: ${bytes.length} bytes, pre-initialised in ${(performance.now() - started).toFixed(0)} ms`);
