// The override annotations an Airway's instances may carry
// (yokecd/yoke pkg/flight/flight.go), and the schema `flight build --schema`
// embeds for an Airway.
import { describe, expect, it } from "vitest";
import {
  ANNOTATION_OVERRIDE_FLIGHT,
  ANNOTATION_OVERRIDE_MODE,
  airwayInputSchema,
  defineAirway,
  overrideProblems,
  withOverrides,
  type OverrideAnnotations,
} from "@yoke-flight/openapi";

const pipeline = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "p", annotations: { team: "a" } } };

describe("override annotations", () => {
  it("are yoke's keys", () => {
    expect([ANNOTATION_OVERRIDE_FLIGHT, ANNOTATION_OVERRIDE_MODE]).toEqual(["overrides.yoke.cd/flight", "overrides.yoke.cd/mode"]);
    const typed: OverrideAnnotations = { "overrides.yoke.cd/mode": "static" };
    expect(typed).toBeDefined();
  });

  it("withOverrides sets them beside the instance's other annotations", () => {
    const overridden = withOverrides(pipeline, { flight: "https://example.com/flight.wasm.gz", mode: "dynamic" });
    expect(overridden.metadata.annotations).toEqual({
      team: "a",
      "overrides.yoke.cd/flight": "https://example.com/flight.wasm.gz",
      "overrides.yoke.cd/mode": "dynamic",
    });
    expect(pipeline.metadata.annotations).toEqual({ team: "a" });
  });

  it("names what the ATC would refuse or ignore", () => {
    expect(() => withOverrides(pipeline, { mode: "fast" as never })).toThrow(
      'metadata.annotations["overrides.yoke.cd/mode"]: "fast" is not one of standard, static, dynamic, subscription (the ATC would ignore it)',
    );
    expect(overrideProblems({ metadata: { annotations: { "overrides.yoke.cd/flight": "file:///flight.wasm" } } })).toEqual([
      'metadata.annotations["overrides.yoke.cd/flight"]: "file:///flight.wasm": the ATC loads http(s):// and oci:// URLs',
    ]);
    expect(overrideProblems(pipeline)).toEqual([]);
  });
});

describe("airwayInputSchema", () => {
  const schema = (storage: string) => ({
    openAPIV3Schema: { type: "object" as const, properties: { spec: { type: "object" as const, properties: { [storage]: { type: "string" as const } } } } },
  });
  const airway = (objectPath?: string[]) =>
    defineAirway({
      metadata: { name: "widgets.example.com" },
      spec: {
        wasmUrls: { flight: "oci://example.com/w:v1" },
        objectPath,
        template: {
          group: "example.com",
          names: { kind: "Widget", plural: "widgets" },
          scope: "Cluster",
          versions: [
            { name: "v1", served: true, storage: false, schema: schema("old") },
            { name: "v2", served: true, storage: true, schema: schema("new") },
          ],
        },
      },
    });

  it("is the storage version's schema, narrowed to objectPath", () => {
    expect(airwayInputSchema(airway())).toEqual(schema("new").openAPIV3Schema);
    expect(airwayInputSchema(airway(["spec"]))).toEqual({ type: "object", properties: { new: { type: "string" } } });
    expect(() => airwayInputSchema(airway(["spec", "old"]))).toThrow("spec.objectPath spec.old is not a property of the v2 schema");
  });
});
