// The position table a flight carries so that the module itself can print
// `src/flight.ts:LINE:COLUMN` (and original function names after --minify)
// when it reports an error, under any WASI host and with no source map file:
// what yoke's Go flights get for free (`main.go:17`). Built from esbuild's
// source map; read by packages/runtime/c/positions.c, only on the error path.
//
// Layout (LEB128 unsigned `u`, zigzag LEB128 signed `s`):
//   "yfp1"
//   u count, then count × (u length, UTF-8 bytes)      sources as printed
//   u count, then count × (u length, UTF-8 bytes)      function names
//   u lines, then per generated line:
//     u segments, then per segment:
//       u (column delta << 1 | mapped)                 columns in code points, as QuickJS counts them
//       if mapped: s source delta, s line delta, s column delta   (carried over all lines)
//   u count, then per renamed function, sorted by start:
//     u start line delta, u start column, u end line - start line, u end column,
//     u generated name, u original name               (indices into the names)
// Generated lines and columns are 0-based in the table; QuickJS prints them 1-based.
import { Writer } from "./wasm/bytes.js";
import type { WasmModule } from "./wasm/module.js";

export interface RawSourceMap {
  sources: string[];
  names?: string[];
  mappings: string;
}

/** One mapping: [generated column, source, line, column, name?]; a bare [column] maps to nothing. */
export type MappingSegment = [number] | [number, number, number, number] | [number, number, number, number, number];

/** A function whose name in the bundle differs from the author's; offsets into the bundle (UTF-16). */
export interface RenamedFunction {
  start: number;
  end: number;
  generated: string;
  original: string;
}

export interface PositionTableInput {
  /** The bundle exactly as QuickJS compiles it. */
  code: string;
  /** Its source map. */
  map: RawSourceMap;
  /** How each of map.sources is printed (default: as in the map). */
  sourceNames?: string[];
  functions?: RenamedFunction[];
  /**
   * Per source, whether to keep only the first position of each of its lines
   * (libraries: a frame in them names the file and line, not the column).
   * A large bundle of dependencies carries a third of the table otherwise.
   */
  lineOnly?: boolean[];
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes a source map's `mappings` into absolute values per generated line. */
export function decodeMappings(mappings: string): MappingSegment[][] {
  const lines: MappingSegment[][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const line of mappings.split(";")) {
    state[0] = 0;
    const segments: MappingSegment[] = [];
    for (const text of line.split(",")) {
      if (text === "") continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const c of text) {
        const digit = BASE64_VALUE.get(c);
        if (digit === undefined) throw new Error(`invalid source map mappings: ${JSON.stringify(c)}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      fields.forEach((delta, i) => (state[i]! += delta));
      segments.push(state.slice(0, fields.length >= 5 ? 5 : fields.length >= 4 ? 4 : 1) as MappingSegment);
    }
    lines.push(segments);
  }
  return lines;
}

/** Encodes decoded mappings back to a source map's `mappings`. */
export function encodeMappings(lines: MappingSegment[][]): string {
  const state = [0, 0, 0, 0, 0];
  const vlq = (n: number) => {
    let v = n < 0 ? (-n << 1) | 1 : n << 1;
    let out = "";
    do {
      let digit = v & 31;
      v >>>= 5;
      if (v > 0) digit |= 32;
      out += BASE64[digit];
    } while (v > 0);
    return out;
  };
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((segment) =>
          segment
            .map((value, i) => {
              const delta = value - state[i]!;
              state[i] = value;
              return vlq(delta);
            })
            .join(""),
        )
        .join(",");
    })
    .join(";");
}

/** A signed number as the table stores it: zigzag, then LEB128 (Writer.u32). */
const zigzag = (n: number): number => (n < 0 ? (-n << 1) - 1 : n << 1);

/** A count, then each string as its UTF-8 length and bytes. */
function writeStrings(out: Writer, list: string[]): Writer {
  out.u32(list.length);
  for (const item of list) out.name(item);
  return out;
}

/**
 * Converts UTF-16 positions in `code` (what source maps count) to line and
 * code-point column (what QuickJS prints), 0-based.
 */
class CodePointColumns {
  private readonly lineStarts: number[] = [0];
  /** Offsets of the high surrogates (each pair is one code point), in order. */
  private readonly pairs: number[] = [];
  constructor(code: string) {
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdbff) this.pairs.push(i);
    }
  }
  /** The code-point column of a UTF-16 column on a line. */
  column(line: number, utf16Column: number): number {
    if (this.pairs.length === 0) return utf16Column;
    const start = this.lineStarts[line] ?? 0;
    return utf16Column - (this.pairsBefore(start + utf16Column) - this.pairsBefore(start));
  }
  private pairsBefore(offset: number): number {
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pairs[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Line and code-point column of a UTF-16 offset. */
  position(offset: number): [number, number] {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, this.column(lo, offset - this.lineStarts[lo]!)];
  }
}

const MAGIC = "yfp1";

/** Whether a linked flight carries a position table (and so prints TypeScript positions itself). */
export function hasPositionTable(module: WasmModule): boolean {
  const magic = new TextEncoder().encode(MAGIC);
  return module.data().some((s) => s.mode === "passive" && magic.every((b, i) => s.bytes[i] === b));
}

/** The mappings without the positions after the first of a line of a `lineOnly` source. */
function firstPerLine(lines: MappingSegment[][], lineOnly: boolean[]): MappingSegment[][] {
  if (!lineOnly.some(Boolean)) return lines;
  return lines.map((segments) => {
    let previous: string | undefined;
    return segments.filter((segment) => {
      if (segment.length < 4 || !lineOnly[segment[1]!]) {
        previous = undefined;
        return true;
      }
      const sourceLine = `${segment[1]}:${segment[2]}`;
      const repeated = sourceLine === previous;
      previous = sourceLine;
      return !repeated;
    });
  });
}

export function encodePositionTable(input: PositionTableInput): Uint8Array {
  const columns = new CodePointColumns(input.code);
  const lines = firstPerLine(decodeMappings(input.map.mappings), input.lineOnly ?? []);
  const names: string[] = [];
  const nameIndex = (name: string) => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return i;
  };
  const functions = [...(input.functions ?? [])]
    .map((f) => ({ start: columns.position(f.start), end: columns.position(f.end), generated: nameIndex(f.generated), original: nameIndex(f.original) }))
    .sort((a, b) => a.start[0] - b.start[0] || a.start[1] - b.start[1]);

  const out = new Writer().bytes(new TextEncoder().encode(MAGIC));
  writeStrings(out, input.sourceNames ?? input.map.sources);
  writeStrings(out, names);
  out.u32(lines.length);
  let [source, line, column] = [0, 0, 0];
  lines.forEach((segments, generatedLine) => {
    out.u32(segments.length);
    let previous = 0;
    for (const segment of segments) {
      const generated = columns.column(generatedLine, segment[0]);
      const mapped = segment.length >= 4;
      out.u32(((generated - previous) << 1) | (mapped ? 1 : 0));
      previous = generated;
      if (mapped) {
        out
          .u32(zigzag(segment[1]! - source))
          .u32(zigzag(segment[2]! - line))
          .u32(zigzag(segment[3]! - column));
        [source, line, column] = [segment[1]!, segment[2]!, segment[3]!];
      }
    }
  });
  out.u32(functions.length);
  let startLine = 0;
  for (const f of functions) {
    out
      .u32(f.start[0] - startLine)
      .u32(f.start[1])
      .u32(f.end[0] - f.start[0])
      .u32(f.end[1])
      .u32(f.generated)
      .u32(f.original);
    startLine = f.start[0];
  }
  return out.finish();
}
