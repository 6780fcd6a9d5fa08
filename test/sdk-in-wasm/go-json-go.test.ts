// Go's encoding/json itself against our encoders: thousands of float64s
// (random bit patterns, decimals, integers, every magnitude) and strings
// (every character up to U+0800, separators, astral characters) encoded by
// Go's json.Encoder, by the SDK's JavaScript encoder and by the runtime's
// native one (go_json.c) must be the same bytes. Needs `go` (stdlib only);
// prints one SKIPPED line without it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildFlight } from "@yoke-flight/cli";
import { runWasm } from "@yoke-flight/runtime";
import { encodeGoJSON } from "@yoke-flight/sdk";

const GO_PROGRAM = `package main

import (
	"encoding/json"
	"os"
)

func main() {
	var in struct {
		Floats  []float64 \`json:"floats"\`
		Strings []string  \`json:"strings"\`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.Encode(in.Floats)
	enc.Encode(in.Strings)
}
`;

function payload() {
  let seed = 0x9e3779b9;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const view = new DataView(new ArrayBuffer(8));
  const floats: number[] = [
    0,
    1,
    -1,
    0.1,
    0.2,
    0.30000000000000004,
    1e-6,
    9.99e-7,
    1e-7,
    1e20,
    1e21,
    9.999e20,
    123456789012345680000,
    2 ** 53,
    2 ** 53 + 2,
    5e-324,
    1.7976931348623157e308,
    2.2250738585072014e-308,
    100,
    1.5,
    -2.5e-10,
  ];
  while (floats.length < 3000) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const bits = view.getFloat64(0);
    if (Number.isFinite(bits) && !Object.is(bits, -0)) floats.push(bits);
    floats.push((next() % 2_000_000) / 1000 - 1000, next() * 1e-9, (next() - 2 ** 31) * 2 ** (next() % 40));
  }
  const strings = ['<a href="x">&amp;</a>', "\u2028\u2029", "\u007f\u0080\u009f", "😀𝄞", "\ufffd\ufeff\uffff", '\\"/'];
  for (let c = 0; c < 0x800; c += 16) strings.push(String.fromCharCode(...Array.from({ length: 16 }, (_, i) => c + i)));
  return { floats, strings };
}

const dir = mkdtempSync(join(tmpdir(), "go-json-go-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasGo = spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
if (!hasGo) console.error("*** SKIPPED: Go's encoding/json comparison: `go` is not installed");

describe.skipIf(!hasGo)("our JSON encoders against Go's encoding/json", () => {
  it("write the same bytes as json.Encoder for thousands of numbers and strings", async () => {
    const input = JSON.stringify(payload());
    writeFileSync(join(dir, "main.go"), GO_PROGRAM);
    const go = spawnSync("go", ["run", "main.go"], {
      cwd: dir,
      input,
      encoding: "utf8",
      env: { ...process.env, GO111MODULE: "off", GOFLAGS: "", GOTOOLCHAIN: "local" },
    });
    expect(go.stderr).toBe("");
    expect(go.stdout.split("\n")).toHaveLength(3); // two lines, as two Encode calls write
    expect(go.stdout).toContain('\\u003ca href=\\"x\\"\\u003e\\u0026amp;');
    const { floats, strings } = JSON.parse(input) as { floats: number[]; strings: string[] };
    expect(encodeGoJSON(floats) + encodeGoJSON(strings)).toBe(go.stdout);

    const outFile = join(dir, "echo.wasm");
    await buildFlight({ entry: new URL("./flights/go-json-echo.ts", import.meta.url).pathname, outFile, typecheck: false });
    const run = runWasm(new WebAssembly.Module(readFileSync(outFile)), { stdin: input });
    expect(new TextDecoder().decode(run.stdout)).toBe(go.stdout);
  }, 120_000);
});
