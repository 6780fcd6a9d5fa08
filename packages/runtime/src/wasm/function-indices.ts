// Renumbering functions in a WebAssembly module: every place a function
// index is written (calls, ref.func, exports, the start function, element
// segments) gets a new index from `remap`. Used to drop imports, which shifts
// the index of every function after them. Code is decoded instruction by
// instruction for the feature set the runtime is built with (MVP, sign-ext,
// non-trapping float-to-int, bulk memory, mutable globals); an unknown opcode
// is an error, never a silent skip.
import { Reader, Writer } from "./bytes.js";
import { ExternalKind, SectionId, type WasmModule } from "./module.js";

export type Remap = (index: number) => number;

const OP = { call: 0x10, refFunc: 0xd2, prefixFC: 0xfc } as const;

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
  const localGroups = r.u32();
  for (let i = 0; i < localGroups; i++) {
    r.u32();
    r.byte();
  }
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

/** Moves the reader past the immediates of `op`. */
function skipImmediates(op: number, r: Reader, functionIndex: number): void {
  if ((op >= 0x45 && op <= 0xc4) || op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return; // no immediates
  if (op >= 0x28 && op <= 0x3e) {
    r.u32();
    r.u32();
    return;
  } // memarg: align, offset
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04:
      skipBlockType(r);
      return; // block, loop, if
    case 0x0c:
    case 0x0d: // br, br_if
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24: // local.*, global.*
    case 0x25:
    case 0x26:
      r.u32();
      return; // table.get, table.set
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    } // br_table
    case 0x11:
      r.u32();
      r.u32();
      return; // call_indirect: type, table
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) r.byte();
      return;
    } // select t*
    case 0x3f:
    case 0x40:
      r.byte();
      return; // memory.size, memory.grow
    case 0x41:
    case 0x42:
      r.sleb();
      return; // i32.const, i64.const
    case 0x43:
      r.take(4);
      return;
    case 0x44:
      r.take(8);
      return;
    case 0xd0:
      r.byte();
      return; // ref.null
    case OP.prefixFC:
      skipPrefixed(r, functionIndex);
      return;
  }
  throw new Error(`function ${functionIndex}: unsupported opcode 0x${op.toString(16)} at byte ${r.offset - 1}`);
}

function skipBlockType(r: Reader): void {
  const first = r.bytes[r.offset]!;
  if (first === 0x40 || (first >= 0x7b && first <= 0x7f) || first === 0x70 || first === 0x6f) r.byte();
  else r.sleb(); // a type index (s33)
}

function skipPrefixed(r: Reader, functionIndex: number): void {
  const sub = r.u32();
  if (sub <= 7) return; // saturating float-to-int conversions
  switch (sub) {
    case 8:
      r.u32();
      r.byte();
      return; // memory.init data, memory
    case 9:
      r.u32();
      return; // data.drop
    case 10:
      r.byte();
      r.byte();
      return; // memory.copy
    case 11:
      r.byte();
      return; // memory.fill
    case 12:
    case 14:
      r.u32();
      r.u32();
      return; // table.init, table.copy
    case 13:
    case 15:
    case 16:
    case 17:
      r.u32();
      return; // elem.drop, table.grow/size/fill
  }
  throw new Error(`function ${functionIndex}: unsupported opcode 0xfc ${sub} at byte ${r.offset}`);
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
