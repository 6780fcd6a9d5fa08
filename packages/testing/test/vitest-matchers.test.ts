// The vitest matchers on hand-made runs: what passes, what fails, and the message.
import { describe, expect, it } from "vitest";
import type { FlightRun } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";

const run = (over: Partial<FlightRun>): FlightRun =>
  ({
    ok: true,
    exitCode: 0,
    stdout: "[]\n",
    stderr: "",
    rawStderr: "",
    lookups: [],
    durationMs: 1,
    tracked: { internal: [], external: [], candidate: [] },
    resources: [],
    stages: [],
    ...over,
  }) as FlightRun;
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "v" } };

describe("vitest matchers", () => {
  it("toContainResource names what the output has when it misses", () => {
    const r = run({ resources: [cm] });
    expect(r).toContainResource({ kind: "ConfigMap", name: "a", data: { k: "v" } });
    expect(() => expect(r).toContainResource({ kind: "Secret", name: "a" })).toThrow(
      "expected the output to contain Secret a; it has: ConfigMap a (it succeeded)",
    );
    expect(() => expect(r).toContainResource({ kind: "ConfigMap", name: "a", data: { k: "w" } })).toThrow("ConfigMap a is in the output but differs");
  });

  it("toSucceed, toFailWith and toHaveStatus", () => {
    const failed = run({ ok: false, exitCode: 1, error: "Error: boom\n    at x (src/flight.ts:1:1)" });
    expect(run({})).toSucceed();
    expect(() => expect(failed).toSucceed()).toThrow("expected the flight to succeed, but it failed: Error: boom");
    expect(failed).toFailWith("boom");
    expect(failed).toFailWith(/src\/flight\.ts:1:1/);
    expect(run({ resources: [{ ...cm, status: { msg: "ok", n: 1 } }] })).toHaveStatus({ msg: "ok" });
  });

  it("toBehaveLike compares exit code, stdout, host calls and the error's first line", () => {
    const a = run({ ok: false, exitCode: 1, error: "Error: boom\n    at a (x.ts:1:1)" });
    expect(run({ ok: false, exitCode: 1, error: "Error: boom\n    at b (y.js:9:9)" })).toBehaveLike(a);
    expect(() => expect(run({})).toBehaveLike(a)).toThrow("expected the runs to behave alike");
    expect(() => expect(run({ stdout: "[1]\n" })).toBehaveLike(run({}))).toThrow("expected the runs to behave alike");
  });
});
