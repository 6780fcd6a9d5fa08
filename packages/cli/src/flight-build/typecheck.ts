// Type-checks a flight with the TypeScript compiler before it is built, so
// type errors stop the build with file:line:column like `tsc` would.
import { dirname } from "node:path";
import { message, type Location, type Message } from "@yoke-flight/runtime";
import ts from "typescript";
import { relativeToCwd } from "./failure.js";

/** Compiler options used when the flight has no tsconfig.json. */
const DEFAULTS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: ["@yoke-flight/sdk/globals"],
  strict: true,
  skipLibCheck: true,
};

/** The errors as Messages (id "TSnnnn"), none when the flight type-checks. */
export function typecheck(entry: string): Message[] {
  const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists);
  let options = DEFAULTS;
  const problems: ts.Diagnostic[] = [];
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => problems.push(d),
      },
    );
    if (parsed) {
      options = parsed.options;
      problems.push(...parsed.errors.filter((d) => d.code !== 18003 /* no inputs: we give the entry ourselves */));
    }
  }
  // Only the entry and what it imports: a tsconfig's `include` may cover tests and tools.
  const program = ts.createProgram({
    rootNames: [entry],
    // Nothing is emitted: options about output layout do not apply.
    options: { ...options, noEmit: true, incremental: false, composite: false, declaration: false, rootDir: undefined, outDir: undefined },
  });
  problems.push(...ts.getPreEmitDiagnostics(program));
  return problems.filter((d) => d.category === ts.DiagnosticCategory.Error).map(toMessage);
}

/**
 * Node's globals, which TypeScript explains by advising @types/node: wrong
 * for a flight, which runs in WebAssembly without them. What to use instead.
 */
const NODE_GLOBALS: Record<string, string> = {
  process:
    'read environment variables with env("NAME") and arguments with args() from @yoke-flight/sdk, ' +
    "the input with input(); release() and namespace() say where it runs",
  Buffer: "use TextEncoder / TextDecoder for text and atob / btoa for base64",
  require: "use import; esbuild bundles what the flight imports",
  __dirname: "a flight has no file system: everything it needs is bundled or comes from input() and k8s lookups",
  __filename: "a flight has no file system: everything it needs is bundled or comes from input() and k8s lookups",
  global: "use globalThis",
};
/** TS2580, TS2591: "Cannot find name 'x'. Do you need to install type definitions for node?" */
const NEEDS_NODE_TYPES = new Set([2580, 2591]);

function flightMessage(d: ts.Diagnostic, message: string): string {
  const name = /^Cannot find name '([^']+)'/.exec(message)?.[1];
  if (!NEEDS_NODE_TYPES.has(d.code) || !name) return message;
  const instead = NODE_GLOBALS[name] ?? "flights run in WebAssembly, without Node.js APIs";
  return `flights have no '${name}' (they run in WebAssembly, not Node.js): ${instead}`;
}

/** A diagnostic as a Message; its related information (e.g. "'x' is declared here") as notes. */
export function toMessage(d: ts.Diagnostic): Message {
  const text = flightMessage(d, ts.flattenDiagnosticMessageText(d.messageText, "\n  "));
  const notes = (d.relatedInformation ?? []).map((r) => ({ text: ts.flattenDiagnosticMessageText(r.messageText, " "), location: locationOf(r) }));
  return message(text, locationOf(d), { id: `TS${d.code}`, notes });
}

function locationOf(d: ts.Diagnostic | ts.DiagnosticRelatedInformation): Location | null {
  if (!d.file || d.start === undefined) return null;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const lineText = d.file.text.slice(d.file.getLineStarts()[line], d.file.getLineEndOfPosition(d.start));
  return { file: relativeToCwd(d.file.fileName), line: line + 1, column: character, lineText };
}
