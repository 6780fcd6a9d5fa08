export { FlightRuntime, loadRuntime } from "./flight-runtime.js";
export { CompileError, type CompileOptions } from "./compile.js";
export { PRELOAD_MAX_BYTECODE, type LinkOptions } from "./link.js";
export { preinitialize, type PreinitializeOptions } from "./snapshot.js";
export {
  DiagnosticsError,
  fileLocation,
  formatLocation,
  formatMessage,
  message,
  samePlace,
  type Location,
  type Message,
  type Note,
} from "./diagnostics.js";
export { Wasi, ProcExit, type WasiOptions } from "./wasi.js";
export {
  hostImports,
  HostState,
  HostAbiError,
  type HostReply,
  type HostHandlers,
  type HostImport,
  type HostStateCode,
} from "./host-abi.js";
export { runWasm, noClusterAccess, type RunOptions, type RunResult } from "./run.js";
export { withResetExports } from "./reset-exports.js";
export { runtimeWasmPath, preludePath, loadPrelude } from "./paths.js";
export { FlightSourceMap, BUNDLE_NAME, SOURCE_MAP_SECTION, type OriginalPosition } from "./source-map.js";
export { ENGINE_TARGET, FLIGHT_BUNDLE_OPTIONS, rejectNodeBuiltins } from "./bundle-options.js";
export {
  encodePositionTable,
  hasPositionTable,
  decodeMappings,
  encodeMappings,
  type PositionTableInput,
  type RawSourceMap,
  type MappingSegment,
  type RenamedFunction,
} from "./position-table.js";
export { withoutHostImports, functionImports, HOST_MODULE } from "./without-host.js";
export {
  listSchematics,
  findSchematic,
  withSchematicData,
  withSchematicCmd,
  validatePreamble,
  PREFIX_SCHEMATICS,
  PREFIX_SCHEMATICS_CMD,
  SIGNATURE_SCHEMATIC,
  type Schematic,
} from "./schematics.js";
export {
  readModuleFile,
  unpackModule,
  gzipModule,
  moduleChecksum,
  isGzip,
  isGzipPath,
  isWasm,
  isScriptPath,
  WASM_MAGIC,
  type ModuleBytesProblem,
} from "./module-file.js";
