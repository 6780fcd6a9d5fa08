// `flight init`: writes a new flight project from templates/flight, with a
// package.json whose versions match this CLI's release.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../command.js";

const TEMPLATE = fileURLToPath(new URL("../../templates/flight/", import.meta.url));

/** Third-party packages the template uses, pinned to the workspace's pnpm catalog. */
export const TEMPLATE_DEPENDENCIES = ["kubernetes-models"] as const;
export const TEMPLATE_DEV_DEPENDENCIES = ["vitest"] as const;
/** The catalog (pnpm-workspace.yaml), copied into dist by this package's build (scripts/copy-catalog.mjs). */
const CATALOG = new URL("../../dist/catalog.json", import.meta.url);

/** Files in the template named so npm does not treat them specially when packing. */
const RENAMED: Record<string, string> = { gitignore: ".gitignore" };

export interface ScaffoldOptions {
  dir: string;
  name?: string;
  force?: boolean;
}

export function scaffold(options: ScaffoldOptions): string[] {
  const dir = resolve(options.dir);
  const name = npmName(options.name ?? basename(dir));
  const files = templateFiles(TEMPLATE).map((rel) => ({ rel, target: join(dir, RENAMED[rel] ?? rel) }));
  const packageJson = join(dir, "package.json");

  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UserError(`${relative(process.cwd(), dir)} exists and is not a directory: give a new or empty directory`);
  }
  const clashes = [packageJson, ...files.map((f) => f.target)].filter((f) => existsSync(f));
  if (clashes.length && !options.force) {
    throw new UserError(
      `${relative(process.cwd(), dir) || "."} already has ${clashes.map((c) => relative(dir, c)).join(", ")}; ` +
        "choose an empty directory or pass --force to overwrite",
    );
  }

  mkdirSync(dir, { recursive: true });
  for (const { rel, target } of files) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(join(TEMPLATE, rel), "utf8").replaceAll("{{name}}", name));
  }
  writeFileSync(packageJson, JSON.stringify(manifest(name), null, 2) + "\n");
  return ["package.json", ...files.map((f) => relative(dir, f.target))].sort();
}

function manifest(name: string) {
  const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  const ours = (pkg: string) => ({ [`@yoke-flight/${pkg}`]: `^${version}` });
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      build: "flight build src/flight.ts -o dist/flight.wasm",
      pretest: "flight build src/flight.ts -o dist/flight.wasm --quiet",
      test: "vitest run",
      airway: "flight airway airway.ts",
    },
    dependencies: { ...ours("sdk"), ...catalogVersions(TEMPLATE_DEPENDENCIES) },
    devDependencies: { ...ours("cli"), ...ours("openapi"), ...ours("testing"), ...catalogVersions(TEMPLATE_DEV_DEPENDENCIES) },
  };
}

/** The versions the workspace's catalog pins for these packages. */
export function catalogVersions(names: readonly string[]): Record<string, string> {
  const catalog = JSON.parse(readFileSync(CATALOG, "utf8")) as Record<string, string>;
  return Object.fromEntries(
    names.map((name) => {
      if (!catalog[name]) throw new Error(`${fileURLToPath(CATALOG)} has no version for ${name}: add it to the catalog in pnpm-workspace.yaml`);
      return [name, catalog[name]];
    }),
  );
}

function templateFiles(root: string, sub = ""): string[] {
  return readdirSync(join(root, sub)).flatMap((entry) => {
    const rel = sub ? `${sub}/${entry}` : entry;
    return statSync(join(root, rel)).isDirectory() ? templateFiles(root, rel) : [rel];
  });
}

/** A valid npm package name from a directory name. */
function npmName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[-]+$/g, "");
  return name || "my-flight";
}
