// The conformance table through the Node harness. The Go suite (go-suite.test.ts)
// checks the same rows under yoke's real host and against the Go flights;
// a row the two disagree on fails one of the two runs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runFlight } from "@yoke-flight/testing";
// @ts-expect-error plain ESM helper shared with generate.mjs
import { runScenario, tsFlightPath } from "./run-scenario.mjs";

type Scenario = { name: string; flight: string; expect: { exitCode: number; output?: unknown; stderrContains?: string } } & Record<string, unknown>;
const table = JSON.parse(readFileSync(new URL("./scenarios.json", import.meta.url), "utf8")) as { apiResources: unknown[]; scenarios: Scenario[] };

describe("conformance scenarios in the Node harness", () => {
  it("the table covers both examples, lookups, rest mapping, access on and off", () => {
    const flights = new Set(table.scenarios.map((s) => s.flight));
    expect([...flights].sort()).toEqual(["app", "lookup", "pipeline", "restmapping"]);
    expect(table.scenarios.some((s) => s.clusterAccess === false)).toBe(true);
    expect(table.scenarios.length).toBeGreaterThanOrEqual(25);
  });

  for (const scenario of table.scenarios) {
    it(scenario.name, async () => {
      const run = await runScenario(table, scenario);
      expect(run.exitCode, run.rawStderr).toBe(scenario.expect.exitCode);
      if (scenario.expect.exitCode === 0) {
        // Byte for byte what yoke's host gets from the same module (the Go suite checks the same bytes).
        expect(run.stdout).toBe(JSON.stringify(scenario.expect.output) + "\n");
      } else {
        expect(run.rawStderr).toContain(scenario.expect.stderrContains);
      }
    });
  }
});

describe("modules with a broken ABI fail in the harness too", () => {
  const scenario = table.scenarios.find((s) => s.name === "lookup: found, owned by the release")!;
  const dist = (name: string) => new URL(`./dist/broken-${name}.wasm`, import.meta.url);

  it("the intact module finds the object", async () => {
    const run = await runScenario(table, scenario);
    expect(run.exitCode).toBe(0);
    expect(tsFlightPath("lookup")).toMatch(/lookup\.wasm$/);
  });

  for (const [name, message] of [
    ["malloc-export", /does not export malloc/],
    ["import-name", /"k8s_lookuq"/],
    ["import-type", /failed to compile module: .*expected type i32/],
    ["malloc-pointer", /write to memory out of range/],
  ] as const) {
    it(name, async () => {
      const run = await runFlight(readFileSync(dist(name)), {
        input: scenario.input,
        release: scenario.release as string,
        namespace: scenario.namespace as string,
        clusterAccess: true,
        cluster: scenario.cluster as object[],
      });
      expect(run.ok).toBe(false);
      expect(run.exitCode).not.toBe(0);
      expect(run.error).toMatch(message);
    });
  }
});
