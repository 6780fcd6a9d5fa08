// Builds the test flights once per test process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { buildFlight } from "@yoke-flight/cli";

const dir = mkdtempSync(join(tmpdir(), "harness-flights-"));
// Imported by each test file (vitest isolates files): each removes its own copy.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const built = new Map<string, Promise<string>>();

/** The path of flights/<name>.ts built to a .wasm (with its source map beside it). */
export function flight(name: string): Promise<string> {
  let path = built.get(name);
  if (!path) {
    const outFile = join(dir, `${name}.wasm`);
    path = buildFlight({ entry: new URL(`./flights/${name}.ts`, import.meta.url).pathname, outFile, typecheck: false }).then(() => outFile);
    built.set(name, path);
  }
  return path;
}
