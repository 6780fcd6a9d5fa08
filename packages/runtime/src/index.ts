export { compileSource, CompileError } from "./compile.js";
export { linkFlight, preloadFlight, type LinkOptions } from "./link.js";
export { preinitialize, type PreinitializeOptions } from "./snapshot.js";
export { Wasi, ProcExit, type WasiOptions } from "./wasi.js";
export {
  hostImports, HostState, HostAbiError,
  type HostAnswer, type HostHandlers, type HostStateCode,
} from "./host-abi.js";
export { runWasm, noClusterAccess, type RunOptions, type RunResult } from "./run.js";
export { runtimeWasmPath, loadRuntime, preludePath, loadPrelude } from "./paths.js";
export { WasmModule } from "./wasm/module.js";
export { FlightSourceMap, BUNDLE_NAME, type OriginalPosition } from "./source-map.js";
export { ENGINE_TARGET, FLIGHT_BUNDLE_OPTIONS, rejectNodeBuiltins } from "./bundle-options.js";
export { Reader, Writer } from "./wasm/bytes.js";
