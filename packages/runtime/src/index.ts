export { compileSource, CompileError } from "./compile.js";
export { linkFlight, preloadFlight, type LinkOptions } from "./link.js";
export { preinitialize, type PreinitializeOptions } from "./snapshot.js";
export { Wasi, ProcExit, type WasiOptions } from "./wasi.js";
export {
  hostImports, HostState, HostAbiError,
  type HostReply, type HostHandlers, type HostImport, type HostStateCode,
} from "./host-abi.js";
export { runWasm, noClusterAccess, type RunOptions, type RunResult } from "./run.js";
export { runtimeWasmPath, loadRuntime, preludePath, loadPrelude } from "./paths.js";
export { WasmModule } from "./wasm/module.js";
export { FlightSourceMap, BUNDLE_NAME, type OriginalPosition } from "./source-map.js";
export { ENGINE_TARGET, FLIGHT_BUNDLE_OPTIONS, rejectNodeBuiltins } from "./bundle-options.js";
export { Reader, Writer } from "./wasm/bytes.js";
export {
  encodePositionTable, hasPositionTable, decodeMappings, encodeMappings,
  type PositionTableInput, type RawSourceMap, type MappingSegment, type RenamedFunction,
} from "./position-table.js";
export { withoutHostImports, functionImports, HOST_MODULE } from "./without-host.js";
export {
  listSchematics, findSchematic, withSchematicData, withSchematicCmd, validatePreamble,
  PREFIX_SCHEMATICS, PREFIX_SCHEMATICS_CMD, SIGNATURE_SCHEMATIC, type Schematic,
} from "./schematics.js";
export { readModuleFile, gzipModule, moduleChecksum, isGzip, isGzipPath } from "./module-file.js";
