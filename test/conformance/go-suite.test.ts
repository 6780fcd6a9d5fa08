// The Go half of the conformance suite: our flights inside yoke itself
// (yoke.EvalFlight, wazero, yoke's real host functions against a test API
// server) and the Go flights on the same table. Prepared by scripts/setup-go.sh;
// where yoke's Go module cannot be had, this prints a loud SKIPPED line.
// It also runs odd-inputs.json under yoke (odd_inputs_test.go).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with scripts/bench/go.mjs
import { goSuiteSkipped, goTest } from "./go-suite.mjs";

const skipped = goSuiteSkipped() as string | undefined;
if (skipped) process.stderr.write(`\n*** SKIPPED: Go conformance suite (test/conformance): ${skipped}\n\n`);

describe.skipIf(skipped !== undefined)("under yoke's real host (go test)", () => {
  it(
    "every scenario passes with the TypeScript and the Go flights, and every broken ABI fails",
    () => {
      const go = goTest(["-json"], { timeout: 15 * 60_000 }) as { stdout: string; stderr: string; status: number | null };
      const events = go.stdout
        .split("\n")
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { Action: string; Test?: string; Output?: string }];
          } catch {
            return [];
          }
        });
      const passed = events.filter((e) => e.Action === "pass" && e.Test).map((e) => e.Test!);
      const failed = events.filter((e) => e.Action === "fail" && e.Test).map((e) => e.Test!);
      const output = (test: string) =>
        events
          .filter((e) => e.Test === test && e.Output)
          .map((e) => e.Output)
          .join("");
      const report = failed.length
        ? failed.map((t) => `--- ${t}\n${output(t)}`).join("\n")
        : `${go.stderr}\n${events
            .filter((e) => e.Output && !e.Test)
            .map((e) => e.Output)
            .join("")}`;
      expect(failed, report).toEqual([]);
      expect(go.status, report).toBe(0);
      // Both flights per row, and the four broken modules.
      const table = JSON.parse(readFileSync(new URL("./scenarios.json", import.meta.url), "utf8")) as { scenarios: unknown[] };
      expect(passed.filter((t) => /^TestScenarios\/.+\/(typescript|go)$/.test(t))).toHaveLength(2 * table.scenarios.length);
      expect(passed.filter((t) => t.startsWith("TestBrokenABI/"))).toHaveLength(4);
      // yoke prints for every odd input what `flight run` prints (odd-inputs.test.ts).
      const odd = JSON.parse(readFileSync(new URL("./odd-inputs.json", import.meta.url), "utf8")) as { rows: unknown[] };
      expect(passed.filter((t) => t.startsWith("TestOddInputs/"))).toHaveLength(odd.rows.length);
    },
    16 * 60_000,
  );
});
