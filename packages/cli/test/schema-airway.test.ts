// `flight schema` and `flight airway` as a user runs them, including every way they refuse.
import { describe, expect, it } from "vitest";
import { load, loadAll } from "js-yaml";
import { flight } from "./cli.js";

describe("flight schema", () => {
  it("prints the schema as JSON in Go's field order, or YAML", () => {
    const run = flight(["schema", "airways/types.ts", "Good"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `{\n  "type": "object",\n  "required": [\n    "spec"\n  ],\n  "properties": {\n    "spec": {\n      "type": "object",\n      "required": [\n        "size"\n      ],\n      "properties": {\n        "size": {\n          "type": "number"\n        }\n      }\n    }\n  }\n}\n`,
    );
    expect(load(flight(["schema", "airways/types.ts", "Good", "--yaml"]).stdout)).toEqual(JSON.parse(run.stdout));
  });

  it("names the file:line, type and property of what cannot be made structural", () => {
    const run = flight(["schema", "airways/types.ts", "Widget"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^flight schema: airways\/types\.ts:8:5: error: Widget\.spec\.shape: the union .* cannot be made structural/);
  });

  it("usage errors exit 2; an unknown type lists the exported ones", () => {
    expect(flight(["schema", "airways/types.ts"]).exitCode).toBe(2);
    const run = flight(["schema", "airways/types.ts", "Nope"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("no exported type Nope (exported types: Widget, Good)");
  });
});

describe("flight airway", () => {
  it("prints every exported Airway when there is no default export", () => {
    const run = flight(["airway", "airways/two.ts"]);
    expect(run.exitCode).toBe(0);
    const docs = loadAll(run.stdout) as { metadata: { name: string } }[];
    expect(docs.map((d) => d.metadata.name)).toEqual(["widgets.a.example.com", "widgets.b.example.com"]);
    const one = JSON.parse(flight(["airway", "airways/two.ts", "--export", "b", "--json"]).stdout);
    expect(one).toMatchObject({ apiVersion: "yoke.cd/v1alpha1", kind: "Airway", metadata: { name: "widgets.b.example.com" } });
  });

  it("lists every problem of an invalid Airway with its field path", () => {
    const run = flight(["airway", "airways/invalid.ts"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split("\n").map((l) => l.trim())).toEqual(
      expect.arrayContaining([
        "metadata.name: must be widgets.examples.com: the Airway's name is its CRD's name, <plural>.<group>",
        "spec.wasmUrls.flight: file:///tmp/flight.wasm: the ATC fetches http(s):// and oci:// URLs only",
        "spec.mode: eventually is not one of standard, static, dynamic, subscription",
        "spec.timeout: ten seconds is not a Go duration such as 30s, 5m or 1h30m",
        "spec.resourceAccessMatchers: has no effect without spec.clusterAccess: true",
        "spec.template.versions: exactly one version must have storage: true (2 do)",
        "spec.template.versions[0].schema.openAPIV3Schema: spec: an array needs items",
      ]),
    );
  });

  it("rejects a status schema the ATC's first status write (conditions only) would violate, naming the fix", () => {
    const run = flight(["airway", "airways/required-status.ts"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'spec.template.versions[0].schema.openAPIV3Schema.properties.status.required: "msg" is required, but the ATC\'s first status write ' +
        "holds only conditions and the API server rejects it (status.msg: Required value): make msg optional in the status type (msg?: ...)",
    );
    expect(run.stderr).not.toContain('"conditions" is required');
  });

  it("reports a schema error from inside the module with its location", () => {
    const run = flight(["airway", "airways/not-structural.ts"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^flight airway: airways\/types\.ts:8:5: error: Widget\.spec\.shape: the union/);
  });

  it("usage errors exit 2; a missing file or export exits 1", () => {
    expect(flight(["airway"]).exitCode).toBe(2);
    expect(flight(["airway", "airways/nope.ts"]).stderr).toContain("airways/nope.ts: no such file");
    expect(flight(["airway", "airways/two.ts", "--export", "c"]).stderr).toContain("has no export c (exports: a, b)");
  });
});
