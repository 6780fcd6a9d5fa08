// How long `flight schema` takes on the examples' custom resource types
// (the whole command: Node start, TypeScript program, walk, structural
// check), and schemaFrom alone in a warm process.
import { spawnSync } from "node:child_process";
import { schemaFrom, createSchemaProgram } from "@yoke-flight/openapi";
import { median, round } from "./stats.mjs";

const root = new URL("../../", import.meta.url).pathname;
const bin = `${root}packages/cli/bin/flight.js`;
const cases = [
  ["pipeline", "Pipeline"],
  ["app", "App"],
];

export function benchSchema(runs = 5) {
  const rows = {};
  for (const [example, type] of cases) {
    const file = `${root}examples/${example}/src/types.ts`;
    const cli = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [bin, "schema", file, type], { encoding: "utf8" });
      cli.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`flight schema ${type} failed: ${run.stderr}`);
    }
    const t0 = performance.now();
    const program = createSchemaProgram([file]);
    const programMs = performance.now() - t0;
    const walk = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      schemaFrom({ file, type, program });
      walk.push(performance.now() - t);
    }
    rows[`${example}: ${type}`] = {
      flightSchemaCommandMs: round(median(cli), 1),
      programMs: round(programMs, 1),
      schemaFromMs: round(median(walk), 2),
      targetMs: 3000,
    };
  }
  return rows;
}
