// Static linking of a flight, the way Javy's code generator does it
// (bytecodealliance/javy crates/codegen): the bytecode becomes a passive
// data segment, and a new `_start` allocates room with `cabi_realloc`,
// copies the bytecode in with `memory.init` and calls `invoke`.
import { Writer } from "./wasm/bytes.js";
import { ExternalKind, WasmModule } from "./wasm/module.js";

export interface LinkOptions {
  /** Extra custom sections to embed (for example build metadata or a source map). */
  customSections?: Record<string, Uint8Array>;
}

const OP = {
  end: 0x0b, call: 0x10, localGet: 0x20, localTee: 0x22, i32Const: 0x41, prefix: 0xfc,
  memoryInit: 0x08, dataDrop: 0x09,
} as const;

export function linkFlight(runtime: Uint8Array, bytecode: Uint8Array, options: LinkOptions = {}): Uint8Array<ArrayBuffer> {
  const module = WasmModule.parse(runtime);
  const exports = module.exports();
  if (exports.some((e) => e.name === "_start")) {
    throw new Error("the runtime already has a _start export: it is a linked flight, not the runtime");
  }
  const realloc = module.exportedFunction("cabi_realloc");
  const invoke = module.exportedFunction("invoke");

  const segments = module.data();
  const segment = segments.length;
  module.setData([...segments, { mode: "passive", bytes: bytecode }]);

  const types = module.types();
  let voidType = types.findIndex((t) => t.params.length === 0 && t.results.length === 0);
  if (voidType < 0) {
    voidType = types.length;
    module.setTypes([...types, { params: [], results: [] }]);
  }
  const functions = module.functions();
  const startIndex = module.importedCount(ExternalKind.func) + functions.length;
  module.setFunctions([...functions, voidType]);

  const len = BigInt(bytecode.length);
  const body = new Writer()
    .u32(1).u32(1).byte(0x7f) // one local: i32 (the bytecode's address)
    .byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n) // original pointer, size
    .byte(OP.i32Const).sleb(1n).byte(OP.i32Const).sleb(len) // alignment, new size
    .byte(OP.call).u32(realloc)
    .byte(OP.localTee).u32(0)
    .byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(len)
    .byte(OP.prefix).u32(OP.memoryInit).u32(segment).byte(0) // memory.init segment, memory 0
    .byte(OP.prefix).u32(OP.dataDrop).u32(segment)
    .byte(OP.localGet).u32(0).byte(OP.i32Const).sleb(len)
    .byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n) // no function name
    .byte(OP.call).u32(invoke)
    .byte(OP.end)
    .finish();
  module.setCodeBodies([...module.codeBodies(), body]);

  // As Javy does: the compiler and the raw entry point are not part of a flight.
  module.setExports([
    ...exports.filter((e) => e.name !== "invoke" && e.name !== "compile-src"),
    { name: "_start", kind: ExternalKind.func, index: startIndex },
  ]);
  for (const [name, payload] of Object.entries(options.customSections ?? {})) module.setCustom(name, payload);
  return module.emit();
}
