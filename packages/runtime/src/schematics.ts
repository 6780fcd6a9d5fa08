// yoke's schematics: metadata carried in a module's custom sections, read
// and written exactly as yokecd/yoke internal/wasm/module/module.go does.
//   yoke.schematics:<name>      the data itself (raw bytes)
//   yoke.schematics.cmd:<name>  a JSON array of args: `yoke schematics get`
//                               runs the module with argv ["schematics", ...args]
// Setting a name drops any section with that name under either prefix and
// appends the new one at the end. `yoke sign` stores its signature as the
// schematic "signature" and signs every other byte, so schematics must be
// set before signing.
import { isWasm } from "./module-file.js";
import { SectionId, WasmModule } from "./wasm/module.js";

export const PREFIX_SCHEMATICS = "yoke.schematics:";
export const PREFIX_SCHEMATICS_CMD = "yoke.schematics.cmd:";
/** The schematic `yoke sign` writes (internal/xcrypto: module.PrefixSchematics + "signature"). */
export const SIGNATURE_SCHEMATIC = "signature";

export type Schematic = { name: string; form: "data"; data: Uint8Array } | { name: string; form: "cmd"; args: string[] };

/** module.ValidatePreamble: the wasm magic number and version 1. */
export function validatePreamble(wasm: Uint8Array): void {
  if (wasm.length < 8 || !isWasm(wasm)) throw new Error("invalid wasm file");
  if (new DataView(wasm.buffer, wasm.byteOffset, 8).getUint32(4, true) !== 1) throw new Error("unsupported wasm version");
}

/** module.GetCustomSections: every schematics section by full name; a later section of the same name wins. */
function schematicSections(wasm: Uint8Array): Map<string, Uint8Array> {
  validatePreamble(wasm);
  const sections = new Map<string, Uint8Array>();
  for (const s of WasmModule.parse(wasm).sections) {
    if (s.id === SectionId.custom && s.name && cutPrefix(s.name)) sections.set(s.name, s.payload);
  }
  return sections;
}

function cutPrefix(fullName: string): { form: "data" | "cmd"; name: string } | undefined {
  if (fullName.startsWith(PREFIX_SCHEMATICS)) return { form: "data", name: fullName.slice(PREFIX_SCHEMATICS.length) };
  if (fullName.startsWith(PREFIX_SCHEMATICS_CMD)) return { form: "cmd", name: fullName.slice(PREFIX_SCHEMATICS_CMD.length) };
  return undefined;
}

/** yoke.ListSchematics: the names, sorted by their full section name (so command forms come first). */
export function listSchematics(wasm: Uint8Array): string[] {
  return [...schematicSections(wasm).keys()].sort(compareBytes).map((full) => cutPrefix(full)!.name);
}

/** The schematic `name` as stored: its data, or the args to run the module with. */
export function findSchematic(wasm: Uint8Array, name: string): Schematic | undefined {
  // yoke ranges over a Go map here; a module holds at most one form of a
  // name when it was written by yoke or by us, so the order does not matter.
  for (const [full, payload] of schematicSections(wasm)) {
    const cut = cutPrefix(full)!;
    if (cut.name !== name) continue;
    if (cut.form === "data") return { name, form: "data", data: payload };
    return { name, form: "cmd", args: decodeArgs(payload, name) };
  }
  return undefined;
}

/** module.WithCustomSectionData. */
export function withSchematicData(wasm: Uint8Array, name: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  if (data.length === 0) throw new Error(`schematic ${name}: no data for section`);
  return withSection(wasm, PREFIX_SCHEMATICS, name, data);
}

/** module.WithCustomSectionCMD: args stored as Go's json.Marshal writes them. */
export function withSchematicCmd(wasm: Uint8Array, name: string, args: string[]): Uint8Array<ArrayBuffer> {
  return withSection(wasm, PREFIX_SCHEMATICS_CMD, name, new TextEncoder().encode(goJSONStrings(args)));
}

function withSection(wasm: Uint8Array, prefix: string, name: string, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  validatePreamble(wasm);
  if (name === "") throw new Error("name of schematics property is required");
  const module = WasmModule.parse(wasm);
  module.sections = module.sections.filter((s) => !(s.id === SectionId.custom && s.name && cutPrefix(s.name)?.name === name));
  module.sections.push({ id: SectionId.custom, name: prefix + name, payload });
  return module.emit();
}

/** The args of a command form: a JSON array of strings (what yoke and `flight build` write). */
function decodeArgs(payload: Uint8Array, name: string): string[] {
  let args: unknown;
  try {
    args = JSON.parse(new TextDecoder().decode(payload));
  } catch (e) {
    throw new Error(`failed to decode schematic args: ${name}: ${(e as Error).message}`);
  }
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) {
    throw new Error(`failed to decode schematic args: ${name}: not an array of strings`);
  }
  return args as string[];
}

/** json.Marshal of a []string: <, >, & and U+2028/U+2029 escaped. */
function goJSONStrings(args: string[]): string {
  const escapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
  return JSON.stringify(args).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!);
}

/** Go's string order (bytewise), which slices.Sorted uses. */
function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}
