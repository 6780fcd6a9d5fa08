// The bundle rewrite behind the module's own error reports: throws go
// through the runtime's hook, renamed functions are listed, and the source
// map still points every token at the same original position.
import { describe, expect, it } from "vitest";
import { FlightSourceMap, decodeMappings, encodeMappings, type MappingSegment } from "@yoke-flight/runtime";
import { instrument } from "../src/flight-build/instrument.js";

/** A map that sends every token of `code` (split at spaces and punctuation) to itself in a.ts, with names. */
function identityMap(code: string, names: Record<string, string> = {}) {
  const nameList = Object.values(names);
  const lines = code.split("\n").map((line, l) => {
    const segments: MappingSegment[] = [];
    for (const m of line.matchAll(/[\w$]+|[^\s\w$]/g)) {
      const original = names[m[0]];
      segments.push(original ? [m.index, 0, l, m.index, nameList.indexOf(original)] : [m.index, 0, l, m.index]);
    }
    return segments;
  });
  return { sources: ["a.ts"], names: nameList, mappings: encodeMappings(lines) };
}

describe("instrument", () => {
  it("routes each thrown value through __yoke.thrown, the last of a comma list only", () => {
    const code = `function f(x){if(x)throw 42;throw g(),"text"}`;
    const out = instrument(code, identityMap(code), () => undefined);
    expect(out.code).toBe(`function f(x){if(x)throw  __yoke.thrown(42);throw g(), __yoke.thrown("text")}`);
  });

  it("shifts the map so each token keeps its original position", () => {
    const code = `function f(x){throw {a:1}}\nf(1);`;
    const out = instrument(code, identityMap(code), () => undefined);
    const before = new FlightSourceMap({ version: 3, ...identityMap(code) });
    const after = new FlightSourceMap({ version: 3, sources: ["a.ts"], names: [], mappings: out.mappings });
    const shifted = out.code.split("\n")[0]!;
    const last = (text: string, token: string) => text.lastIndexOf(token) + 1;
    for (const token of ["{a", "a:", "}"]) {
      expect(after.original(1, last(shifted, token))).toEqual(before.original(1, last(code.split("\n")[0]!, token)));
    }
    expect(decodeMappings(out.mappings)[1]).toEqual(decodeMappings(identityMap(code).mappings)[1]);
  });

  it("lists the functions whose names the minifier changed, with their original names", () => {
    const code = `function a(){}const b=()=>1;class c{m(){}}function same(){}`;
    const out = instrument(code, identityMap(code, { a: "check", b: "arrow", c: "Thing" }), () => undefined);
    expect(out.functions.map(({ generated, original }) => [generated, original])).toEqual([
      ["a", "check"],
      ["b", "arrow"],
      ["c", "Thing"],
    ]);
    const [first] = out.functions;
    expect(code.slice(first!.start, first!.end)).toBe("function a(){}");
  });

  it("reads an original name from the source when the map carries none", () => {
    const code = `function a(){}`;
    const out = instrument(code, identityMap(code), () => "function original(){}");
    expect(out.functions).toEqual([{ start: 0, end: 14, generated: "a", original: "original" }]);
  });
});
