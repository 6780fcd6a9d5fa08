// `flight build` from the command line: the module it writes, and the
// errors it reports for broken flights.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCE_MAP_SECTION, runWasm } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { FIXTURES, flight } from "./cli.js";

const out = mkdtempSync(join(tmpdir(), "flight-build-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("flight build", () => {
  let wasm: Uint8Array;
  beforeAll(() => {
    const result = flight(["build", "ok.ts", "-o", join(out, "ok.wasm")]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    wasm = readFileSync(join(out, "ok.wasm"));
  });

  it("writes a WASI module that runs the flight", () => {
    const run = runWasm(new WebAssembly.Module(wasm), { stdin: '{"metadata":{"name":"demo"}}' });
    expect(run.exitCode).toBe(0);
    expect(new TextDecoder().decode(run.stdout)).toBe('[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"greeting":"hello"}}]\n');
  });

  it("prints what it wrote and its size", () => {
    const result = flight(["build", "ok.ts", "-o", join(out, "again.wasm")]);
    expect(result.stdout).toMatch(/again\.wasm {2}\d+\.\d KB, bytecode \d+\.\d KB {2}in \d+ ms\n$/);
  });

  it("gives the same bytes for the same sources", () => {
    flight(["build", "ok.ts", "-o", join(out, "again.wasm"), "-q"]);
    expect(Buffer.from(readFileSync(join(out, "again.wasm"))).equals(Buffer.from(wasm))).toBe(true);
  });

  it("writes a source map beside the module by default, none with --sourcemap=none, inside it with inline", () => {
    expect(JSON.parse(readFileSync(join(out, "ok.wasm.map"), "utf8")).sources).toContain(relative(out, join(FIXTURES, "ok.ts")));
    flight(["build", "ok.ts", "-o", join(out, "nomap.wasm"), "--sourcemap=none", "-q"]);
    expect(existsSync(join(out, "nomap.wasm.map"))).toBe(false);
    flight(["build", "ok.ts", "-o", join(out, "inline.wasm"), "--sourcemap=inline", "-q"]);
    const section = WasmModule.parse(readFileSync(join(out, "inline.wasm"))).custom(SOURCE_MAP_SECTION);
    expect(JSON.parse(new TextDecoder().decode(section)).mappings.length).toBeGreaterThan(0);
  });

  it("with --no-preload links the way Javy does and gives the same output", () => {
    const result = flight(["build", "ok.ts", "-o", join(out, "javy-layout.wasm"), "--no-preload", "-q"]);
    expect(result.exitCode).toBe(0);
    const module = WasmModule.parse(readFileSync(join(out, "javy-layout.wasm")));
    expect(module.data().at(-1)?.mode).toBe("passive");
    const run = runWasm(new WebAssembly.Module(module.emit()), { stdin: '{"metadata":{"name":"demo"}}' });
    expect(new TextDecoder().decode(run.stdout)).toContain('"name":"demo"');
  });
});

describe("flight build errors", () => {
  it("reports a type error at its TypeScript line and column", () => {
    const result = flight(["build", "type-error.ts", "-o", join(out, "x.wasm")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("flight build: type-error.ts:3:7: error TS2322: Type 'string' is not assignable to type 'number'.\n");
  });

  it("reports a syntax error at its TypeScript line and column", () => {
    const result = flight(["build", "syntax-error.ts", "-o", join(out, "x.wasm")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('flight build: syntax-error.ts:3:47: error: Expected "}" but found "metadata"\n');
  });

  it("refuses Node.js modules, which a flight cannot use", () => {
    const result = flight(["build", "imports-fs.ts", "-o", join(out, "x.wasm"), "--no-typecheck"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('imports-fs.ts:1:30: error: a flight cannot import "node:fs"');
  });

  it("names a missing entry file", () => {
    const result = flight(["build", "nope.ts"]);
    expect(result).toMatchObject({ exitCode: 1, stderr: "flight build: nope.ts: error: no such file\n" });
  });

  it("answers usage mistakes with exit code 2", () => {
    expect(flight(["build"]).exitCode).toBe(2);
    expect(flight(["build", "ok.ts", "--frobnicate"]).exitCode).toBe(2);
    expect(flight(["build", "ok.ts", "--sourcemap=sideways"]).stderr).toContain("--sourcemap must be one of external, inline, none");
    expect(flight(["frobnicate"]).exitCode).toBe(2);
  });

  it("explains that --javy needs the Javy CLI when it is not installed", () => {
    const result = flight(["build", "ok.ts", "-o", join(out, "x.wasm"), "--javy"], {});
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("--javy needs the Javy CLI, and it was not found");
  });
});

describe("flight build of a flight that bundles a lot", () => {
  // A project beside the fixtures (so the SDK resolves) with a 9 MB npm package of data; removed afterwards.
  const project = mkdtempSync(join(FIXTURES, "big-project-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("warns that the module is large and names the package that dominates; a usual flight gets no warning", () => {
    const pkg = join(project, "node_modules", "big-data");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "big-data", version: "1.0.0", main: "index.js" }));
    // Values that do not repeat (a linear congruential sequence), so the module's compressed bytecode stays large.
    let seed = 1;
    const noise = () => Array.from({ length: 5 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed.toString(36))).join("");
    const rows = Array.from({ length: 120_000 }, (_, i) => ({ id: i, name: `row-${i}`, value: noise() }));
    writeFileSync(join(pkg, "index.js"), `module.exports = { rows: ${JSON.stringify(rows)} };`);
    writeFileSync(
      join(project, "flight.ts"),
      [
        'import { output } from "@yoke-flight/sdk";',
        'import data from "big-data";',
        'output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "n" }, data: { count: String(data.rows.length) } }]);',
      ].join("\n"),
    );
    const result = flight(["build", join(project, "flight.ts"), "-o", join(out, "big.wasm"), "--no-typecheck", "-q"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^flight build: warning: .*big\.wasm is \d+\.\d MB with \d+\.\d MB of bytecode \(a typical flight is under 1 MB\): the flight's JavaScript is \d\.\d MB, and every run loads all of it\. Most of it comes from:$/,
    );
    expect(lines[1]).toMatch(/^ {2}big-data \(npm package\) +\d\.\d MB \(9\d%\)$/);
    expect(lines.at(-1)).toMatch(/^Import only what the flight uses/);
    expect(readFileSync(join(out, "big.wasm")).length).toBeGreaterThan(1024 * 1024);

    expect(flight(["build", "ok.ts", "-o", join(out, "small.wasm"), "-q"]).stderr).toBe("");
  }, 60_000);
});

describe("flight build of a flight whose error is thrown inside a dependency", () => {
  const project = mkdtempSync(join(FIXTURES, "dep-project-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("prints the author's frames at line and column, the dependency's at its file and line", () => {
    const pkg = join(project, "node_modules", "thrower");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "thrower", version: "1.0.0", main: "index.js" }));
    writeFileSync(
      join(pkg, "index.js"),
      ["exports.check = function check(n) {", '  const limit = 3; if (n > limit) throw new Error("too many: " + n);', "};"].join("\n"),
    );
    writeFileSync(join(project, "flight.ts"), ['import { check } from "thrower";', "", "function validate() {", "  check(5);", "}", "validate();"].join("\n"));
    const wasm = join(out, "dep.wasm");
    expect(flight(["build", join(project, "flight.ts"), "-o", wasm, "--no-typecheck", "-q"]).exitCode).toBe(0);
    const run = runWasm(new WebAssembly.Module(readFileSync(wasm)), { stdin: "{}" });
    expect(run.exitCode).toBe(1);
    const stderr = new TextDecoder().decode(run.stderr);
    // The dependency's frame: its line (2), at the line's first position; the author's: exact.
    expect(stderr).toMatch(/^Error: too many: 5\n {4}at \S+ \(\S*\/node_modules\/thrower\/index\.js:2:\d+\)\n {4}at validate \(\S*\/flight\.ts:4:3\)\n/);
  }, 60_000);
});
