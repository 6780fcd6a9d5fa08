// The Pipeline converter as the ATC's conversion webhook runs it
// (runConverter: no host functions, argv ["converter"], the API server's
// checks of the answer), both ways, and its Airway as users apply it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { airwayProblems, schemaFrom, type Airway } from "@yoke-flight/openapi";
import { runConverter, runFlight } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";

const dir = fileURLToPath(new URL("../", import.meta.url));
const converter = `${dir}dist/converter.wasm`;
const pipelineFlight = `${dir}../pipeline/dist/flight.wasm`;

const metadata = { name: "demo", namespace: "default", uid: "6f1c0b0e-0000-4000-8000-000000000001", generation: 3 };
const v1 = {
  apiVersion: "examples.com/v1",
  kind: "Pipeline",
  metadata,
  spec: { image: "alpine:3.20", backoffLimit: 2 },
  status: { msg: "job two is running" },
};
const v2 = {
  apiVersion: "examples.com/v2",
  kind: "Pipeline",
  metadata,
  spec: { job: { image: "alpine:3.20", retries: 2 } },
  status: { msg: "job two is running" },
};

describe("the Pipeline converter (dist/converter.wasm)", () => {
  it("imports no host function: the ATC instantiates converters with none", () => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(converter)));
    expect(imports.filter((i) => i.module !== "wasi_snapshot_preview1")).toEqual([]);
  });

  it("converts v1 to v2, keeping metadata and status", async () => {
    const run = await runConverter(converter, { objects: [v1], desiredAPIVersion: "examples.com/v2", uid: "review-1" });
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(run.convertedObjects).toEqual([v2]);
    expect(run.review).toMatchObject({ kind: "ConversionReview", response: { uid: "review-1", result: { status: "Success" } } });
    expect(run.review).not.toHaveProperty("request");
  });

  it("converts v2 to v1", async () => {
    const run = await runConverter(converter, { objects: [v2], desiredAPIVersion: "examples.com/v1" });
    expect(run.ok).toBe(true);
    expect(run.convertedObjects).toEqual([v1]);
  });

  it("keeps the order of a mixed list and passes objects already at the desired version through", async () => {
    const other = { ...v2, metadata: { ...metadata, name: "other", uid: "6f1c0b0e-0000-4000-8000-000000000002" }, spec: {} };
    const run = await runConverter(converter, { objects: [v2, v1, other], desiredAPIVersion: "examples.com/v1" });
    expect(run.ok).toBe(true);
    expect(run.convertedObjects.map((o) => [o.metadata.name, o.apiVersion, o.spec])).toEqual([
      ["demo", "examples.com/v1", v1.spec],
      ["demo", "examples.com/v1", v1.spec],
      ["other", "examples.com/v1", {}],
    ]);
  });

  it("round-trips without losing a field", async () => {
    const there = await runConverter(converter, { objects: [v1], desiredAPIVersion: "examples.com/v2" });
    const back = await runConverter(converter, { objects: there.convertedObjects, desiredAPIVersion: "examples.com/v1" });
    expect(back.convertedObjects).toEqual([v1]);
  });

  it("answers Failure with the converter's message for a version it does not know", async () => {
    const run = await runConverter(converter, { objects: [v1], desiredAPIVersion: "examples.com/v3" });
    expect(run.exitCode).toBe(0);
    expect(run.ok).toBe(false);
    expect(run.status).toBe("Failure");
    expect(run.message).toBe(
      "converting objects[0] (Pipeline demo, examples.com/v1) to examples.com/v3: cannot convert examples.com/v1 to examples.com/v3: this converter knows examples.com/v1 and examples.com/v2",
    );
    expect(run.error).toMatch(/^conversion webhook failed: converting objects\[0\]/);
  });

  it("gives the pipeline flight the v1 object it reads, from a v2 object a user wrote", async () => {
    const stored = await runConverter(converter, { objects: [v2], desiredAPIVersion: "examples.com/v1" });
    const flight = await runFlight(pipelineFlight, { input: stored.convertedObjects[0], clusterAccess: true });
    expect(flight).toSucceed();
    expect(flight).toContainResource({ kind: "Job", name: "demo-one" });
  });

  it("a flight that imports host functions cannot serve as a converter", async () => {
    const run = await runConverter(pipelineFlight, { objects: [v1], desiredAPIVersion: "examples.com/v2" });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/"k8s_lookup" is not exported in module "host".*flight build --converter/);
  });
});

describe("the two-version Pipeline Airway", () => {
  it("flight airway prints airway.yaml", () => {
    const bin = createRequire(import.meta.url)
      .resolve("@yoke-flight/cli/package.json")
      .replace(/package\.json$/, "bin/flight.js");
    const run = spawnSync(process.execPath, [bin, "airway", "airway.ts"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(readFileSync(`${dir}airway.yaml`, "utf8"));
  });

  it("serves v1 (storage) and v2 with the converter, each schema from its TypeScript type", async () => {
    const airway = (await import(`${dir}airway.ts`)).default as Airway;
    expect(airwayProblems(airway)).toEqual([]);
    expect(airway.spec.wasmUrls.converter).toMatch(/^oci:\/\//);
    const [one, two] = airway.spec.template.versions;
    expect([one!.name, one!.storage, two!.name, two!.storage]).toEqual(["v1", true, "v2", false]);
    expect(one!.schema.openAPIV3Schema).toEqual(schemaFrom({ file: `${dir}../pipeline/src/types.ts`, type: "Pipeline" }));
    expect(two!.schema.openAPIV3Schema).toEqual(schemaFrom({ file: `${dir}src/types.ts`, type: "PipelineV2" }));
  });
});
