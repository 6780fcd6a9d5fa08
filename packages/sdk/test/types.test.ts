// The SDK's types as a flight author meets them: the TypeScript compiler on
// flight code that must fail (misuse.ts, one error per marked line) and code
// that must pass (fine.ts), and the notes an editor shows on hover.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const GLOBALS = here("../globals.d.ts");
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

function diagnostics(file: string) {
  const program = ts.createProgram({ rootNames: [file, GLOBALS], options: OPTIONS });
  return {
    program,
    errors: ts.getPreEmitDiagnostics(program).map((d) => ({
      line: d.file ? d.file.getLineAndCharacterOfPosition(d.start!).line + 1 : 0,
      code: `TS${d.code}`,
      text: ts.flattenDiagnosticMessageText(d.messageText, " "),
    })),
  };
}

describe("the SDK's types", () => {
  it("reject what output() and outputStages() would refuse at run time: strings, numbers, nested lists", () => {
    const file = here("./types/misuse.ts");
    const expected = readFileSync(file, "utf8")
      .split("\n")
      .flatMap((text, i) => {
        const code = /\/\/ error: (TS\d+)$/.exec(text)?.[1];
        return code ? [{ line: i + 1, code }] : [];
      });
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const { errors } = diagnostics(file);
    expect(errors.map(({ line, code }) => ({ line, code }))).toEqual(expected);
    expect(errors[0]!.text).toMatch(
      /^Argument of type '\(string \| number \| \{ apiVersion: string;.*\}\)\[\]' is not assignable to parameter of type 'ResourceEntry \| readonly ResourceEntry\[\]'/,
    );
  });

  it("accept kubernetes-models interfaces, custom resource types, null/false entries, readonly lists and the YAML API", () => {
    const { program, errors } = diagnostics(here("./types/fine.ts"));
    expect(errors).toEqual([]);
    // The YAML API's types are the SDK's own: a flight needs no @types/js-yaml.
    expect(
      program
        .getSourceFiles()
        .map((f) => f.fileName)
        .filter((f) => /js-yaml/.test(f)),
    ).toEqual([]);
  });

  it("show where authors hover that the clock, Math.random and timers behave differently in a flight", () => {
    const file = here("./types/fine.ts");
    const service = ts.createLanguageService({
      getScriptFileNames: () => [file, GLOBALS],
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
      getCurrentDirectory: () => here("."),
      getCompilationSettings: () => OPTIONS,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
    });
    const source = readFileSync(file, "utf8");
    const hover = (text: string) => {
      const info = service.getQuickInfoAtPosition(file, source.lastIndexOf(text) + text.length - 2);
      return ts.displayPartsToString(info?.documentation).replace(/\s+/g, " ");
    };
    expect(hover("Math.random")).toMatch(/different on every run.*seededRandom\(seed\)/s);
    expect(hover("Date.now")).toMatch(/different on every run/);
    expect(hover("setTimeout")).toMatch(/timers do not wait/);
    expect(hover("= now(")).toMatch(/Not deterministic/);
    expect(hover("seededRandom(")).toMatch(/same seed gives the same sequence/);
  });
});
