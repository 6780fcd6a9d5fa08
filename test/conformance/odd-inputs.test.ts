// Odd inputs through `flight run`, as a user runs it: the flight gets the
// bytes unchanged and its own answer (or error) is what is printed. The Go
// suite (odd_inputs_test.go) holds yoke's EvalFlight to the same table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with generate.mjs
import { flightRun, oddInputs, stdinBytes } from "./odd-inputs.mjs";

type Row = {
  name: string;
  stdin: object[];
  args?: string[];
  env?: Record<string, string>;
  expect: { exitCode: number; output?: unknown; stderrContains?: string };
};
const table = JSON.parse(readFileSync(new URL("./odd-inputs.json", import.meta.url), "utf8")) as { rows: Row[] };

describe("odd inputs through flight run", () => {
  it("the table is the one odd-inputs.mjs describes, with empty, multi-document, binary, deep and huge inputs", () => {
    expect(table.rows.map(({ expect: _, ...row }) => row)).toEqual(oddInputs);
    const sizes = table.rows.map((row) => (stdinBytes(row) as Buffer).length);
    expect(sizes[0]).toBe(0);
    expect(Math.max(...sizes)).toBeGreaterThan(4 << 20);
  });

  for (const row of table.rows) {
    it(row.name, () => {
      const run = flightRun(row) as { exitCode: number; stdout: string; stderr: string };
      expect(run.exitCode, run.stderr).toBe(row.expect.exitCode);
      if (row.expect.exitCode === 0) {
        // Byte for byte what yoke's EvalFlight prints for the same bytes (the Go suite checks the same).
        expect(run.stdout).toBe(JSON.stringify(row.expect.output) + "\n");
      } else {
        expect(run.stderr).toContain(`flight run: the flight failed: FlightInputError: ${row.expect.stderrContains}`);
        expect(run.stdout).toBe("");
      }
    }, 30_000);
  }
});
