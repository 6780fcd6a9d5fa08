// The position table: the linker stores it in a passive segment and the
// runtime maps `flight.js:L:C` (and renamed function names) through it when
// it prints an error or anything else on stderr (c/positions.c).
import { describe, expect, it } from "vitest";
import { encodeMappings, encodePositionTable, loadRuntime, type MappingSegment } from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { run } from "./helpers.js";

const runtime = loadRuntime();

// Two lines of "bundle", as a minifier would leave them.
const code = [
  `function b(){throw new Error("boom")}`,
  `function c(){b()}__yoke.write(2,"see flight.js:1:20, myflight.js:1:20 and flight.js:2:1\\n");c();`,
].join("\n");
const at = (line: number, text: string) => code.split("\n")[line]!.indexOf(text);
// Generated column -> [source, line, column] (0-based), as esbuild's map has them.
const mappings: MappingSegment[][] = [
  [
    [0, 0, 2, 0],
    [at(0, "throw"), 0, 4, 8],
  ],
  [[0], [at(1, "b()"), 0, 9, 2], [at(1, "__yoke"), 1, 0, 0], [at(1, "c();"), 1, 12, 0]],
];
const map = { sources: ["src/inner.ts", "src/outer.ts"], names: [], mappings: encodeMappings(mappings) };
const lineStart = code.indexOf("\n") + 1;
const functions = [
  { start: 0, end: at(0, "}") + 1, generated: "b", original: "inner" },
  { start: lineStart, end: lineStart + at(1, "}") + 1, generated: "c", original: "outer" },
];
const positionTable = encodePositionTable({ code, map, functions });

describe.each([
  ["preloaded", true],
  ["Javy layout", false],
] as const)("%s", (_, preload) => {
  const bytecode = runtime.compile(code);

  it("prints an uncaught error's stack at the original positions, with the original names", () => {
    const out = run(new WebAssembly.Module(runtime.link({ bytecode, positionTable, preload })));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      "see src/inner.ts:5:9, myflight.js:1:20 and flight.js:2:1\n" +
        "Error: boom\n    at inner (src/inner.ts:5:9)\n    at outer (src/inner.ts:10:3)\n    at <anonymous> (src/outer.ts:13:1)\n",
    );
  });

  it("without a table, prints the bundle's positions", () => {
    const out = run(new WebAssembly.Module(runtime.link({ bytecode, preload })));
    expect(out.stderr).toMatch(
      /^see flight\.js:1:20, myflight\.js:1:20 and flight\.js:2:1\nError: boom\n {4}at b \(flight\.js:1:\d+\)\n {4}at c \(flight\.js:2:\d+\)/,
    );
  });

  it("keeps the placeholder and the compiler out of the flight's exports", () => {
    const names = WasmModule.parse(runtime.link({ bytecode, positionTable, preload }))
      .exports()
      .map((e) => e.name);
    expect(names).not.toContain("yoke-flight-positions");
    expect(names).not.toContain("yoke-flight-compile-named");
  });
});

it("compiles code under another file name, whose positions are not the flight's", () => {
  const chunk = runtime.compile(`throw new Error("in a chunk");`, { filename: "js-yaml.js" });
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: runtime.compile(`__yoke.loadChunk(0);`), chunks: [chunk], positionTable })));
  expect(out.stderr).toMatch(/^Error: in a chunk\n {4}at <anonymous> \(js-yaml\.js:1:\d+\)\n/);
});

it("counts columns in code points, as QuickJS does, where the map counts UTF-16 units", () => {
  const astral = `const s="😀😀";function b(){throw new Error("x")}b();`;
  const col = (text: string) => astral.indexOf(text); // UTF-16, as in source maps
  const table = encodePositionTable({
    code: astral,
    map: {
      sources: ["src/emoji.ts"],
      mappings: encodeMappings([
        [
          [0, 0, 0, 0],
          [col("throw"), 0, 6, 4],
          [col("Error"), 0, 6, 14],
          [col("b();"), 0, 9, 0],
        ],
      ]),
    },
  });
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: runtime.compile(astral), positionTable: table })));
  expect(out.stderr).toBe("Error: x\n    at b (src/emoji.ts:7:15)\n    at <anonymous> (src/emoji.ts:10:1)\n");
});

it("keeps only a line's first position for lineOnly sources (libraries): their frames name file and line", () => {
  // inner.ts plays a library: its throw (line 5, col 9) shares a line with the function's start (line 5, col 1).
  const libraryMappings: MappingSegment[][] = [
    [
      [0, 0, 4, 0],
      [at(0, "throw"), 0, 4, 8],
    ],
    mappings[1]!,
  ];
  const libraryMap = { ...map, mappings: encodeMappings(libraryMappings) };
  const full = encodePositionTable({ code, map: libraryMap, functions });
  const lineOnly = encodePositionTable({ code, map: libraryMap, functions, lineOnly: [true, false] });
  expect(lineOnly.length).toBeLessThan(full.length);
  const out = run(new WebAssembly.Module(runtime.link({ bytecode: runtime.compile(code), positionTable: lineOnly })));
  // The library frame: its line, at the line's first position; the author's frames: exact.
  expect(out.stderr).toContain("Error: boom\n    at inner (src/inner.ts:5:1)\n    at outer (src/inner.ts:10:3)\n    at <anonymous> (src/outer.ts:13:1)\n");
});
