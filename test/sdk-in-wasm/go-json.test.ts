// The runtime's native Go-compatible JSON encoder (packages/runtime/c/go_json.c)
// against the SDK's JavaScript one (packages/sdk/src/go-json.ts), on a corpus
// covering every rule: the same bytes, or the same error, for every case, and
// the native encoder takes the common cases itself.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFlight } from "@yoke-flight/cli";
import { runWasm } from "@yoke-flight/runtime";
import { encodeGoJSON } from "@yoke-flight/sdk";
import { corpus } from "./flights/go-json-corpus.js";

interface CaseReport {
  name: string;
  native: boolean;
  text?: string;
  error?: string;
}
const dir = mkdtempSync(join(tmpdir(), "go-json-"));
let inWasm: CaseReport[];

beforeAll(async () => {
  const outFile = join(dir, "go-json.wasm");
  await buildFlight({ entry: new URL("./flights/go-json.ts", import.meta.url).pathname, outFile });
  const run = runWasm(new WebAssembly.Module(readFileSync(outFile)));
  expect(new TextDecoder().decode(run.stderr)).toBe("");
  inWasm = JSON.parse(new TextDecoder().decode(run.stdout));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inNode(make: () => unknown): Omit<CaseReport, "name" | "native"> {
  try {
    return { text: encodeGoJSON(make()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe("Go JSON encoding inside the engine", () => {
  it.each(corpus())("%s: the same bytes as the JavaScript encoder", (name, make) => {
    const got = inWasm.find((c) => c.name === name)!;
    const { native: _, name: __, ...result } = got;
    expect(result).toEqual(inNode(make));
  });

  it("encodes the common cases natively and leaves the rest to JavaScript", () => {
    const fallback = inWasm.filter((c) => !c.native).map((c) => c.name);
    expect(fallback).toEqual([
      "boxed values",
      "bigint",
      "typed array",
      "deep nesting",
      "NaN",
      "Infinity",
      "function member",
      "function item",
      "symbol value",
      "Map",
      "Set",
      "cycle",
    ]);
  });

  it("writes Go's bytes for the tricky cases", () => {
    const text = (name: string) => inWasm.find((c) => c.name === name)!.text;
    expect(text("surrogates")).toBe('["\\ufffd","\\ufffd","\\ufffdx","x\\ufffd","\\ufffd\\ufffd","😀","😀\\ufffd","\\\\ud800"]\n');
    expect(text("integers")).toBe("[0,-0,1,-1,2147483647,-2147483648,2147483648,9007199254740992,9007199254740994,-1152921504606847000]\n");
    expect(text("floats")).toBe(
      "[1.5,0.30000000000000004,0.3333333333333333,100000000000000000000,1e+21,1.5e+21,0.000001,1e-7,1.5e-7,1.23e-18,5e-324,1.7976931348623157e+308,1e+100,-1e-100,100.25]\n",
    );
    expect(text("key order")).toBe('{"1":4,"2":3,"b":1,"a":2,"z":{"y":1,"x":2}}\n');
    expect(text("toJSON")).toBe('{"a":"replaced","c":["key 0"]}\n');
  });
});
