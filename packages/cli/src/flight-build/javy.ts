// `flight build --javy`: the same bundle, linked by the real Javy CLI with
// our runtime as its plugin (`javy build -C plugin=runtime.wasm`). Javy is
// an optional tool the user installs; we never download it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { BUNDLE_NAME, type FlightSourceMap, runtimeWasmPath } from "@yoke-flight/runtime";
import { UserError } from "../command.js";

/** The Javy CLI: $JAVY, then `javy` on PATH or in node_modules/.bin. */
export function findJavy(): string | undefined {
  if (process.env.JAVY) return existsSync(process.env.JAVY) ? process.env.JAVY : undefined;
  const dirs = [...(process.env.PATH ?? "").split(delimiter), join(process.cwd(), "node_modules", ".bin")];
  return dirs.map((d) => join(d, "javy")).find((p) => existsSync(p));
}

export async function buildWithJavy(code: string, outFile: string, sourceMap: FlightSourceMap): Promise<Uint8Array> {
  const javy = findJavy();
  if (!javy) {
    throw new UserError(
      "--javy needs the Javy CLI, and it was not found (looked at $JAVY, PATH and node_modules/.bin). " +
        "Install a release from https://github.com/bytecodealliance/javy/releases, or build without --javy: " +
        "the default linker produces the same kind of module without any native tool.",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "yoke-flight-javy-"));
  try {
    const js = join(dir, BUNDLE_NAME); // named as the runtime names the bundle it compiles
    writeFileSync(js, code);
    const run = spawnSync(javy, ["build", "-C", `plugin=${runtimeWasmPath}`, "-o", outFile, js], { encoding: "utf8" });
    if (run.error) throw new UserError(`could not run ${javy}: ${run.error.message}`);
    if (run.status !== 0) {
      throw new UserError(`javy build failed (exit ${run.status}):\n${sourceMap.rewrite(run.stderr || run.stdout)}`);
    }
    return readFileSync(outFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
