#!/usr/bin/env node
// Writes scenarios.json: the scenarios of scenarios.source.mjs with what the
// TypeScript flights do in each as expectations. Review the diff before
// committing: the Go suite then checks every expectation under yoke's real
// host, and against the Go flights. Usage: node generate.mjs
import { writeFileSync } from "node:fs";
import { apiResources, scenarios } from "./scenarios.source.mjs";
import { runScenario } from "./run-scenario.mjs";
import { NAMESPACE, RELEASE, flightRun, oddInputs } from "./odd-inputs.mjs";

const table = { apiResources, scenarios: [] };
for (const scenario of scenarios) {
  const run = await runScenario(table, scenario);
  const expect = run.exitCode === 0 ? { exitCode: 0, output: JSON.parse(run.stdout) } : { exitCode: run.exitCode, stderrContains: firstLine(run.rawStderr) };
  table.scenarios.push({ ...scenario, expect });
}
writeFileSync(new URL("./scenarios.json", import.meta.url), JSON.stringify(table, null, 2) + "\n");
console.log(`scenarios.json: ${table.scenarios.length} scenarios`);

// odd-inputs.json: the odd inputs with what `flight run` prints for each.
const rows = oddInputs.map((row) => {
  const run = flightRun(row);
  const expect =
    run.exitCode === 0
      ? { exitCode: 0, output: JSON.parse(run.stdout) }
      : { exitCode: run.exitCode, stderrContains: run.stderr.split("\n")[0].replace(/^flight run: the flight failed: \w*Error: /, "") };
  return { ...row, expect };
});
writeFileSync(new URL("./odd-inputs.json", import.meta.url), JSON.stringify({ flight: "stdin", release: RELEASE, namespace: NAMESPACE, rows }, null, 2) + "\n");
console.log(`odd-inputs.json: ${rows.length} inputs`);
process.exit(0);

/** The message line of an error (not the stack, whose positions differ by runtime). */
function firstLine(stderr) {
  const line = stderr.split("\n")[0];
  return line.replace(/^\w*Error: /, "");
}
