// @yoke-flight/runtime/wasm: the WebAssembly codec the linker and the
// snapshotter are written with (modules as sections, LEB128 readers and
// writers, function renumbering, a function-body emitter). For tools and
// tests that take modules apart; flights never need it.
export {
  WasmModule,
  SectionId,
  ValType,
  ExternalKind,
  constExpr,
  i32ConstExpr,
  type Section,
  type FuncType,
  type Import,
  type Export,
  type Global,
  type Limits,
  type DataSegment,
} from "./module.js";
export { Reader, Writer, concat } from "./bytes.js";
export { remapFunctionIndices, type Remap } from "./function-indices.js";
export { CodeEmitter, emitFunction } from "./emit.js";
