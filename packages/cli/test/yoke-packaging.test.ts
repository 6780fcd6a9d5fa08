// What yoke packages and reads besides a flight: converter modules
// (`--converter`), schematics (`--schematic`, `--schematic-cmd`, `--schema`,
// `flight schematics`) and gzipped modules (`--gzip`, `flight run x.wasm.gz`),
// each on a module the real `flight` command built.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionImports, listSchematics } from "@yoke-flight/runtime";
import { getSchematic, runConverter, runFlight } from "@yoke-flight/testing";
import { flight } from "./cli.js";

const out = mkdtempSync(join(tmpdir(), "flight-yoke-packaging-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("flight build --converter", () => {
  const converter = join(out, "converter.wasm");
  beforeAll(() => {
    const built = flight(["build", "--no-typecheck", "converter.ts", "--converter", "-o", converter, "-q"]);
    expect(built.stderr).toBe("");
    expect(built.exitCode).toBe(0);
  });

  it("imports nothing from host, only WASI", () => {
    expect(functionImports(readFileSync(converter)).every((i) => i.startsWith("wasi_snapshot_preview1."))).toBe(true);
  });

  it("gives the same bytes for the same sources", () => {
    flight(["build", "--no-typecheck", "converter.ts", "--converter", "-o", join(out, "converter-2.wasm"), "-q"]);
    expect(readFileSync(join(out, "converter-2.wasm")).equals(readFileSync(converter))).toBe(true);
  });

  it("answers a ConversionReview as the ATC runs it", async () => {
    const v1 = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 3 } };
    const run = await runConverter(converter, { objects: [v1], desiredAPIVersion: "example.com/v2" });
    expect(run.error).toBeUndefined();
    expect(run.convertedObjects).toEqual([{ ...v1, apiVersion: "example.com/v2", spec: { replicas: 3 } }]);
  });

  it("refuses --javy with it", () => {
    const built = flight(["build", "--no-typecheck", "converter.ts", "--converter", "--javy", "-o", join(out, "x.wasm")]);
    expect(built.exitCode).toBe(1);
    expect(built.stderr).toContain("--javy cannot be combined with --converter");
  });
});

describe("flight build --schematic, --schematic-cmd, --schema; flight schematics", () => {
  const wasm = join(out, "schematics.wasm");
  const readme = join(out, "README.md");
  beforeAll(() => {
    writeFileSync(readme, "# Widget\n");
    const built = flight([
      "build",
      "--no-typecheck",
      "schematics.ts",
      "-o",
      wasm,
      "-q",
      `--schematic=readme=${readme}`,
      "--schematic-cmd",
      "version",
      "--schematic-cmd",
      "docs=--docs,short",
      "--schematic-cmd",
      "fail",
      "--schema",
      "airways/object-path.ts",
    ]);
    expect(built.stderr).toBe("");
    expect(built.exitCode).toBe(0);
  });

  it("lists them as yoke schematics ls does", () => {
    expect(listSchematics(readFileSync(wasm))).toEqual(["docs", "fail", "version", "readme", "schema"]);
    const ls = flight(["schematics", wasm]);
    expect(ls.exitCode).toBe(0);
    expect(ls.stdout).toBe("docs\nfail\nversion\nreadme\nschema\n");
  });

  it("prints data as stored, and runs command forms with argv [schematics, ...args]", async () => {
    expect(flight(["schematics", wasm, "readme"]).stdout).toBe("# Widget\n");
    expect(flight(["schematics", wasm, "version"]).stdout).toBe("1.0.0\n");
    expect(text(await getSchematic(wasm, "docs"))).toBe("docs for short\n");
  });

  it("embeds the Airway's input schema, narrowed to its objectPath", () => {
    const schema = JSON.parse(flight(["schematics", wasm, "schema"]).stdout);
    expect(schema).toEqual({ type: "object", required: ["size"], properties: { size: { type: "number" } } });
  });

  it("fails with yoke's messages for a missing name and a failing command form", () => {
    const missing = flight(["schematics", wasm, "nope"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("schematics property not found: nope");
    const failing = flight(["schematics", wasm, "fail"]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/failed to execute schematics: fail: .*no docs/s);
  });

  it("still runs as a flight", async () => {
    const run = await runFlight(wasm, { input: { apiVersion: "x/v1", kind: "X", metadata: { name: "n" } } });
    expect(run.resources).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "n" } }]);
  });

  it("reports bad flags clearly", () => {
    expect(flight(["build", "--no-typecheck", "ok.ts", "--schematic", "noeq", "-o", join(out, "x.wasm")])).toMatchObject({ exitCode: 2 });
    const missing = flight(["build", "--no-typecheck", "ok.ts", "--schematic", "a=/no/such/file", "-o", join(out, "x.wasm")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("--schematic a=/no/such/file: no such file /no/such/file");
    expect(flight(["build", "--no-typecheck", "ok.ts", "--schematic-cmd", "a", "--schematic-cmd", "a", "-o", join(out, "x.wasm")]).stderr).toContain(
      "the schematic a is given twice",
    );
  });
});

describe("flight build --gzip", () => {
  const wasm = join(out, "gz", "flight.wasm");
  let built: ReturnType<typeof flight>;
  beforeAll(() => {
    built = flight(["build", "--no-typecheck", "ok.ts", "-o", wasm, "--gzip"]);
    expect(built.exitCode).toBe(0);
  });

  it("writes flight.wasm.gz, decompressing to flight.wasm, and prints the checksum yoke checks", () => {
    const module = readFileSync(wasm);
    expect(gunzipSync(readFileSync(`${wasm}.gz`)).equals(module)).toBe(true);
    expect(built.stdout).toContain(`sha256 (decompressed, as yoke checks it) ${createHash("sha256").update(module).digest("hex")}`);
  });

  it("gives the same .gz bytes for the same sources", () => {
    const again = join(out, "gz2", "flight.wasm");
    flight(["build", "--no-typecheck", "ok.ts", "-o", again, "--gzip", "-q"]);
    expect(readFileSync(`${again}.gz`).equals(readFileSync(`${wasm}.gz`))).toBe(true);
  });

  it("runs from the .gz with runFlight and flight run, errors mapped through flight.wasm.map", async () => {
    const cr = { apiVersion: "x/v1", kind: "X", metadata: { name: "gz" } };
    const run = await runFlight(`${wasm}.gz`, { input: cr });
    expect(run.resources).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gz" }, data: { greeting: "hello" } }]);
    writeFileSync(join(out, "cr.json"), JSON.stringify(cr));
    const cli = flight(["run", `${wasm}.gz`, "--input", join(out, "cr.json")]);
    expect(cli.exitCode).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(run.resources);
    const thrown = join(out, "gz", "throws.wasm");
    flight(["build", "--no-typecheck", "throws.ts", "-o", thrown, "--gzip", "-q"]);
    const failed = await runFlight(`${thrown}.gz`, { input: cr });
    expect(failed.ok).toBe(false);
    expect(failed.stderr).toContain("throws.ts:");
  });
});
