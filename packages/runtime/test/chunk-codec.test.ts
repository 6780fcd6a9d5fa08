// The chunk codec (src/chunk-codec.ts): round trips, determinism, edge
// cases and corrupt input. The C decoder is tested through real flights in
// chunks.test.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuntime } from "@yoke-flight/runtime";
import { compressChunk, decompressChunk, decompressedSize } from "../src/chunk-codec.js";

/** A deterministic pseudo-random generator (xorshift32). */
function randomBytes(length: number, seed: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % alphabet;
  }
  return out;
}

function roundTrip(bytes: Uint8Array): Uint8Array {
  const compressed = compressChunk(bytes);
  expect(decompressedSize(compressed)).toBe(bytes.length);
  expect(decompressChunk(compressed)).toEqual(bytes);
  return compressed;
}

/** js-yaml's bytecode, compiled as flight build compiles the chunk. */
function jsYamlBytecode(): Uint8Array {
  const sdk = createRequire(import.meta.resolve("@yoke-flight/sdk/package.json"));
  const source = readFileSync(join(dirname(sdk.resolve("js-yaml/package.json")), "dist/js-yaml.mjs"), "utf8");
  return loadRuntime().compile(source, { filename: "js-yaml.js", stripDebug: true });
}

describe("round trip", () => {
  it("empty input", () => {
    expect(roundTrip(new Uint8Array(0))).toEqual(new Uint8Array([0, 0, 0, 0, 0]));
  });

  it("inputs shorter than a match", () => {
    for (let n = 1; n <= 8; n++) roundTrip(randomBytes(n, n));
  });

  it("incompressible input grows by a few bytes only", () => {
    const bytes = randomBytes(100_000, 7);
    expect(roundTrip(bytes).length).toBeLessThan(bytes.length + bytes.length / 255 + 16);
  });

  it("long runs (overlapping matches, length extensions)", () => {
    const run = new Uint8Array(70_000).fill(0x61);
    expect(roundTrip(run).length).toBeLessThan(400);
    const pattern = new Uint8Array(50_000).map((_, i) => i % 3);
    roundTrip(pattern);
  });

  it("literal counts and match lengths around the nibble's 15 and the extension's 255", () => {
    for (const literals of [14, 15, 16, 269, 270, 271, 524, 525]) {
      for (const repeat of [3, 4, 18, 19, 20, 273, 274, 275]) {
        const head = randomBytes(literals, literals + repeat);
        const bytes = new Uint8Array([...head, ...head.subarray(0, Math.min(repeat, literals)), ...randomBytes(literals, 99)]);
        roundTrip(bytes);
      }
    }
  });

  it("random input over small alphabets, at sizes around the 64 KB window", () => {
    for (const [size, alphabet] of [
      [1000, 2],
      [10_000, 4],
      [66_000, 16],
      [140_000, 64],
    ]) {
      roundTrip(randomBytes(size, size, alphabet));
    }
  });

  it("real bytecode (js-yaml's chunk) shrinks to less than 65% and is deterministic", () => {
    const bytecode = jsYamlBytecode();
    const compressed = roundTrip(bytecode);
    expect(compressed.length).toBeLessThan(bytecode.length * 0.65);
    expect(compressChunk(bytecode)).toEqual(compressed);
  });
});

describe("corrupt input fails with an error", () => {
  const good = compressChunk(new TextEncoder().encode("abcdabcdabcdabcdabcd-some literals-abcdabcd"));

  it("a truncated stream", () => {
    for (let cut = 0; cut < good.length; cut++) {
      expect(() => decompressChunk(good.subarray(0, cut))).toThrow(/compressed chunk/);
    }
  });

  it("a header that does not match what the stream decodes to", () => {
    const wrong = good.slice();
    wrong[0] += 1;
    expect(() => decompressChunk(wrong)).toThrow(/the header says/);
  });

  it("a match offset past the start of the output", () => {
    const bad = new Uint8Array([8, 0, 0, 0, 0x10, 0x41, 9, 0, 0x00]); // 1 literal, then offset 9
    expect(() => decompressChunk(bad)).toThrow(/match out of range/);
  });
});
