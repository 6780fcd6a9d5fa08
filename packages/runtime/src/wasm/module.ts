// A WebAssembly module as a list of sections, with codecs for the few
// sections the snapshotter and the linker rewrite. Everything else is kept
// byte for byte.
import { Reader, Writer, concat } from "./bytes.js";

export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;

// The order sections must appear in (custom sections aside).
const ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const;
export const ExternalKind = { func: 0, table: 1, memory: 2, global: 3 } as const;

export interface Section {
  id: number;
  /** For custom sections, the name; the payload excludes it. */
  name?: string;
  payload: Uint8Array;
}

export interface FuncType {
  params: number[];
  results: number[];
}
export interface Import {
  module: string;
  name: string;
  kind: number;
  desc: Uint8Array;
}
export interface Export {
  name: string;
  kind: number;
  index: number;
}
export interface Global {
  type: number;
  mutable: boolean;
  init: Uint8Array;
}
export interface Limits {
  min: number;
  max?: number;
}
export type DataSegment = { mode: "active"; offset: number; bytes: Uint8Array } | { mode: "passive"; bytes: Uint8Array };

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export class WasmModule {
  constructor(public sections: Section[]) {}

  static parse(bytes: Uint8Array): WasmModule {
    if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
      throw new Error("not a WebAssembly core module (bad magic number or version)");
    }
    const r = new Reader(bytes, 8);
    const sections: Section[] = [];
    while (!r.done) {
      const id = r.byte();
      const payload = r.take(r.u32());
      if (id === SectionId.custom) {
        const pr = new Reader(payload);
        const name = pr.name();
        sections.push({ id, name, payload: payload.subarray(pr.offset) });
      } else {
        sections.push({ id, payload });
      }
    }
    return new WasmModule(sections);
  }

  emit(): Uint8Array<ArrayBuffer> {
    const w = new Writer().bytes(MAGIC);
    for (const s of this.sections) {
      const payload = s.id === SectionId.custom ? concat([new Writer().name(s.name ?? "").finish(), s.payload]) : s.payload;
      w.byte(s.id).vec(payload);
    }
    return w.finish();
  }

  section(id: number): Section | undefined {
    return this.sections.find((s) => s.id === id);
  }

  /** Replaces a known section, or inserts it where the format wants it. */
  setSection(id: number, payload: Uint8Array): void {
    const existing = this.section(id);
    if (existing) {
      existing.payload = payload;
      return;
    }
    const rank = ORDER.indexOf(id);
    const at = this.sections.findIndex((s) => s.id !== SectionId.custom && ORDER.indexOf(s.id) > rank);
    const section = { id, payload };
    if (at < 0) {
      // After the last known section, before trailing custom sections.
      let last = -1;
      this.sections.forEach((s, i) => {
        if (s.id !== SectionId.custom) last = i;
      });
      this.sections.splice(last + 1, 0, section);
    } else {
      this.sections.splice(at, 0, section);
    }
  }

  removeSection(id: number): void {
    this.sections = this.sections.filter((s) => s.id !== id);
  }

  custom(name: string): Uint8Array | undefined {
    return this.sections.find((s) => s.id === SectionId.custom && s.name === name)?.payload;
  }

  setCustom(name: string, payload: Uint8Array): void {
    const existing = this.sections.find((s) => s.id === SectionId.custom && s.name === name);
    if (existing) existing.payload = payload;
    else this.sections.push({ id: SectionId.custom, name, payload });
  }

  removeCustom(name: string): void {
    this.sections = this.sections.filter((s) => !(s.id === SectionId.custom && s.name === name));
  }

  // ---- section codecs ------------------------------------------------------

  types(): FuncType[] {
    return readVec(this.section(SectionId.type), (r) => {
      if (r.byte() !== 0x60) throw new Error("unsupported type section entry");
      const params = Array.from(r.take(r.u32()));
      const results = Array.from(r.take(r.u32()));
      return { params, results };
    });
  }

  setTypes(types: FuncType[]): void {
    this.setSection(
      SectionId.type,
      writeVec(types, (w, t) => w.byte(0x60).vec(t.params).vec(t.results)),
    );
  }

  imports(): Import[] {
    return readVec(this.section(SectionId.import), (r) => {
      const module = r.name();
      const name = r.name();
      const kind = r.byte();
      const start = r.offset;
      switch (kind) {
        case ExternalKind.func:
          r.u32();
          break;
        case ExternalKind.table:
          r.byte();
          readLimits(r);
          break;
        case ExternalKind.memory:
          readLimits(r);
          break;
        case ExternalKind.global:
          r.byte();
          r.byte();
          break;
        default:
          throw new Error(`unknown import kind ${kind}`);
      }
      return { module, name, kind, desc: r.bytes.subarray(start, r.offset) };
    });
  }

  setImports(imports: Import[]): void {
    this.setSection(
      SectionId.import,
      writeVec(imports, (w, i) => w.name(i.module).name(i.name).byte(i.kind).bytes(i.desc)),
    );
  }

  importedCount(kind: number): number {
    return this.imports().filter((i) => i.kind === kind).length;
  }

  /** Type index of each function defined in the module. */
  functions(): number[] {
    return readVec(this.section(SectionId.function), (r) => r.u32());
  }

  setFunctions(typeIndices: number[]): void {
    this.setSection(
      SectionId.function,
      writeVec(typeIndices, (w, t) => w.u32(t)),
    );
  }

  exports(): Export[] {
    return readVec(this.section(SectionId.export), (r) => ({ name: r.name(), kind: r.byte(), index: r.u32() }));
  }

  setExports(exports: Export[]): void {
    this.setSection(
      SectionId.export,
      writeVec(exports, (w, e) => w.name(e.name).byte(e.kind).u32(e.index)),
    );
  }

  exportedFunction(name: string): number {
    const e = this.exports().find((x) => x.name === name && x.kind === ExternalKind.func);
    if (!e) throw new Error(`the module exports no function named ${JSON.stringify(name)}`);
    return e.index;
  }

  globals(): Global[] {
    return readVec(this.section(SectionId.global), (r) => {
      const type = r.byte();
      const mutable = r.byte() === 1;
      return { type, mutable, init: readConstExpr(r) };
    });
  }

  setGlobals(globals: Global[]): void {
    this.setSection(
      SectionId.global,
      writeVec(globals, (w, g) =>
        w
          .byte(g.type)
          .byte(g.mutable ? 1 : 0)
          .bytes(g.init),
      ),
    );
  }

  memory(): Limits {
    const [limits] = readVec(this.section(SectionId.memory), readLimits);
    if (!limits) throw new Error("the module defines no memory");
    return limits;
  }

  setMemory(limits: Limits): void {
    this.setSection(SectionId.memory, writeVec([limits], writeLimits));
  }

  data(): DataSegment[] {
    return readVec(this.section(SectionId.data), (r): DataSegment => {
      const flags = r.u32();
      if (flags === 1) return { mode: "passive", bytes: r.take(r.u32()) };
      if (flags === 2 && r.u32() !== 0) throw new Error("data segments for a memory other than 0 are not supported");
      if (flags !== 0 && flags !== 2) throw new Error(`unknown data segment flags ${flags}`);
      const offset = constI32(readConstExpr(r));
      return { mode: "active", offset, bytes: r.take(r.u32()) };
    });
  }

  setData(segments: DataSegment[]): void {
    this.setSection(
      SectionId.data,
      writeVec(segments, (w, s) => {
        if (s.mode === "passive") w.u32(1).vec(s.bytes);
        else w.u32(0).bytes(i32ConstExpr(s.offset)).vec(s.bytes);
      }),
    );
    // The data count section must agree with the data section whenever it exists;
    // bulk-memory instructions (memory.init, data.drop) require it.
    this.setSection(SectionId.dataCount, new Writer().u32(segments.length).finish());
  }

  /** Function bodies, each as its raw encoding (locals and code, without the size prefix). */
  codeBodies(): Uint8Array[] {
    return readVec(this.section(SectionId.code), (r) => r.take(r.u32()));
  }

  setCodeBodies(bodies: Uint8Array[]): void {
    this.setSection(
      SectionId.code,
      writeVec(bodies, (w, b) => w.vec(b)),
    );
  }
}

function readVec<T>(section: Section | undefined, item: (r: Reader) => T): T[] {
  if (!section) return [];
  const r = new Reader(section.payload);
  const n = r.u32();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(item(r));
  return out;
}

function writeVec<T>(items: T[], item: (w: Writer, value: T) => void): Uint8Array {
  const w = new Writer().u32(items.length);
  for (const value of items) item(w, value);
  return w.finish();
}

function readLimits(r: Reader): Limits {
  const flags = r.byte();
  if (flags > 1) throw new Error(`unsupported memory or table limits flags ${flags} (shared or 64-bit memory)`);
  const min = r.u32();
  return flags === 1 ? { min, max: r.u32() } : { min };
}

function writeLimits(w: Writer, limits: Limits): void {
  if (limits.max === undefined) w.byte(0).u32(limits.min);
  else w.byte(1).u32(limits.min).u32(limits.max);
}

/** Reads a constant expression up to and including its `end` opcode. */
function readConstExpr(r: Reader): Uint8Array {
  const start = r.offset;
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b:
        return r.bytes.subarray(start, r.offset);
      case 0x41:
      case 0x42:
        r.sleb();
        break; // i32.const, i64.const
      case 0x43:
        r.take(4);
        break; // f32.const
      case 0x44:
        r.take(8);
        break; // f64.const
      case 0x23:
      case 0xd2:
        r.u32();
        break; // global.get, ref.func
      case 0xd0:
        r.byte();
        break; // ref.null
      default:
        throw new Error(`unsupported opcode 0x${op.toString(16)} in a constant expression`);
    }
  }
}

function constI32(expr: Uint8Array): number {
  const r = new Reader(expr);
  if (r.byte() !== 0x41) throw new Error("only i32.const data segment offsets are supported");
  return Number(BigInt.asUintN(32, r.sleb()));
}

export function i32ConstExpr(value: number): Uint8Array {
  return new Writer()
    .byte(0x41)
    .sleb(BigInt(value | 0))
    .byte(0x0b)
    .finish();
}

export function constExpr(type: number, value: bigint | number): Uint8Array {
  const w = new Writer();
  switch (type) {
    case ValType.i32:
      return w
        .byte(0x41)
        .sleb(BigInt.asIntN(32, BigInt(value)))
        .byte(0x0b)
        .finish();
    case ValType.i64:
      return w
        .byte(0x42)
        .sleb(BigInt.asIntN(64, BigInt(value)))
        .byte(0x0b)
        .finish();
    case ValType.f32: {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, Number(value), true);
      return w.byte(0x43).bytes(b).byte(0x0b).finish();
    }
    case ValType.f64: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, Number(value), true);
      return w.byte(0x44).bytes(b).byte(0x0b).finish();
    }
    default:
      throw new Error(`cannot write a constant of type 0x${type.toString(16)}`);
  }
}
