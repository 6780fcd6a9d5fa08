// Errors of schemaFrom as data: the text and where it is (file, line, column
// and the line's text, the fields of esbuild's Location), so the `flight`
// command turns them into its Messages (@yoke-flight/runtime) and formats them
// once, as it does esbuild's and tsc's. The message still reads file:line:column: text.
import ts from "typescript";
import { relative } from "node:path";

/** Where a schema problem is: `line` 1-based (0: the file as a whole), `column` 0-based, as esbuild counts them. */
export interface SchemaErrorLocation {
  file: string;
  line: number;
  column: number;
  lineText: string;
}

export class SchemaError extends Error {
  override name = "SchemaError";
  constructor(
    readonly text: string,
    readonly location: SchemaErrorLocation | null = null,
  ) {
    super(location ? `${location.line > 0 ? `${location.file}:${location.line}:${location.column + 1}` : location.file}: ${text}` : text);
  }
}

/** The whole file, named relative to the working directory. */
export function fileWhere(path: string): SchemaErrorLocation {
  return { file: relative(process.cwd(), path), line: 0, column: 0, lineText: "" };
}

/** A position in a source file, the file relative to the working directory. */
export function where(file: ts.SourceFile, position: number): SchemaErrorLocation {
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  const lineText = file.text.slice(file.getLineStarts()[line], file.getLineEndOfPosition(position));
  return { file: relative(process.cwd(), file.fileName), line: line + 1, column: character, lineText };
}
