// `flight init`: what it writes, what it refuses, and a template that stays
// in step with the workspace (the e2e test installs and runs it for real).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { TEMPLATE_DEPENDENCIES, TEMPLATE_DEV_DEPENDENCIES } from "../src/init/scaffold.js";
import { flight } from "./cli.js";

const root = new URL("../../../", import.meta.url).pathname;
const made: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "flight-init-test-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("flight init", () => {
  it("writes a project with build, test and airway scripts, named after the directory", () => {
    const dir = join(fresh(), "My Flight");
    const run = flight(["init", dir]);
    expect(run.exitCode).toBe(0);
    for (const f of ["package.json", "tsconfig.json", ".gitignore", "README.md", "airway.ts", "src/flight.ts", "src/types.ts", "test/flight.test.ts"]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(manifest.name).toBe("my-flight");
    expect(Object.keys(manifest.scripts)).toEqual(["build", "pretest", "test", "airway"]);
    expect(manifest.devDependencies["@yoke-flight/cli"]).toBe(`^${JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8")).version}`);
    expect(readFileSync(join(dir, "airway.ts"), "utf8")).toContain("oci://registry.example.com/my-flight:v0.1.0");
    expect(run.stdout).toContain("npm install\n  npm run build\n  npm test");
  });

  it("refuses to overwrite unless --force, and takes --name", () => {
    const dir = fresh();
    writeFileSync(join(dir, "package.json"), "{}");
    const refused = flight(["init", dir]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/already has package\.json.*pass --force to overwrite/);
    expect(flight(["init", dir, "--force", "--name", "backend"]).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name).toBe("backend");
    expect(flight(["init", "a", "b"]).exitCode).toBe(2);
  });

  it("pins third-party versions from the workspace's pnpm catalog, which the workspace builds with", () => {
    const catalog = (yaml.load(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { catalog: Record<string, string> }).catalog;
    const sdk = JSON.parse(readFileSync(join(root, "packages/sdk/package.json"), "utf8"));
    const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(sdk.dependencies["kubernetes-models"]).toBe("catalog:");
    expect(rootManifest.devDependencies.vitest).toBe("catalog:");
    const dir = fresh();
    expect(flight(["init", dir]).exitCode).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const name of TEMPLATE_DEPENDENCIES) expect(written.dependencies[name], name).toBe(catalog[name]);
    for (const name of TEMPLATE_DEV_DEPENDENCIES) expect(written.devDependencies[name], name).toBe(catalog[name]);
    expect(Object.keys(written.dependencies)).toEqual(["@yoke-flight/sdk", "kubernetes-models"]);
  });

  it("every command has --help", () => {
    for (const command of ["build", "run", "schema", "airway", "init"]) {
      const run = flight([command, "--help"]);
      expect(run.exitCode, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`^Usage: flight ${command}[\\s\\S]*Exit codes:`));
    }
    expect(flight(["--help"]).stdout).toContain("Exit codes: 0 success, 1 failure");
  });
});
