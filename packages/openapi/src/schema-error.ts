// Errors that name where the problem is: file:line:column, the type and the property path.
import ts from "typescript";
import { relative } from "node:path";

export class SchemaError extends Error {
  override name = "SchemaError";
}

/** file:line:column of a position, the file relative to the working directory. */
export function where(file: ts.SourceFile, position: number): string {
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  return `${relative(process.cwd(), file.fileName)}:${line + 1}:${character + 1}`;
}
