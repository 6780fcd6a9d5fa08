// Build step: pre-initialises the runtime's core module (built from C by
// scripts/build-runtime.sh) into runtime.wasm, the module this package
// ships. Usage: node dist/build-runtime.js <core.wasm>
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { preinitialize } from "./snapshot.js";
import { WasmModule } from "./wasm/module.js";
import { runtimeWasmPath } from "./paths.js";

const core = process.argv[2];
if (!core) {
  console.error("usage: build-runtime <runtime.core.wasm>");
  process.exit(2);
}
const started = performance.now();
const snapshot = WasmModule.parse(preinitialize(readFileSync(core), { init: "initialize-runtime" }));
// Javy reads the import namespace of a plugin from this custom section.
snapshot.setCustom("import_namespace", new TextEncoder().encode("yoke_flight_v1"));
const bytes = snapshot.emit();
mkdirSync(dirname(runtimeWasmPath), { recursive: true });
writeFileSync(runtimeWasmPath, bytes);
console.log(`runtime.wasm: ${bytes.length} bytes, pre-initialised in ${(performance.now() - started).toFixed(0)} ms`);
