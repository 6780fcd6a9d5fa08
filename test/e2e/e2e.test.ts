// From npm install to a working flight, as a user gets there: packed
// tarballs installed with npm in a directory outside the workspace, offline
// (setup.sh filled .cache/npm), then flight init, npm run build, npm test,
// flight run; and a runtime error reported at the author's TypeScript line.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module shared with warm-cache.mjs
import { NPM_CACHE, cleanup, runFlow } from "./flow.mjs";

type Flow = { work: string; project: string; init: string; build: string; test: string; run: string };
let flow: Flow;

describe("npm install → flight init → build → test → run, offline", () => {
  beforeAll(() => {
    if (!existsSync(NPM_CACHE)) throw new Error(`${NPM_CACHE} is missing: run ./scripts/setup.sh (it fills the npm cache this offline test installs from)`);
    flow = runFlow({ offline: true });
  }, 300_000);
  afterAll(() => flow && cleanup(flow.work));

  it("installs real packages, not workspace links, with the prebuilt runtime and type declarations", () => {
    const modules = join(flow.project, "node_modules", "@yoke-flight");
    for (const name of ["cli", "sdk", "runtime", "testing", "openapi"]) {
      expect(lstatSync(join(modules, name)).isSymbolicLink()).toBe(false);
      const manifest = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
      expect(JSON.stringify(manifest)).not.toContain("workspace:");
      expect(existsSync(join(modules, name, "dist", "index.d.ts"))).toBe(true);
    }
    expect(lstatSync(join(modules, "runtime", "runtime.wasm")).size).toBeGreaterThan(500_000);
  });

  it("flight init writes the project", () => {
    for (const f of ["airway.ts", "package.json", "src/flight.ts", "src/types.ts", "test/flight.test.ts", "tsconfig.json", ".gitignore"]) {
      expect(flow.init).toContain(f);
      expect(existsSync(join(flow.project, f))).toBe(true);
    }
  });

  it("npm run build writes dist/flight.wasm under 1 MB", () => {
    expect(flow.build).toMatch(/dist\/flight\.wasm\s+\d+(\.\d+)? KB/);
    expect(lstatSync(join(flow.project, "dist", "flight.wasm")).size).toBeLessThan(1024 * 1024);
  });

  it("npm test passes the scaffolded tests", () => {
    expect(flow.test.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/Tests\s+4 passed/);
  });

  it("flight run gives the Deployment and Service", () => {
    const kinds = (JSON.parse(flow.run) as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(["Backend", "Deployment", "Service"]);
  });

  it("npm run airway prints the Airway with the schema from src/types.ts", () => {
    const yaml = execFileSync("npm", ["run", "--silent", "airway"], { cwd: flow.project, encoding: "utf8" });
    expect(yaml).toContain("name: backends.examples.com");
    expect(yaml).toMatch(/port:\n\s+description: Port the container listens on\.\n\s+type: integer\n\s+default: 8080\n\s+maximum: 65535\n\s+minimum: 1/);
  });

  it("a flight that throws is reported at its TypeScript line by flight run", () => {
    const entry = join(flow.project, "src", "flight.ts");
    const source = readFileSync(entry, "utf8");
    writeFileSync(entry, source.replace("const port =", 'if (!backend.spec.image.includes(":")) throw new Error("spec.image needs a tag");\nconst port ='));
    const line =
      readFileSync(entry, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("needs a tag")) + 1;
    execFileSync("npm", ["run", "--silent", "build"], { cwd: flow.project, encoding: "utf8" });
    let stderr = "";
    try {
      execFileSync(process.execPath, ["node_modules/@yoke-flight/cli/bin/flight.js", "run", "dist/flight.wasm", "--input", "-"], {
        cwd: flow.project,
        input: '{"apiVersion":"examples.com/v1","kind":"Backend","metadata":{"name":"api"},"spec":{"image":"nginx"}}',
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      stderr = (e as { stderr: string }).stderr;
    }
    expect(stderr).toContain("flight run: the flight failed: Error: spec.image needs a tag");
    expect(stderr).toMatch(new RegExp(`at <anonymous> \\(src/flight\\.ts:${line}:\\d+\\)`));
  });
});
