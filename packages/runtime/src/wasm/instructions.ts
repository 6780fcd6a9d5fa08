// The instruction format of WebAssembly function bodies, for the feature set
// the runtime is built with (MVP, sign-ext, non-trapping float-to-int, bulk
// memory, reference types' table ops, mutable globals): reading past each
// instruction's immediates. An unknown opcode is an error, never a silent
// skip. Used to renumber functions (function-indices.ts) and to find what a
// module can change besides its memory (reset-exports.ts).
import { Reader } from "./bytes.js";

/** The 0xFC prefix: saturating conversions, bulk memory and table operations. */
export const PREFIX_FC = 0xfc;

/** A body's locals, skipped: the reader is left at its first instruction. */
export function skipLocals(r: Reader): void {
  const localGroups = r.u32();
  for (let i = 0; i < localGroups; i++) {
    r.u32();
    r.byte();
  }
}

/**
 * Calls `visit` with every instruction's opcode (and, for 0xFC-prefixed ones,
 * its sub-opcode; -1 otherwise) in a function body.
 */
export function forEachInstruction(body: Uint8Array, functionIndex: number, visit: (op: number, sub: number) => void): void {
  const r = new Reader(body);
  skipLocals(r);
  while (!r.done) {
    const op = r.byte();
    visit(op, skipImmediates(op, r, functionIndex));
  }
}

/** Moves the reader past the immediates of `op`; returns the sub-opcode of a 0xFC-prefixed one, else -1. */
export function skipImmediates(op: number, r: Reader, functionIndex: number): number {
  if ((op >= 0x45 && op <= 0xc4) || op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return -1; // no immediates
  if (op >= 0x28 && op <= 0x3e) {
    r.u32();
    r.u32();
    return -1;
  } // memarg: align, offset
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04:
      skipBlockType(r);
      return -1; // block, loop, if
    case 0x0c:
    case 0x0d: // br, br_if
    case 0x10: // call
    case 0xd2: // ref.func
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24: // local.*, global.*
    case 0x25:
    case 0x26:
      r.u32();
      return -1; // table.get, table.set
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return -1;
    } // br_table
    case 0x11:
      r.u32();
      r.u32();
      return -1; // call_indirect: type, table
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) r.byte();
      return -1;
    } // select t*
    case 0x3f:
    case 0x40:
      r.byte();
      return -1; // memory.size, memory.grow
    case 0x41:
    case 0x42:
      r.sleb();
      return -1; // i32.const, i64.const
    case 0x43:
      r.take(4);
      return -1;
    case 0x44:
      r.take(8);
      return -1;
    case 0xd0:
      r.byte();
      return -1; // ref.null
    case PREFIX_FC:
      return skipPrefixed(r, functionIndex);
  }
  throw new Error(`function ${functionIndex}: unsupported opcode 0x${op.toString(16)} at byte ${r.offset - 1}`);
}

function skipBlockType(r: Reader): void {
  const first = r.bytes[r.offset]!;
  if (first === 0x40 || (first >= 0x7b && first <= 0x7f) || first === 0x70 || first === 0x6f) r.byte();
  else r.sleb(); // a type index (s33)
}

function skipPrefixed(r: Reader, functionIndex: number): number {
  const sub = r.u32();
  if (sub <= 7) return sub; // saturating float-to-int conversions
  switch (sub) {
    case 8:
      r.u32();
      r.byte();
      return sub; // memory.init data, memory
    case 9:
      r.u32();
      return sub; // data.drop
    case 10:
      r.byte();
      r.byte();
      return sub; // memory.copy
    case 11:
      r.byte();
      return sub; // memory.fill
    case 12:
    case 14:
      r.u32();
      r.u32();
      return sub; // table.init, table.copy
    case 13:
    case 15:
    case 16:
    case 17:
      r.u32();
      return sub; // elem.drop, table.grow/size/fill
  }
  throw new Error(`function ${functionIndex}: unsupported opcode 0xfc ${sub} at byte ${r.offset}`);
}
