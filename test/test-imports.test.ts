// The test-import rule of ARCHITECTURE.md ("Tests import packages by name"),
// checked on every test file: a test imports each package, its own included,
// by name (@yoke-flight/x or an exported subpath), as a user does; only a
// module the package does not export is imported from ../src; nothing from
// another package's folder or from any dist/ by path.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = readdirSync(join(ROOT, "packages"));
const SOURCE = /\.(ts|mts|cts|js|mjs)$/;

/** Every source file below dir, skipping node_modules, dist and built flights. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (["node_modules", "dist"].includes(entry)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return SOURCE.test(entry) ? [path] : [];
  });
}

/** What each `from "…"`, `import("…")`, `import "…"` and `new URL("…", import.meta.url)` names, with its line. */
function specifiers(file: string): { line: number; specifier: string }[] {
  const found: { line: number; specifier: string }[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|new URL\(\s*)["']([^"']+)["']/g)) {
        found.push({ line: i + 1, specifier: m[1]! });
      }
    });
  return found;
}

/** The package subpaths a package exports, keyed by the dist file they resolve to ("dist/go-duration.js" → "./go-duration"). */
function exportedFiles(pkg: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, "packages", pkg, "package.json"), "utf8"));
  const files = new Map<string, string>();
  for (const [subpath, target] of Object.entries<string | Record<string, string>>(manifest.exports ?? {})) {
    const file = typeof target === "string" ? target : target.default;
    if (file) files.set(file.replace(/^\.\//, ""), subpath);
  }
  return files;
}

/** Why this import breaks the rule, or undefined. */
function problem(file: string, specifier: string): string | undefined {
  // Packages by name; data files (a .wasm, the C source an ABI test reads) by path.
  if (!specifier.startsWith(".") || /\.(?!(ts|js|mjs)$)[a-z]+$/.test(specifier)) return undefined;
  const target = resolve(dirname(file), specifier);
  const [top, pkg, folder, ...rest] = relative(ROOT, target).split(sep);
  const own = relative(ROOT, file).split(sep);
  const inPackageTest = own[0] === "packages" && own[2] === "test";
  if (top !== "packages" || !pkg || !PACKAGES.includes(pkg)) return undefined;
  const name = `@yoke-flight/${pkg}`;
  if (!inPackageTest || own[1] !== pkg) return `import ${name} by name, not by a path into packages/${pkg}`;
  if (folder === "dist") return `import ${name} (its dist, through the package's exports), not ../dist`;
  if (folder === "src") {
    const subpath = exportedFiles(pkg).get(["dist", ...rest].join("/").replace(/\.ts$/, ".js"));
    if (subpath) return `import ${subpath === "." ? name : `${name}/${subpath.slice(2)}`}: the package exports it`;
  }
  return undefined;
}

describe("tests import packages by name", () => {
  const roots = [...PACKAGES.map((p) => join(ROOT, "packages", p, "test")), join(ROOT, "examples"), join(ROOT, "test")];
  const files = roots.flatMap((dir) => (statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? sources(dir) : []));

  it("finds the test files", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("no test imports a package's dist by path, another package's folder, or ../src for what the package exports", () => {
    const broken = files.flatMap((file) =>
      specifiers(file).flatMap(({ line, specifier }) => {
        const why = problem(file, specifier);
        return why ? [`${relative(ROOT, file)}:${line}: "${specifier}": ${why}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("names what breaks the rule, with file and line", () => {
    const inCli = join(ROOT, "packages/cli/test/x.test.ts");
    expect(problem(inCli, "../dist/index.js")).toBe("import @yoke-flight/cli (its dist, through the package's exports), not ../dist");
    expect(problem(inCli, "../src/index.js")).toBe("import @yoke-flight/cli: the package exports it");
    expect(problem(inCli, "../src/diff-output.js")).toBeUndefined();
    expect(problem(inCli, "../../runtime/src/index.js")).toBe("import @yoke-flight/runtime by name, not by a path into packages/runtime");
    expect(problem(join(ROOT, "packages/openapi/test/x.test.ts"), "../src/go-duration.js")).toBe(
      "import @yoke-flight/openapi/go-duration: the package exports it",
    );
    expect(problem(join(ROOT, "test/harness/x.test.ts"), "../../packages/testing/src/pool.js")).toBe(
      "import @yoke-flight/testing by name, not by a path into packages/testing",
    );
    expect(problem(join(ROOT, "examples/app/test/flight.test.ts"), "../dist/flight.wasm")).toBeUndefined();
    expect(problem(join(ROOT, "packages/testing/test/x.test.ts"), "../../runtime/c/host_abi.c")).toBeUndefined();
  });
});
