// A function body written as the instructions it holds, so code that makes
// code reads like that code: `emit.i32Const(0).call(invoke).end()`. Each
// method appends one instruction in the binary format of the WebAssembly
// core specification (5.4 Instructions; bulk memory for memory.init and
// data.drop), which is what the runtime is built with.
import { Writer } from "./bytes.js";

const OP = {
  block: 0x02,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  localGet: 0x20,
  localTee: 0x22,
  i32Store: 0x36,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Ne: 0x47,
  prefixFC: 0xfc,
  memoryInit: 0x08,
  dataDrop: 0x09,
  emptyBlockType: 0x40,
} as const;

export class CodeEmitter {
  private readonly w = new Writer();

  /** @param locals the types of the function's locals after its parameters, in order (ValType values) */
  constructor(locals: number[] = []) {
    const groups: { type: number; count: number }[] = [];
    for (const type of locals) {
      const last = groups[groups.length - 1];
      if (last?.type === type) last.count++;
      else groups.push({ type, count: 1 });
    }
    this.w.u32(groups.length);
    for (const g of groups) this.w.u32(g.count).byte(g.type);
  }

  i32Const(value: number): this {
    this.w.byte(OP.i32Const).sleb(BigInt(value));
    return this;
  }

  i64Const(value: bigint): this {
    this.w.byte(OP.i64Const).sleb(value);
    return this;
  }

  /** i32.store (address, value on the stack); `align` as a power of two (2: 4 bytes). */
  i32Store(offset = 0, align = 2): this {
    this.w.byte(OP.i32Store).u32(align).u32(offset);
    return this;
  }

  i32Ne(): this {
    this.w.byte(OP.i32Ne);
    return this;
  }

  localGet(index: number): this {
    this.w.byte(OP.localGet).u32(index);
    return this;
  }

  localTee(index: number): this {
    this.w.byte(OP.localTee).u32(index);
    return this;
  }

  call(functionIndex: number): this {
    this.w.byte(OP.call).u32(functionIndex);
    return this;
  }

  /** A block with no parameters or results. */
  block(): this {
    this.w.byte(OP.block).byte(OP.emptyBlockType);
    return this;
  }

  /** An `if` with no parameters or results. */
  if(): this {
    this.w.byte(OP.if).byte(OP.emptyBlockType);
    return this;
  }

  brIf(depth: number): this {
    this.w.byte(OP.brIf).u32(depth);
    return this;
  }

  return(): this {
    this.w.byte(OP.return);
    return this;
  }

  /** Ends a block, an `if`, or the function body itself. */
  end(): this {
    this.w.byte(OP.end);
    return this;
  }

  /** memory.init of a data segment into memory 0: (dest, offset, size) on the stack. */
  memoryInit(segment: number): this {
    this.w.byte(OP.prefixFC).u32(OP.memoryInit).u32(segment).byte(0);
    return this;
  }

  dataDrop(segment: number): this {
    this.w.byte(OP.prefixFC).u32(OP.dataDrop).u32(segment);
    return this;
  }

  /** The body's bytes (locals and instructions) as the code section holds them. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.w.finish();
  }
}

/** Starts a function body with the given locals. */
export const emitFunction = (locals: number[] = []): CodeEmitter => new CodeEmitter(locals);
