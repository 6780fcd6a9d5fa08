// Maps positions in a flight's bundle (what QuickJS reports: flight.js:line:col)
// back to the author's TypeScript through the bundle's source map, for
// compile errors and for stack traces printed by a failing flight.
import { TraceMap, originalPositionFor, type SourceMapInput } from "@jridgewell/trace-mapping";

/** The file name the runtime gives the bundle when compiling it. */
export const BUNDLE_NAME = "flight.js";

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
  constructor(map: SourceMapInput, private readonly rewriteSource: (source: string) => string = (s) => s) {
    this.map = new TraceMap(map);
  }

  /** Original position of a 1-based bundle line and column, if the map knows it. */
  original(line: number, column: number): OriginalPosition | undefined {
    const pos = originalPositionFor(this.map, { line, column: Math.max(0, column - 1) });
    if (pos.source === null || pos.line === null || pos.column === null) return undefined;
    return { source: this.rewriteSource(pos.source), line: pos.line, column: pos.column + 1, name: pos.name ?? undefined };
  }

  /** Rewrites every `flight.js:L:C` in a text (a stack trace, an error message) to the TypeScript position. */
  rewrite(text: string): string {
    // Not a path that merely ends in flight.js (an author's own file).
    return text.replace(/(?<![\w./-])flight\.js:(\d+):(\d+)/g, (whole, l: string, c: string) => {
      const pos = this.original(Number(l), Number(c));
      return pos ? `${pos.source}:${pos.line}:${pos.column}` : whole;
    });
  }
}
