// What `flight build` adds to a linked module so yoke can package it:
// schematics (custom sections read by `yoke schematics`, written as
// yokecd/yoke internal/wasm/module/module.go writes them) and a gzipped copy
// (yoke loads .gz files and URLs, pkg/yoke/wasm.go). Signing (`yoke sign`)
// comes after both: its signature covers every other byte of the module.
import { writeFileSync } from "node:fs";
import { functionImports, gzipModule, withSchematicCmd, withSchematicData, HOST_MODULE } from "@yoke-flight/runtime";

/** A schematic to embed: data as is (`yoke.schematics:<name>`), or args to run the module with (`yoke.schematics.cmd:<name>`). */
export type SchematicSpec = { name: string; data: Uint8Array } | { name: string; args: string[] };

export function withSchematics(wasm: Uint8Array, schematics: SchematicSpec[]): Uint8Array {
  let out = wasm;
  for (const s of schematics) out = "data" in s ? withSchematicData(out, s.name, s.data) : withSchematicCmd(out, s.name, s.args);
  return out;
}

/** Writes `<outFile>.gz` and returns its path and size. */
export function writeGzip(outFile: string, wasm: Uint8Array): { file: string; size: number } {
  const gz = gzipModule(wasm);
  const file = `${outFile}.gz`;
  writeFileSync(file, gz);
  return { file, size: gz.length };
}

/** A converter must import nothing from `host`: the ATC gives it no host functions. */
export function assertNoHostImports(wasm: Uint8Array): void {
  const host = functionImports(wasm).filter((name) => name.startsWith(`${HOST_MODULE}.`));
  if (host.length) throw new Error(`internal error: the converter still imports ${host.join(", ")}`);
}
