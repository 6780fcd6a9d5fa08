// The path a user takes from `npm install` to a working flight, outside the
// workspace and without workspace links: pack every package, install the
// tarballs with npm into a fresh directory, `flight init`, `npm run build`,
// `npm test`, and run the built flight.wasm.
//
// setup.sh runs this once online to fill .cache/npm; the e2e test then runs
// it with --offline, so it passes on a machine without network.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const NPM_CACHE = join(ROOT, ".cache", "npm");
export const PACKAGES = ["runtime", "sdk", "cli", "testing", "openapi"];

function sh(cmd, args, options) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: [options?.input === undefined ? "ignore" : "pipe", "pipe", "pipe"], ...options });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed in ${options?.cwd ?? process.cwd()} (exit ${e.status}):\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** `pnpm pack` of every publishable package; returns the tarball paths. */
export function packAll(dir) {
  for (const name of PACKAGES) sh("pnpm", ["pack", "--pack-destination", dir], { cwd: join(ROOT, "packages", name) });
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tgz"))
    .map((f) => join(dir, f));
}

/**
 * Runs the whole flow in a new temporary directory; returns what each step
 * printed, and the directory (the caller removes it).
 */
export function runFlow({ offline }) {
  const work = mkdtempSync(join(tmpdir(), "yoke-flight-e2e-"));
  const packs = join(work, "packs");
  mkdirSync(packs);
  const tarballs = packAll(packs);
  const npm = (cwd, ...args) =>
    sh("npm", [...args, "--cache", NPM_CACHE, "--no-audit", "--no-fund", "--loglevel=error", ...(offline ? ["--offline"] : [])], {
      cwd,
      env: { ...process.env, npm_config_update_notifier: "false", CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    });

  // A first install gives us the `flight` command, as `npx` would.
  const tool = join(work, "tool");
  mkdirSync(tool);
  writeFileSync(join(tool, "package.json"), '{ "private": true }\n');
  npm(tool, "install", ...tarballs);
  const init = sh(process.execPath, [join(tool, "node_modules", "@yoke-flight", "cli", "bin", "flight.js"), "init", "project"], { cwd: work });

  const project = join(work, "project");
  npm(project, "install", ...tarballs);
  const build = npm(project, "run", "build");
  const test = npm(project, "test");
  const run = sh(process.execPath, [join(project, "node_modules", "@yoke-flight", "cli", "bin", "flight.js"), "run", "dist/flight.wasm", "--input", "-"], {
    cwd: project,
    input: JSON.stringify({ apiVersion: "examples.com/v1", kind: "Backend", metadata: { name: "api", namespace: "default" }, spec: { image: "nginx:1.27" } }),
  });
  return { work, project, init, build, test, run };
}

export function cleanup(work) {
  rmSync(work, { recursive: true, force: true });
}
