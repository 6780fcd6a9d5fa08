// schemaFrom against yoke's Go SchemaFrom: each TypeScript type of
// schematypes/types.ts (and the examples' custom resources) must give the
// schema yoke gives its Go mirror (schematypes/types.go). The expected files
// are yoke's output: TestSchemas (go-suite.test.ts) regenerates and checks
// them in every run where the Go suite can run.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSchemaProgram, goOrdered, schemaFrom, structuralProblems, type JSONSchemaProps } from "@yoke-flight/openapi";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const TYPES = here("./schematypes/types.ts");
const cases: [string, string][] = [
  ...["Scalars", "Collections", "Kubernetes", "Tags", "Tree"].map((t): [string, string] => [TYPES, t]),
  [here("../../examples/pipeline/src/types.ts"), "Pipeline"],
  [here("../../examples/app/src/types.ts"), "App"],
];
const program = createSchemaProgram(cases.map(([file]) => file));

/** A recursion's description names the Go package or the TypeScript file: compare the type name only. */
function recursionNamesOnly(schema: JSONSchemaProps): JSONSchemaProps {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === "description" && typeof value === "string" && /^[\w./-]+:\w+$/.test(value) ? `…:${value.split(":").pop()}` : value,
  );
}

/**
 * The one allowed difference: yoke writes IntOrString's anyOf as [string,
 * integer], which kube-apiserver rejects as not structural; schemaFrom writes
 * [integer, string], the only order it accepts (see special-types.ts).
 */
function intOrStringAsServerAccepts(expected: string): string {
  return JSON.stringify(
    JSON.parse(expected, (_key, value) =>
      value && value["x-kubernetes-int-or-string"] === true && JSON.stringify(value.anyOf) === '[{"type":"string"},{"type":"integer"}]'
        ? { ...value, anyOf: [{ type: "integer" }, { type: "string" }] }
        : value,
    ),
  );
}

describe("schemaFrom gives what yoke's Go SchemaFrom gives", () => {
  it.each(cases)("%s %s", (file, type) => {
    const expected = intOrStringAsServerAccepts(readFileSync(here(`./schematypes/expected/${type}.json`), "utf8"));
    const schema = goOrdered(schemaFrom({ file, type, program }));
    // Field for field, in Go's field order.
    expect(JSON.stringify(recursionNamesOnly(schema), null, 2) + "\n").toBe(JSON.stringify(recursionNamesOnly(JSON.parse(expected)), null, 2) + "\n");
    if (type !== "Tags") expect(structuralProblems(schema)).toEqual([]);
  });

  it("the recursion's description names where the type is declared", () => {
    const schema = schemaFrom({ file: TYPES, type: "Tree", program });
    expect(schema.properties!.parent!.description).toBe("test/conformance/schematypes/types:Tree");
  });
});
