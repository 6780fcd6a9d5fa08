// Diagnostics as data: what went wrong in the author's code and where, the
// shape of esbuild's Message (evanw/esbuild lib/shared/types.ts: text,
// location {file, line, column, lineText}, notes) so esbuild's errors pass
// through as they are. Every producer (esbuild, tsc, the QuickJS compiler,
// schemaFrom) gives Messages; the `flight` command formats them, once.

export interface Location {
  /** The path as the user would type it from the working directory. */
  file: string;
  /** 1-based; 0 when the message is about the file as a whole. */
  line: number;
  /** 0-based, as esbuild counts it; printed 1-based, as editors and compilers print it. */
  column: number;
  /** The text of the line, when known ("" otherwise). */
  lineText: string;
}

export interface Note {
  text: string;
  location: Location | null;
}

export interface Message {
  /** What a tool calls this kind of problem, e.g. "TS2322"; "" when it has no name. */
  id: string;
  text: string;
  location: Location | null;
  notes: Note[];
}

/** The location of a whole file (a missing file, a file of the wrong kind). */
export const fileLocation = (file: string): Location => ({ file, line: 0, column: 0, lineText: "" });

/** A Message from its parts; `id` and `notes` are optional. */
export function message(text: string, location: Location | null = null, extra: { id?: string; notes?: Note[] } = {}): Message {
  return { id: extra.id ?? "", text, location, notes: extra.notes ?? [] };
}

/** `file:line:column` of a location (the column 1-based, as editors and compilers print it). */
export function formatLocation(location: Location): string {
  return location.line > 0 ? `${location.file}:${location.line}:${location.column + 1}` : location.file;
}

/** One line: `file:line:column: error TS2322: text`, or `error: text` with no location. */
export function formatMessage(m: Message): string {
  const kind = m.id ? `error ${m.id}` : "error";
  return m.location ? `${formatLocation(m.location)}: ${kind}: ${m.text}` : `${kind}: ${m.text}`;
}

/** Whether two messages point at the same place (the same problem reported by two tools). */
export function samePlace(a: Message, b: Message): boolean {
  return !!a.location && !!b.location && a.location.file === b.location.file && a.location.line === b.location.line && a.location.column === b.location.column;
}

/** Thrown with the messages of a step that failed in the author's code; formatted where it reaches the user. */
export class DiagnosticsError extends Error {
  override name = "DiagnosticsError";
  constructor(readonly messages: Message[]) {
    super(messages.map(formatMessage).join("\n"));
  }
}
