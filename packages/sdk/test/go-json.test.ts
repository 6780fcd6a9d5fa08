import { describe, expect, it } from "vitest";
import { FlightOutputError, encodeGoJSON } from "@yoke-flight/sdk";

describe("encodeGoJSON: Go's json.Encoder output", () => {
  it("escapes <, > and & like Go's HTML-safe encoder, and U+2028/2029", () => {
    expect(encodeGoJSON({ s: "a<b>&c\u2028\u2029" })).toBe('{"s":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029"}\n');
  });

  it("replaces lone surrogates with U+FFFD but keeps escaped backslashes and real pairs", () => {
    expect(encodeGoJSON(["\ud800x", "\\ud800", "𝄞"])).toBe('["\\ufffdx","\\\\ud800","𝄞"]\n');
  });

  it("ends with a newline, like Encoder.Encode", () => {
    expect(encodeGoJSON([])).toBe("[]\n");
    expect(encodeGoJSON(null)).toBe("null\n");
  });

  it("keeps key order and drops undefined fields", () => {
    expect(encodeGoJSON({ b: 1, a: undefined, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}\n');
  });

  it("writes numbers as Go writes a float64, -0 included", () => {
    expect(encodeGoJSON([-0, 1e21, 1e-7, 0.000001, 2 ** 60])).toBe("[-0,1e+21,1e-7,0.000001,1152921504606847000]\n");
  });

  it("writes bigints as JSON numbers", () => {
    expect(encodeGoJSON({ n: 9007199254740993n })).toBe('{"n":9007199254740993}\n');
  });

  it("refuses what Go cannot encode, naming the path", () => {
    expect(() => encodeGoJSON([{ spec: { replicas: NaN } }])).toThrow(
      new FlightOutputError("cannot encode NaN at $[0].spec.replicas: JSON has no such number"),
    );
    expect(() => encodeGoJSON({ f: () => 1 })).toThrow("cannot encode a function at $.f");
    expect(() => encodeGoJSON({ m: new Map() })).toThrow("cannot encode a Map at $.m");
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeGoJSON({ a: cycle })).toThrow("cannot encode a cycle at $.a.self");
  });

  it("uses toJSON like JSON.stringify", () => {
    expect(encodeGoJSON({ at: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"at":"2026-01-02T00:00:00.000Z"}\n');
  });
});
