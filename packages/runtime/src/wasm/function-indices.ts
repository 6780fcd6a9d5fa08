// Renumbering functions in a WebAssembly module: every place a function
// index is written (calls, ref.func, exports, the start function, element
// segments) gets a new index from `remap`. Used to drop imports, which shifts
// the index of every function after them. Code is decoded instruction by
// instruction (instructions.ts).
import { Reader, Writer } from "./bytes.js";
import { skipImmediates, skipLocals } from "./instructions.js";
import { ExternalKind, SectionId, type WasmModule } from "./module.js";

export type Remap = (index: number) => number;

const OP = { call: 0x10, refFunc: 0xd2 } as const;

/** Applies `remap` to every function index in the module, in place. */
export function remapFunctionIndices(module: WasmModule, remap: Remap): void {
  module.setCodeBodies(module.codeBodies().map((body, i) => remapBody(body, remap, i)));
  module.setExports(module.exports().map((e) => (e.kind === ExternalKind.func ? { ...e, index: remap(e.index) } : e)));
  const start = module.section(SectionId.start);
  if (start) module.setSection(SectionId.start, new Writer().u32(remap(new Reader(start.payload).u32())).finish());
  const elements = module.section(SectionId.element);
  if (elements) module.setSection(SectionId.element, remapElements(elements.payload, remap));
}

/** The functions a body calls or takes a reference to (ref.func). */
export function referencedFunctions(body: Uint8Array, functionIndex: number): number[] {
  const found: number[] = [];
  remapBody(body, (i) => (found.push(i), i), functionIndex);
  return found;
}

/** The functions the element segments hold: every target of an indirect call. */
export function elementFunctions(module: WasmModule): number[] {
  const found: number[] = [];
  const elements = module.section(SectionId.element);
  if (elements) remapElements(elements.payload, (i) => (found.push(i), i));
  return found;
}

/** A function body (locals, then code) with its call and ref.func targets remapped. */
function remapBody(body: Uint8Array, remap: Remap, functionIndex: number): Uint8Array {
  const r = new Reader(body);
  const w = new Writer();
  let copied = 0;
  const flush = (upTo: number) => {
    w.bytes(body.subarray(copied, upTo));
    copied = upTo;
  };
  skipLocals(r);
  while (!r.done) {
    const op = r.byte();
    if (op === OP.call || op === OP.refFunc) {
      flush(r.offset);
      const index = r.u32();
      w.u32(remap(index));
      copied = r.offset;
      continue;
    }
    skipImmediates(op, r, functionIndex);
  }
  flush(body.length);
  return w.finish();
}

/** The element section with every function index remapped (segments of function indices only). */
function remapElements(payload: Uint8Array, remap: Remap): Uint8Array {
  const r = new Reader(payload);
  const w = new Writer();
  const count = r.u32();
  w.u32(count);
  for (let s = 0; s < count; s++) {
    const flags = r.u32();
    w.u32(flags);
    if (flags === 0) {
      w.bytes(readOffsetExpr(r));
    } else if (flags === 1) {
      w.byte(r.byte()); // elemkind 0x00: funcref
    } else if (flags === 2) {
      w.u32(r.u32()).bytes(readOffsetExpr(r)).byte(r.byte());
    } else {
      throw new Error(`element segment ${s}: flags ${flags} (expressions instead of function indices) are not supported`);
    }
    const n = r.u32();
    w.u32(n);
    for (let i = 0; i < n; i++) w.u32(remap(r.u32()));
  }
  return w.finish();
}

/** An i32.const (or global.get) offset expression, through its `end`. */
function readOffsetExpr(r: Reader): Uint8Array {
  const start = r.offset;
  const op = r.byte();
  if (op === 0x41) r.sleb();
  else if (op === 0x23) r.u32();
  else throw new Error(`unsupported element segment offset opcode 0x${op.toString(16)}`);
  if (r.byte() !== 0x0b) throw new Error("element segment offset: expected end");
  return r.bytes.subarray(start, r.offset);
}
