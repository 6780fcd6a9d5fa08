// Builds the test flights once per test process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { buildFlight, type BuildOptions } from "@yoke-flight/cli";

const dir = mkdtempSync(join(tmpdir(), "harness-flights-"));
// Imported by each test file (vitest isolates files): each removes its own copy.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const built = new Map<string, Promise<string>>();

/**
 * The path of flights/<name>.ts built to a .wasm (with its source map beside
 * it unless `sourcemap` says otherwise).
 */
export function flight(name: string, options: Pick<BuildOptions, "minify" | "sourcemap"> = {}): Promise<string> {
  const variant = [name, options.minify ? "min" : "", options.sourcemap ?? ""].filter(Boolean).join("-");
  let path = built.get(variant);
  if (!path) {
    const outFile = join(dir, `${variant}.wasm`);
    path = buildFlight({ entry: new URL(`./flights/${name}.ts`, import.meta.url).pathname, outFile, typecheck: false, ...options }).then(() => outFile);
    built.set(variant, path);
  }
  return path;
}
