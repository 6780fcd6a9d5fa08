// Linking a flight: the runtime plus the flight's bytecode, in one module
// whose `_start` runs the flight.
//
// linkFlight does it the way Javy's static code generator does
// (bytecodealliance/javy crates/codegen): the bytecode becomes a passive
// data segment, and `_start` allocates room with `cabi_realloc`, copies the
// bytecode in with `memory.init` and calls `invoke`.
//
// preloadFlight goes one step further: it reads the bytecode into the
// engine once, at build time, and snapshots the result, so `_start` only
// calls `invoke` with no bytecode. Each run then skips reading the bytecode
// (about 7 µs per KB in QuickJS).
import { Writer } from "./wasm/bytes.js";
import { ExternalKind, WasmModule } from "./wasm/module.js";
import { preinitialize } from "./snapshot.js";
import { dropUnreachableFunctions } from "./wasm/dead-functions.js";

export interface LinkOptions {
  /** Extra custom sections to embed (for example a source map). */
  customSections?: Record<string, Uint8Array>;
  /**
   * Bytecode of ES modules loaded only when the flight asks for them
   * (`__yoke.loadChunk(i)` returns chunk i's default export). They live in
   * passive data segments, which cost nothing when the module starts.
   */
  chunks?: Uint8Array[];
  /**
   * The flight's position table (see position-table.ts), read by the
   * runtime only when it reports an error; in a passive data segment.
   */
  positionTable?: Uint8Array;
}

const OP = {
  block: 0x02, if: 0x04, end: 0x0b, brIf: 0x0d, return: 0x0f, call: 0x10, localGet: 0x20, localTee: 0x22,
  i32Const: 0x41, i32Ne: 0x47, prefix: 0xfc, memoryInit: 0x08, dataDrop: 0x09, emptyType: 0x40,
} as const;

/** The runtime's placeholder whose body the linker replaces (packages/runtime/c/chunks.c). */
const CHUNK_FUNCTION = "yoke-flight-chunk";
/** The same for the position table (packages/runtime/c/position_table.c). */
const POSITIONS_FUNCTION = "yoke-flight-positions";

export function linkFlight(runtime: Uint8Array, bytecode: Uint8Array, options: LinkOptions = {}): Uint8Array<ArrayBuffer> {
  const module = WasmModule.parse(runtime);
  const realloc = module.exportedFunction("cabi_realloc");
  const invoke = module.exportedFunction("invoke");
  const segments = module.data();
  const segment = segments.length;
  module.setData([...segments, { mode: "passive", bytes: bytecode }]);

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
  return addStart(module, body, options);
}

export function preloadFlight(runtime: Uint8Array, bytecode: Uint8Array, options: LinkOptions = {}): Uint8Array<ArrayBuffer> {
  const snapshot = preinitialize(runtime, {
    init: (exports) => {
      const realloc = exports.cabi_realloc as (p: number, o: number, a: number, n: number) => number;
      const preload = exports.preload as ((p: number, n: number) => void) | undefined;
      if (!preload) throw new Error("this runtime has no `preload` export: link with linkFlight instead");
      const ptr = realloc(0, 0, 1, bytecode.length);
      new Uint8Array((exports.memory as WebAssembly.Memory).buffer, ptr, bytecode.length).set(bytecode);
      preload(ptr, bytecode.length);
    },
  });
  const module = WasmModule.parse(snapshot);
  const invoke = module.exportedFunction("invoke");
  const body = new Writer()
    .u32(0) // no locals
    .byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n) // no bytecode: run the preloaded module
    .byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(0n) // no function name
    .byte(OP.call).u32(invoke)
    .byte(OP.end)
    .finish();
  return addStart(module, body, options);
}

/**
 * Stores the chunks in passive segments and gives the placeholder function
 * yf_chunk(id, dest) -> size a body that copies chunk `id` to `dest`.
 */
function addChunks(module: WasmModule, chunks: Uint8Array[]): void {
  if (chunks.length === 0) return;
  const segments = module.data();
  const first = segments.length;
  module.setData([...segments, ...chunks.map((bytes) => ({ mode: "passive" as const, bytes }))]);
  const body = new Writer().u32(0); // no locals; params: 0 = id, 1 = dest
  chunks.forEach((chunk, i) => {
    body
      .byte(OP.block).byte(OP.emptyType)
      .byte(OP.localGet).u32(0).byte(OP.i32Const).sleb(BigInt(i)).byte(OP.i32Ne).byte(OP.brIf).u32(0)
      .byte(OP.localGet).u32(1).byte(OP.if).byte(OP.emptyType)
      .byte(OP.localGet).u32(1).byte(OP.i32Const).sleb(0n).byte(OP.i32Const).sleb(BigInt(chunk.length))
      .byte(OP.prefix).u32(OP.memoryInit).u32(first + i).byte(0)
      .byte(OP.end)
      .byte(OP.i32Const).sleb(BigInt(chunk.length)).byte(OP.return)
      .byte(OP.end);
  });
  body.byte(OP.i32Const).sleb(0n).byte(OP.end);
  const index = module.exportedFunction(CHUNK_FUNCTION) - module.importedCount(ExternalKind.func);
  const bodies = module.codeBodies();
  bodies[index] = body.finish();
  module.setCodeBodies(bodies);
}

/**
 * Stores the position table in a passive segment and gives the placeholder
 * yf_position_table_placeholder(offset, len, dest) -> size a body that copies
 * [offset, offset + len) of it to `dest`.
 */
function addPositionTable(module: WasmModule, table: Uint8Array | undefined): void {
  if (!table || table.length === 0) return;
  const segments = module.data();
  module.setData([...segments, { mode: "passive", bytes: table }]);
  const body = new Writer().u32(0) // no locals; params: 0 = offset, 1 = len, 2 = dest
    .byte(OP.localGet).u32(2).byte(OP.if).byte(OP.emptyType)
    .byte(OP.localGet).u32(2).byte(OP.localGet).u32(0).byte(OP.localGet).u32(1)
    .byte(OP.prefix).u32(OP.memoryInit).u32(segments.length).byte(0)
    .byte(OP.end)
    .byte(OP.i32Const).sleb(BigInt(table.length))
    .byte(OP.end)
    .finish();
  const index = module.exportedFunction(POSITIONS_FUNCTION) - module.importedCount(ExternalKind.func);
  const bodies = module.codeBodies();
  bodies[index] = body;
  module.setCodeBodies(bodies);
}

/** Adds `_start` with the given body; drops the exports a flight must not expose. */
function addStart(module: WasmModule, body: Uint8Array, options: LinkOptions): Uint8Array<ArrayBuffer> {
  addChunks(module, options.chunks ?? []);
  addPositionTable(module, options.positionTable);
  const exports = module.exports();
  if (exports.some((e) => e.name === "_start")) {
    throw new Error("the runtime already has a _start export: it is a linked flight, not the runtime");
  }
  const types = module.types();
  let voidType = types.findIndex((t) => t.params.length === 0 && t.results.length === 0);
  if (voidType < 0) {
    voidType = types.length;
    module.setTypes([...types, { params: [], results: [] }]);
  }
  const functions = module.functions();
  const startIndex = module.importedCount(ExternalKind.func) + functions.length;
  module.setFunctions([...functions, voidType]);
  module.setCodeBodies([...module.codeBodies(), body]);
  // As Javy does: the compiler and the raw entry point are not part of a flight.
  module.setExports([
    ...exports.filter((e) => !["invoke", "compile-src", "yoke-flight-compile-named", "preload", CHUNK_FUNCTION, POSITIONS_FUNCTION].includes(e.name)),
    { name: "_start", kind: ExternalKind.func, index: startIndex },
  ]);
  dropUnreachableFunctions(module); // what only the removed exports used

  for (const [name, payload] of Object.entries(options.customSections ?? {})) module.setCustom(name, payload);
  return module.emit();
}
