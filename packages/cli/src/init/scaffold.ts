// `flight init`: writes a new flight project from templates/flight, with a
// package.json whose versions match this CLI's release.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../command.js";

const TEMPLATE = fileURLToPath(new URL("../../templates/flight/", import.meta.url));

/** Third-party versions the template is tested with (kept equal to the workspace's by a test). */
export const TEMPLATE_DEPENDENCIES = { "kubernetes-models": "4.5.0" } as const;
export const TEMPLATE_DEV_DEPENDENCIES = { vitest: "4.1.12" } as const;

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
    dependencies: { ...ours("sdk"), ...TEMPLATE_DEPENDENCIES },
    devDependencies: { ...ours("cli"), ...ours("openapi"), ...ours("testing"), ...TEMPLATE_DEV_DEPENDENCIES },
  };
}

function templateFiles(root: string, sub = ""): string[] {
  return readdirSync(join(root, sub)).flatMap((entry) => {
    const rel = sub ? `${sub}/${entry}` : entry;
    return statSync(join(root, rel)).isDirectory() ? templateFiles(root, rel) : [rel];
  });
}

/** A valid npm package name from a directory name. */
function npmName(raw: string): string {
  const name = raw.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|[-]+$/g, "");
  return name || "my-flight";
}
