// Maps positions in a flight's bundle (what QuickJS reports: flight.js:line:col)
// back to the author's TypeScript through the bundle's source map, for
// compile errors and for stack traces printed by a failing flight.
import { TraceMap, originalPositionFor, type SourceMapInput } from "@jridgewell/trace-mapping";
import type { Location, Message } from "./diagnostics.js";

/**
 * The file name the runtime gives the bundle when compiling it (written in C
 * too: c/lifecycle.c, c/positions.c; test/javy-plugin.test.ts fails when
 * the two disagree).
 */
export const BUNDLE_NAME = "flight.js";

/** The custom section that carries a flight's source map when it is inlined (`flight build --sourcemap=inline`). */
export const SOURCE_MAP_SECTION = "yoke-flight.sourcemap";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `<file>:line:column` as QuickJS prints a position in `file`; not in a path that merely ends in that name. */
export function positionPattern(file: string, flags = ""): RegExp {
  return new RegExp(`(?<![\\w./-])${escaped(file)}:(\\d+):(\\d+)`, flags);
}

const BUNDLE_POSITIONS = positionPattern(BUNDLE_NAME, "g");

export interface OriginalPosition {
  source: string;
  line: number;
  /** 1-based, like the positions QuickJS and editors print. */
  column: number;
  name?: string;
}

export class FlightSourceMap {
  private readonly map: TraceMap;

  /** @param rewriteSource turns a source path of the map into the path to print */
  constructor(
    map: SourceMapInput,
    private readonly rewriteSource: (source: string) => string = (s) => s,
  ) {
    this.map = new TraceMap(map);
  }

  /** Original position of a 1-based bundle line and column, if the map knows it. */
  original(line: number, column: number): OriginalPosition | undefined {
    const pos = originalPositionFor(this.map, { line, column: Math.max(0, column - 1) });
    if (pos.source === null || pos.line === null || pos.column === null) return undefined;
    return { source: this.rewriteSource(pos.source), line: pos.line, column: pos.column + 1, name: pos.name ?? undefined };
  }

  /**
   * A location in the bundle (BUNDLE_NAME) as the author's TypeScript position; the line's
   * text read with `readSource` (given the printed source path) when it can be.
   */
  originalLocation(location: Location, readSource?: (source: string) => string | undefined): Location | undefined {
    const pos = location.file === BUNDLE_NAME ? this.original(location.line, location.column + 1) : undefined;
    if (!pos) return undefined;
    const lineText = readSource?.(pos.source)?.split(/\r?\n/)[pos.line - 1] ?? "";
    return { file: pos.source, line: pos.line, column: pos.column - 1, lineText };
  }

  /** The message with its location and its notes' locations in the bundle mapped to the TypeScript, where the map knows them. */
  originalMessage(m: Message, readSource?: (source: string) => string | undefined): Message {
    const map = (location: Location | null) => (location && this.originalLocation(location, readSource)) ?? location;
    return { ...m, location: map(m.location), notes: m.notes.map((n) => ({ ...n, location: map(n.location) })) };
  }

  /** Rewrites every `flight.js:L:C` (BUNDLE_NAME) in a text (a stack trace, an error message) to the TypeScript position. */
  rewrite(text: string): string {
    return text.replace(BUNDLE_POSITIONS, (whole, l: string, c: string) => {
      const pos = this.original(Number(l), Number(c));
      return pos ? `${pos.source}:${pos.line}:${pos.column}` : whole;
    });
  }
}
