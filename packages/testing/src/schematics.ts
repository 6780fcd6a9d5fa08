// Reading a module's schematics as `yoke schematics ls|get` does
// (yokecd/yoke pkg/yoke/yoke_schematics.go): names from the custom sections,
// data returned as stored, and a command form run as yoke runs it: argv
// ["schematics", ...args], no stdin, no env, host functions without cluster
// access, yoke's 10 s timeout.
import { findSchematic, listSchematics } from "@yoke-flight/runtime";
import { compiledModule, loadFlight, type ModuleSource } from "./flight-module.js";
import { timeoutExceeded } from "./messages.js";
import { TimeoutError, runStandalone } from "./pool.js";

export interface SchematicsListing {
  /** `yoke schematics ls`: every name, in yoke's order. */
  names: string[];
}

/** The names `yoke schematics ls` prints for the module. */
export function readSchematics(module: ModuleSource): SchematicsListing {
  return { names: listSchematics(loadFlight(module, "readSchematics").bytes) };
}

/** What `yoke schematics get <name>` prints; rejects with yoke's message when it fails. */
export async function getSchematic(module: ModuleSource, name: string, options: { timeoutMs?: number } = {}): Promise<Uint8Array> {
  const loaded = loadFlight(module, "getSchematic");
  const schematic = findSchematic(loaded.bytes, name);
  if (!schematic) throw new Error(`schematics property not found: ${name}`);
  if (schematic.form === "data") return schematic.data;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fail = (why: string) => new Error(`failed to execute schematics: ${name}: ${why}`);
  let job;
  try {
    job = await runStandalone(compiledModule(loaded), { args: ["schematics", ...schematic.args], stdin: "", release: "schematics" }, timeoutMs);
  } catch (e) {
    if (e instanceof TimeoutError) throw fail(timeoutExceeded(timeoutMs));
    throw e;
  }
  const stderr = loaded.sourceMap ? loaded.sourceMap.rewrite(job.stderr) : job.stderr;
  if (job.crash) throw fail(`${job.crash}${stderr ? `\n${stderr}` : ""}`);
  if (job.exitCode !== 0) throw fail(stderr.trim() || "(no output captured on stderr)");
  return new TextEncoder().encode(job.stdout);
}
