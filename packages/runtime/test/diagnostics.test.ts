// Messages through the source map: a position QuickJS reports in the bundle
// (flight.js) becomes the author's TypeScript position, notes too; other
// files are left as they are.
import { describe, expect, it } from "vitest";
import { BUNDLE_NAME, FlightSourceMap, encodeMappings, message } from "@yoke-flight/runtime";

// Bundle line 1 column 0 -> src/a.ts line 3 column 2; bundle line 2 column 4 -> src/b.ts line 1 column 0.
const map = new FlightSourceMap({
  version: 3,
  sources: ["src/a.ts", "src/b.ts"],
  names: [],
  mappings: encodeMappings([[[0, 0, 2, 2]], [[4, 1, 0, 0]]]),
});
const sources: Record<string, string> = { "src/a.ts": "one\ntwo\n  three\n", "src/b.ts": "first\n" };
const at = (file: string, line: number, column: number) => ({ file, line, column, lineText: "" });

describe("FlightSourceMap.originalMessage", () => {
  it("maps the location and the notes' locations in the bundle, reading the line's text", () => {
    const m = message("SyntaxError: x", at(BUNDLE_NAME, 1, 0), { notes: [{ text: "see", location: at(BUNDLE_NAME, 2, 4) }] });
    expect(map.originalMessage(m, (s) => sources[s])).toEqual({
      id: "",
      text: "SyntaxError: x",
      location: { file: "src/a.ts", line: 3, column: 2, lineText: "  three" },
      notes: [{ text: "see", location: { file: "src/b.ts", line: 1, column: 0, lineText: "first" } }],
    });
  });

  it("leaves positions in other files, and those the map does not know", () => {
    const chunk = message("SyntaxError: y", at("js-yaml.js", 1, 0), { notes: [{ text: "n", location: null }] });
    expect(map.originalMessage(chunk)).toEqual(chunk);
    expect(map.originalLocation(at(BUNDLE_NAME, 9, 0))).toBeUndefined();
  });
});
