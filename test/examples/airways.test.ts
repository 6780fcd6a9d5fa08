// The examples' Airways as users apply them: `flight airway airway.ts`
// prints exactly the checked-in airway.yaml (regenerate with
// `pnpm run airway` in the example), and each schema is the one schemaFrom
// makes from the example's src/types.ts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { airwayProblems, schemaFrom, structuralProblems, type Airway } from "@yoke-flight/openapi";

const bin = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");

describe.each([
  ["pipeline", "Pipeline"],
  ["app", "App"],
])("examples/%s: the %s Airway", (example, kind) => {
  const dir = fileURLToPath(new URL(`../../examples/${example}/`, import.meta.url));

  it("flight airway prints airway.yaml", () => {
    const run = spawnSync(process.execPath, [bin, "airway", "airway.ts"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${dir}airway.yaml`, "utf8"));
  });

  it("is valid, with a structural schema made from the TypeScript type", async () => {
    const airway = (await import(`${dir}airway.ts`)).default as Airway;
    expect(airwayProblems(airway)).toEqual([]);
    expect(airway.spec.template.names.kind).toBe(kind);
    const schema = airway.spec.template.versions[0]!.schema.openAPIV3Schema;
    expect(schema).toEqual(schemaFrom({ file: `${dir}src/types.ts`, type: kind }));
    expect(structuralProblems(schema)).toEqual([]);
  });
});
