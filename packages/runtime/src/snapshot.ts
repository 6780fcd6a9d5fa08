// Pre-initialisation in the manner of Wizer, written in TypeScript so no
// native tool is needed: instantiate the module, call its init function,
// then write a new module whose memory and globals start in that state.
// The WASI host is deterministic (clock at 0, zero random bytes), so the
// same input always gives the same bytes.
import { ExternalKind, ValType, WasmModule, constExpr, type DataSegment } from "./wasm/module.js";
import { instantiateIsolated } from "./instantiate.js";

export interface PreinitializeOptions {
  /** The export to run once before the snapshot is taken, or a function that drives the instance. */
  init: string | ((exports: WebAssembly.Exports) => void);
  /** Zero runs shorter than this are kept inside one data segment rather than splitting it. */
  mergeGap?: number;
}

const PAGE = 65536;

export function preinitialize(wasm: Uint8Array, options: PreinitializeOptions): Uint8Array<ArrayBuffer> {
  const module = WasmModule.parse(wasm);
  if (module.data().some((s) => s.mode === "passive")) {
    throw new Error("cannot pre-initialise a module with passive data segments");
  }
  const globals = module.globals();
  const importedGlobals = module.importedCount(ExternalKind.global);

  // Globals are private to the module: export each one so its value can be read.
  const probe = WasmModule.parse(wasm);
  const exportName = (i: number) => `__yf_snapshot_global_${i}`;
  probe.setExports([...probe.exports(), ...globals.map((_, i) => ({ name: exportName(i), kind: ExternalKind.global, index: importedGlobals + i }))]);
  const instance = instantiateIsolated(new WebAssembly.Module(probe.emit()), "pre-initialising");
  if (typeof options.init === "function") {
    options.init(instance.exports);
  } else {
    const init = instance.exports[options.init];
    if (typeof init !== "function") throw new Error(`the module exports no function ${options.init}`);
    (init as () => void)();
  }

  const values = globals.map((_, i) => (instance.exports[exportName(i)] as WebAssembly.Global).value as number | bigint);
  module.setGlobals(globals.map((g, i) => (g.mutable ? { ...g, init: constExpr(g.type, values[i]!) } : g)));

  const memory = new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer);
  const limits = module.memory();
  module.setMemory({ ...limits, min: memory.length / PAGE });

  // wasm-ld's first global is the stack pointer; with --stack-first the
  // stack grows down from it towards 0, and at rest everything below it is
  // dead: leave it out of the snapshot.
  const stackPointer = globals[0]?.mutable && globals[0].type === ValType.i32 ? Number(values[0]) : 0;
  // A data segment's header takes about 8 bytes: a zero run longer than
  // that is cheaper as a split (8 gives the smallest modules, 3 KB less than 16).
  module.setData(nonZeroRuns(memory, stackPointer, options.mergeGap ?? 8));
  return module.emit();
}

function nonZeroRuns(memory: Uint8Array, from: number, mergeGap: number): DataSegment[] {
  const segments: DataSegment[] = [];
  let i = from;
  const end = memory.length;
  while (i < end) {
    while (i < end && memory[i] === 0) i++;
    if (i >= end) break;
    const start = i;
    let last = i;
    while (i < end) {
      if (memory[i] !== 0) {
        last = i;
        i++;
      } else if (i - last > mergeGap) {
        break;
      } else {
        i++;
      }
    }
    segments.push({ mode: "active", offset: start, bytes: memory.slice(start, last + 1) });
  }
  return segments;
}
