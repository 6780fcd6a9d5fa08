// Diagnostics as Messages (esbuild's shape, @yoke-flight/runtime): what each
// tool `flight build` runs reports (esbuild, tsc, the QuickJS compiler
// through the source map), and the one line each becomes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { CompileError, FlightSourceMap, fileLocation, formatMessage, loadRuntime, message, type Message } from "@yoke-flight/runtime";
import { BuildFailure, fromEsbuild } from "../src/flight-build/failure.js";
import { quickJsMessage } from "../src/flight-build/build-flight.js";
import { typecheck } from "../src/flight-build/typecheck.js";
import { FIXTURES, flight } from "./cli.js";

const fixture = (name: string) => relative(process.cwd(), join(FIXTURES, name));

describe("formatMessage", () => {
  const at = { file: "src/flight.ts", line: 3, column: 6, lineText: 'const replicas: number = "three";' };
  it.each<[string, Message, string]>([
    ["a position, 1-based column", message("bad", at), "src/flight.ts:3:7: error: bad"],
    ["the tool's name for the problem", message("bad", at, { id: "TS2322" }), "src/flight.ts:3:7: error TS2322: bad"],
    ["a whole file", message("no such file", fileLocation("nope.ts")), "nope.ts: error: no such file"],
    ["no location", message("--javy cannot be combined"), "error: --javy cannot be combined"],
  ])("%s", (_, m, line) => expect(formatMessage(m)).toBe(line));

  it("one line per message in a failure", () => {
    expect(new BuildFailure([message("a", at), message("b")]).message).toBe("src/flight.ts:3:7: error: a\nerror: b");
  });
});

describe("esbuild's messages", () => {
  it("keep their location, with the path as the user types it", async () => {
    const failure = await esbuild.build({ entryPoints: [join(FIXTURES, "syntax-error.ts")], bundle: true, write: false, logLevel: "silent" }).then(
      () => undefined,
      (e: esbuild.BuildFailure) => e,
    );
    const [m] = failure!.errors.map(fromEsbuild);
    expect(m).toMatchObject({
      id: "",
      text: 'Expected "}" but found "metadata"',
      location: { file: fixture("syntax-error.ts"), line: 3, column: 46, lineText: expect.stringContaining('kind: "ConfigMap" metadata') },
    });
    expect(formatMessage(m!)).toBe(`${fixture("syntax-error.ts")}:3:47: error: Expected "}" but found "metadata"`);
  });
});

describe("tsc's diagnostics", () => {
  it("become messages named TSnnnn, at the line and column, with the line's text", () => {
    expect(typecheck(join(FIXTURES, "type-error.ts"))).toEqual([
      {
        id: "TS2322",
        text: "Type 'string' is not assignable to type 'number'.",
        notes: [],
        location: { file: fixture("type-error.ts"), line: 3, column: 6, lineText: 'const replicas: number = "three";' },
      },
    ]);
  });
});

describe("QuickJS's compile errors", () => {
  const dir = mkdtempSync(join(FIXTURES, "messages-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // esbuild accepts it, QuickJS refuses it: more than 65535 arguments in one call.
  const call = `f(${"0,".repeat(70_000)}0);`;

  it("are mapped from the bundle to the TypeScript through the source map", () => {
    const code = `function f(){}\n${call}\n`;
    // The map sends bundle line 2 (the call) to line 7 of src/flight.ts.
    const map = { version: 3 as const, sources: ["src/flight.ts"], names: [], mappings: "AAAA;AAMA" };
    let error: unknown;
    try {
      loadRuntime().compile(code);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const diagnostic = (error as CompileError).diagnostic;
    expect(diagnostic.location).toMatchObject({ file: "flight.js", line: 2 });
    const mapped = quickJsMessage(diagnostic, new FlightSourceMap(map));
    expect(mapped).toMatchObject({ text: "QuickJS cannot compile this: SyntaxError: Too many call arguments", location: { file: "src/flight.ts", line: 7 } });
  });

  it("have no location where the map knows none (flight.js is no file of the author's)", () => {
    const diagnostic = message("SyntaxError: x", { file: "flight.js", line: 9, column: 0, lineText: "" });
    const empty = new FlightSourceMap({ version: 3 as const, sources: [], names: [], mappings: "" });
    expect(formatMessage(quickJsMessage(diagnostic, empty))).toBe("error: QuickJS cannot compile this: SyntaxError: x");
  });

  it("print as one line at the TypeScript position, exit 1", () => {
    writeFileSync(join(dir, "too-many-arguments.ts"), `function f(..._: number[]) {}\n\n${call}\n`);
    const result = flight(["build", join(dir, "too-many-arguments.ts"), "-o", join(dir, "x.wasm"), "--no-typecheck"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^flight build: messages-\w+\/too-many-arguments\.ts:3:\d+: error: QuickJS cannot compile this: SyntaxError: Too many call arguments\n$/,
    );
  });
});
