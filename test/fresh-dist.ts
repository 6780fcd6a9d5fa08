// vitest globalSetup: tests import the packages by name, that is their built
// dist/ (see "Tests import packages by name" in ARCHITECTURE.md), so first
// bring every package's dist up to date with its src: `tsc -b` of
// tsconfig.build.json, incremental (about 0.5 s when nothing changed). A test
// run straight after editing a package's source never sees yesterday's build.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const build = spawnSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) {
    process.exitCode = 1;
    throw new Error(`the packages do not build (tsc -b tsconfig.build.json):\n${build.stdout}${build.stderr}`);
  }
}
