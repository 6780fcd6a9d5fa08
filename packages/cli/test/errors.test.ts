// Every command given a file that is missing, empty, a directory, binary,
// truncated or of the wrong kind: one line on stderr naming the file and the
// problem, the documented exit code, never a Node.js stack trace.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { FIXTURES, flight } from "./cli.js";

// Inside the fixtures, so a flight's imports resolve as in a project; removed afterwards.
const dir = mkdtempSync(join(FIXTURES, "bad-files-"));
const path = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256);

beforeAll(() => {
  expect(flight(["build", "ok.ts", "-o", path("ok.wasm"), "-q", "--no-typecheck"]).exitCode).toBe(0);
  const wasm = readFileSync(path("ok.wasm"));
  writeFileSync(path("truncated.wasm"), wasm.subarray(0, Math.floor(wasm.length / 2)));
  // A flight starts under 1 MiB of memory; this one asks for 2 MiB.
  const twoMib = WasmModule.parse(wasm);
  twoMib.setMemory({ min: 32 });
  writeFileSync(path("two-mib.wasm"), twoMib.emit());
  writeFileSync(path("empty.wasm"), "");
  writeFileSync(path("text.wasm"), "apiVersion: v1\n");
  writeFileSync(path("binary.wasm"), binary);
  writeFileSync(path("text.wasm.gz"), "not compressed\n");
  writeFileSync(path("binary.ts"), binary);
  writeFileSync(path("flight.ts"), readFileSync(join(FIXTURES, "ok.ts")));
  mkdirSync(path("folder"));
});

/** One line, `flight <command>: ...`, naming what is wrong; no stack frames. */
function expectOneLine(result: ReturnType<typeof flight>, command: string, says: RegExp, exitCode = 1) {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(new RegExp(`^flight ${command}: `));
  expect(result.stderr.trimEnd()).toMatch(says);
  expect(result.exitCode).toBe(exitCode);
}

describe("flight run with a file that is not a flight module", () => {
  const run = (file: string, ...extra: string[]) => flight(["run", path(file), "--input", "-", ...extra], { input: "{}" });

  it.each([
    ["missing.wasm", /missing\.wasm: no such file$/],
    ["empty.wasm", /empty\.wasm is empty \(0 bytes\), not a WebAssembly module: rebuild it with 'flight build <entry\.ts>'$/],
    ["text.wasm", /text\.wasm is not a WebAssembly module \(it does not start with the bytes \\0asm\)/],
    ["binary.wasm", /binary\.wasm is not a WebAssembly module/],
    ["truncated.wasm", /truncated\.wasm is not a valid WebAssembly module \(.+; \d+ bytes\): rebuild it/],
    ["folder", /folder: is a directory, not a file$/],
    ["flight.ts", /flight\.ts is not a WebAssembly module .*: build it first: flight build .*flight\.ts$/],
    ["text.wasm.gz", /text\.wasm\.gz is not a gzip file \(.+\): rebuild it with 'flight build <entry\.ts>'/],
  ])("%s", (file, says) => expectOneLine(run(file), "run", says));

  it("--max-memory-mib below what the module starts with: the flight fails to compile, as in yoke", () => {
    expectOneLine(
      run("two-mib.wasm", "--max-memory-mib", "1"),
      "run",
      /the flight failed: failed to compile module: maxMemoryMib 1 is too small: the flight starts with 2 MiB of memory$/,
    );
  });

  it("a missing --input file, and --env without =, are named", () => {
    expectOneLine(flight(["run", path("ok.wasm"), "--input", path("nope.yaml")]), "run", /--input .*nope\.yaml: no such file$/);
    expectOneLine(flight(["run", path("ok.wasm"), "--input", "-", "--env", "NOVALUE"], { input: "{}" }), "run", /--env takes KEY=VALUE, not 'NOVALUE'$/, 2);
  });
});

describe.each([
  ["build", (file: string) => ["build", file, "-o", path("out.wasm")]],
  ["schema", (file: string) => ["schema", file, "Settings"]],
  ["airway", (file: string) => ["airway", file]],
])("flight %s with a file that is not TypeScript", (command, args) => {
  it.each([
    ["missing.ts", /missing\.ts: (error: )?no such file$/],
    ["folder", /folder: (error: )?is a directory; give the TypeScript file, e.g\. src\/flight\.ts$/],
    ["ok.wasm", /ok\.wasm: (error: )?is a WebAssembly module, not TypeScript/],
    ["truncated.wasm", /truncated\.wasm: (error: )?is a WebAssembly module, not TypeScript/],
    ["binary.ts", /binary\.ts: (error: )?holds binary data, not TypeScript source text$/],
  ])("%s", (file, says) => expectOneLine(flight(args(path(file))), command, says));
});

describe("flight schema and airway with an empty file", () => {
  it("say what the file lacks", () => {
    writeFileSync(path("empty.ts"), "");
    expectOneLine(flight(["schema", path("empty.ts"), "Settings"]), "schema", /empty\.ts: error: no exported type Settings$/);
    expectOneLine(flight(["airway", path("empty.ts")]), "airway", /empty\.ts exports no Airway: export default defineAirway/);
  });
});

describe("flight init where a file is in the way", () => {
  it("names it", () => {
    expectOneLine(flight(["init", path("flight.ts")]), "init", /flight\.ts exists and is not a directory: give a new or empty directory$/);
  });
});

describe("flight build of a flight written as if for Node.js", () => {
  it("says flights have no process or Buffer and what to use, not to install @types/node", () => {
    const result = flight(["build", "uses-process.ts", "-o", path("x.wasm")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toContain("@types/node");
    expect(result.stderr).toBe(
      "flight build: uses-process.ts:4:14: error TS2591: flights have no 'process' (they run in WebAssembly, not Node.js): " +
        'read environment variables with env("NAME") and arguments with args() from @yoke-flight/sdk, the input with input(); ' +
        "release() and namespace() say where it runs\n" +
        "uses-process.ts:5:81: error TS2591: flights have no 'Buffer' (they run in WebAssembly, not Node.js): " +
        "use TextEncoder / TextDecoder for text and atob / btoa for base64\n",
    );
  });
});

describe("an error no command expected", () => {
  it("is one line too, with the stack only under FLIGHT_DEBUG", async () => {
    const { unexpected } = await import("../src/main.js");
    const error = new TypeError("boom\nsecond line");
    expect(unexpected(error)).toBe("boom (an unexpected error: FLIGHT_DEBUG=1 shows where it happened)");
    const fsError = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: "EACCES", path: "/x" });
    expect(unexpected(fsError)).toBe("/x: permission denied");
  });
});
