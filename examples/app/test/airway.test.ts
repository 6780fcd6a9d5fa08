// The Airway as users apply it: `flight airway airway.ts` prints exactly the
// checked-in airway.yaml (regenerate with `pnpm run airway`), and its
// schema is the one schemaFrom makes from src/types.ts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { airwayProblems, schemaFrom, structuralProblems } from "@yoke-flight/openapi";
import airway from "../airway.js";

const dir = fileURLToPath(new URL("..", import.meta.url));
const bin = createRequire(import.meta.url).resolve("@yoke-flight/cli/package.json").replace(/package\.json$/, "bin/flight.js");

describe("the App Airway", () => {
  it("flight airway prints airway.yaml", () => {
    const run = spawnSync(process.execPath, [bin, "airway", "airway.ts"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${dir}/airway.yaml`, "utf8"));
  });

  it("is valid, with a structural schema made from the TypeScript type", () => {
    expect(airwayProblems(airway)).toEqual([]);
    const schema = airway.spec.template.versions[0]!.schema.openAPIV3Schema;
    expect(schema).toEqual(schemaFrom({ file: `${dir}/src/types.ts`, type: "App" }));
    expect(structuralProblems(schema)).toEqual([]);
    expect(airway.metadata.name).toBe(`${airway.spec.template.names.plural}.${airway.spec.template.group}`);
  });
});
