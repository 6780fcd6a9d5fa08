// Linking a flight: the runtime plus the flight's bytecode, in one module
// whose `_start` runs the flight.
//
// Without preloading it does it much as Javy's static code generator does
// (bytecodealliance/javy crates/codegen): the bytecode becomes a passive
// data segment, which `_start` copies in with `memory.init` before `invoke`
// runs it; here the segment is compressed (chunk-codec.ts), and `_start`
// calls yoke-flight-invoke-chunk, which decompresses it first.
//
// Preloading goes one step further: it reads the bytecode into the
// engine once, at build time, and snapshots the result, so `_start` only
// calls `invoke` with no bytecode. Each run then skips reading the bytecode
// (about 7 µs per KB in QuickJS).
import { emitFunction } from "./wasm/emit.js";
import { ExternalKind, WasmModule } from "./wasm/module.js";
import { preinitialize } from "./snapshot.js";
import { SOURCE_MAP_SECTION } from "./source-map.js";
import { dropUnreachableFunctions } from "./wasm/dead-functions.js";
import { compressChunk } from "./chunk-codec.js";

export interface LinkOptions {
  /** The flight's bytecode (FlightRuntime.compile). */
  bytecode: Uint8Array;
  /**
   * true: read the bytecode into the engine at link time and snapshot it;
   * false: link the way Javy's static code generator does (the bytecode is
   * read on every run); "auto" (default): preload up to PRELOAD_MAX_BYTECODE
   * of bytecode and chunks together.
   */
  preload?: boolean | "auto";
  /**
   * Bytecode of ES modules loaded only when the flight asks for them
   * (`__yoke.loadChunk(i)` returns chunk i's default export). They live in
   * passive data segments, compressed (chunk-codec.ts), which cost nothing
   * when the module starts.
   */
  chunks?: Uint8Array[];
  /**
   * The flight's position table (see position-table.ts), read by the
   * runtime only when it reports an error; in a passive data segment.
   */
  positionTable?: Uint8Array;
  /** The source map (JSON) to embed in the SOURCE_MAP_SECTION custom section. */
  sourceMap?: string;
}

/**
 * Above this much bytecode (flight and chunks) "auto" links without
 * preloading. Measured by `pnpm bench` (issue 15): for the examples (70 KB of
 * bytecode) the snapshot adds 4% to the module and saves 0.03-0.4 ms per
 * run; for a flight bundling zod and lodash-es (570 KB) it doubles the module
 * (2.2 MB against 1.1 MB) for the same first result under yoke's wazero
 * (compile + first run, about 170 ms either way: compiling the engine
 * dominates) and later runs about 1.5x faster (30 ms against 45 ms);
 * `preload: true` (`flight build --preload`) chooses that.
 */
export const PRELOAD_MAX_BYTECODE = 256 * 1024;

/** The runtime's placeholder whose body the linker replaces (packages/runtime/c/chunks.c). */
const CHUNK_FUNCTION = "yoke-flight-chunk";
/** What _start calls in the Javy layout: run the flight's bytecode, stored as a compressed chunk. */
const INVOKE_CHUNK_FUNCTION = "yoke-flight-invoke-chunk";
/** The same for the position table (packages/runtime/c/position_table.c). */
const POSITIONS_FUNCTION = "yoke-flight-positions";
/** The custom section in which clang records the wasm features it used. */
const TARGET_FEATURES_SECTION = "target_features";

/** Whether a link with these options preloads the bytecode. */
export function preloads(options: LinkOptions): boolean {
  if (options.preload !== undefined && options.preload !== "auto") return options.preload;
  const total = options.bytecode.length + (options.chunks ?? []).reduce((n, c) => n + c.length, 0);
  return total <= PRELOAD_MAX_BYTECODE;
}

/** The runtime (a pre-initialised runtime.wasm, or one without host imports) linked with a flight. */
export function link(runtime: Uint8Array, options: LinkOptions): Uint8Array<ArrayBuffer> {
  return preloads(options) ? preloadFlight(runtime, options) : javyLayout(runtime, options);
}

function javyLayout(runtime: Uint8Array, options: LinkOptions): Uint8Array<ArrayBuffer> {
  const module = WasmModule.parse(runtime);
  // The bytecode is stored compressed, as the chunk after the lazily loaded ones (c/lifecycle.c yf_invoke_chunk).
  const chunks = [...(options.chunks ?? []), options.bytecode];
  const body = emitFunction()
    .i32Const(chunks.length - 1)
    .call(module.exportedFunction(INVOKE_CHUNK_FUNCTION)) // decompress the bytecode, then invoke() it
    .end()
    .finish();
  return addStart(module, body, { ...options, chunks });
}

function preloadFlight(runtime: Uint8Array, options: LinkOptions): Uint8Array<ArrayBuffer> {
  const { bytecode } = options;
  const snapshot = preinitialize(runtime, {
    init: (exports) => {
      const realloc = exports.cabi_realloc as (p: number, o: number, a: number, n: number) => number;
      const preload = exports.preload as ((p: number, n: number) => void) | undefined;
      if (!preload) throw new Error("this runtime has no `preload` export: link with preload: false instead");
      const ptr = realloc(0, 0, 1, bytecode.length);
      new Uint8Array((exports.memory as WebAssembly.Memory).buffer, ptr, bytecode.length).set(bytecode);
      preload(ptr, bytecode.length);
    },
  });
  const module = WasmModule.parse(snapshot);
  const invoke = module.exportedFunction("invoke");
  const body = emitFunction()
    .i32Const(0)
    .i32Const(0) // no bytecode: run the preloaded module
    .i32Const(0)
    .i32Const(0)
    .i32Const(0) // no function name
    .call(invoke)
    .end()
    .finish();
  return addStart(module, body, options);
}

/**
 * Stores the chunks compressed (chunk-codec.ts) in passive segments and gives
 * the placeholder function yf_chunk(id, dest) -> size a body that copies
 * compressed chunk `id` to `dest`; the runtime decompresses it.
 */
function addChunks(module: WasmModule, bytecodes: Uint8Array[]): void {
  if (bytecodes.length === 0) return;
  const chunks = bytecodes.map(compressChunk);
  const segments = module.data();
  const first = segments.length;
  module.setData([...segments, ...chunks.map((bytes) => ({ mode: "passive" as const, bytes }))]);
  const [id, dest] = [0, 1]; // the parameters
  const body = emitFunction();
  chunks.forEach((chunk, i) => {
    body
      .block()
      .localGet(id)
      .i32Const(i)
      .i32Ne()
      .brIf(0) // not this chunk: next block
      .localGet(dest)
      .if() // a null dest asks only for the size
      .localGet(dest)
      .i32Const(0)
      .i32Const(chunk.length)
      .memoryInit(first + i)
      .end()
      .i32Const(chunk.length)
      .return()
      .end();
  });
  body.i32Const(0).end();
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
  const [offset, len, dest] = [0, 1, 2]; // the parameters
  const body = emitFunction()
    .localGet(dest)
    .if() // a null dest asks only for the size
    .localGet(dest)
    .localGet(offset)
    .localGet(len)
    .memoryInit(segments.length)
    .end()
    .i32Const(table.length)
    .end()
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
    ...exports.filter(
      (e) => !["invoke", "compile-src", "yoke-flight-compile-named", "preload", CHUNK_FUNCTION, POSITIONS_FUNCTION, INVOKE_CHUNK_FUNCTION].includes(e.name),
    ),
    { name: "_start", kind: ExternalKind.func, index: startIndex },
  ]);
  dropUnreachableFunctions(module); // what only the removed exports used
  // Which wasm features the compiler used: read by linkers, not by runtimes.
  // runtime.wasm keeps it (Javy's tools may read it); a flight does not need it.
  module.removeCustom(TARGET_FEATURES_SECTION);
  if (options.sourceMap !== undefined) module.setCustom(SOURCE_MAP_SECTION, new TextEncoder().encode(options.sourceMap));
  return module.emit();
}
