// Go durations as time.ParseDuration reads them and time.Duration.String() writes them.
import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "@yoke-flight/openapi/go-duration";

describe("Go durations", () => {
  it("parses what time.ParseDuration accepts", () => {
    expect(parseGoDuration("10s")).toBe(10_000);
    expect(parseGoDuration("1m30s")).toBe(90_000);
    expect(parseGoDuration("1h2m3.5s")).toBe(3_723_500);
    expect(parseGoDuration("500ms")).toBe(500);
    expect(parseGoDuration("1500us")).toBeCloseTo(1.5);
  });

  it("refuses what it does not", () => {
    for (const bad of ["", "10", "s", "1d", "1m 30s", "-1s", "1h30"]) expect(() => parseGoDuration(bad)).toThrow(/not a Go duration/);
  });

  it("writes as time.Duration.String() does", () => {
    expect([0, 250, 1000, 10_000, 90_000, 3_723_500, 3_600_000].map(formatGoDuration)).toEqual(["0s", "250ms", "1s", "10s", "1m30s", "1h2m3.5s", "1h0m0s"]);
  });
});
