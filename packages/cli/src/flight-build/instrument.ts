// Prepares a flight's bundle for the errors the module reports by itself
// (see @yoke-flight/runtime's position-table.ts):
// - each `throw x` becomes `throw __yoke.thrown(x)`: QuickJS records no stack
//   for a thrown value that is not an Error, so the runtime notes where it
//   was thrown (only when a throw happens; nothing on the success path);
// - the functions esbuild renamed (--minify, or to avoid a clash) are listed
//   with their original names, so a stack trace can print those.
// The source map is shifted to match the rewritten code.
import ts from "typescript";
import { decodeMappings, encodeMappings, type RawSourceMap, type RenamedFunction } from "@yoke-flight/runtime";

/** What a `throw` is rewritten to call; defined by the runtime's prelude (js/prelude.js). */
export const THROWN_HOOK = "__yoke.thrown";

export interface Instrumented {
  code: string;
  /** The source map's `mappings` for `code`. */
  mappings: string;
  functions: RenamedFunction[];
}

interface Insertion {
  offset: number;
  text: string;
}

/**
 * @param readSource the text of map.sources[i], to read an original name
 *   the map does not carry (undefined when unavailable)
 */
export function instrument(code: string, map: RawSourceMap, readSource: (index: number) => string | undefined): Instrumented {
  const file = ts.createSourceFile("flight.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const insertions: Insertion[] = [];
  const named: { node: ts.Node; name: ts.Identifier }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node)) {
      const thrown = lastOfCommaList(node.expression);
      insertions.push({ offset: thrown.getStart(file), text: ` ${THROWN_HOOK}(` }, { offset: thrown.end, text: ")" });
    }
    const name = functionName(node);
    if (name) named.push({ node, name });
    ts.forEachChild(node, visit);
  };
  visit(file);
  insertions.sort((a, b) => a.offset - b.offset);

  const lines = decodeMappings(map.mappings);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const originalName = (name: ts.Identifier): string | undefined => {
    const start = name.getStart(file);
    const { line, character } = file.getLineAndCharacterOfPosition(start);
    const segment = lines[line]?.find((s) => s[0] === character);
    if (!segment || segment.length < 4) return undefined;
    if (segment.length === 5) return map.names?.[segment[4]];
    const source = readSource(segment[1]!);
    const sourceLine = source?.split("\n")[segment[2]!];
    return sourceLine ? /^[A-Za-z_$][\w$]*/.exec(sourceLine.slice(segment[3]!))?.[0] : undefined;
  };

  const shifted = shifter(insertions);
  const functions: RenamedFunction[] = [];
  for (const { node, name } of named) {
    const original = originalName(name);
    if (original && original !== name.text) {
      functions.push({ start: shifted(node.getStart(file)), end: shifted(node.end), generated: name.text, original });
    }
  }

  let out = "";
  let from = 0;
  for (const { offset, text } of insertions) {
    out += code.slice(from, offset) + text;
    from = offset;
  }
  out += code.slice(from);

  // Insertions hold no newline: lines stay, columns after an insertion move.
  const newLineStart = (line: number) => shifted(lineStarts[line]!);
  const mappings = encodeMappings(
    lines.map((segments, line) =>
      segments.map((segment) => {
        const moved = [...segment] as typeof segment;
        moved[0] = shifted(lineStarts[line]! + segment[0]) - newLineStart(line);
        return moved;
      }),
    ),
  );
  return { code: out, mappings, functions };
}

/** `a, b, c` throws c: the hook wraps the value thrown, not the whole list. */
function lastOfCommaList(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) e = e.right;
  return e;
}

/** The identifier QuickJS prints as a function's name in a stack trace. */
function functionName(node: ts.Node): ts.Identifier | undefined {
  // A class's frames (its constructor) are printed with the class's name.
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) && node.name) return node.name;
  if (ts.isMethodDeclaration(node)) return ts.isIdentifier(node.name) ? node.name : undefined;
  if (!ts.isFunctionExpression(node) && !ts.isArrowFunction(node) && !ts.isClassExpression(node)) return undefined;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left))
    return parent.left;
  return undefined;
}

/** Where an offset of the original code is after the insertions (text inserted at an offset comes before it). */
function shifter(insertions: Insertion[]): (offset: number) => number {
  const offsets = insertions.map((i) => i.offset);
  const total: number[] = [];
  insertions.reduce((sum, i) => (total.push(sum + i.text.length), sum + i.text.length), 0);
  return (offset) => {
    let lo = 0;
    let hi = offsets.length; // count of insertions at or before offset
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + (lo > 0 ? total[lo - 1]! : 0);
  };
}
