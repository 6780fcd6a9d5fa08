// Schematics in custom sections, by yoke's rules (yokecd/yoke
// internal/wasm/module/module.go): names sorted by full section name, one
// section per name whichever form, the new one appended at the end, args
// stored as Go's json.Marshal writes them.
import { describe, expect, it } from "vitest";
import {
  PREFIX_SCHEMATICS,
  PREFIX_SCHEMATICS_CMD,
  findSchematic,
  listSchematics,
  validatePreamble,
  withSchematicCmd,
  withSchematicData,
} from "@yoke-flight/runtime";
import { WasmModule } from "@yoke-flight/runtime/wasm";
import { buildJs } from "./helpers.js";

const flight = buildJs(`__yoke.write(1, "[]");`);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("schematics", () => {
  it("lists nothing for a module without schematics", () => {
    expect(listSchematics(flight)).toEqual([]);
  });

  it("stores data and command forms and reads them back", () => {
    let wasm = withSchematicData(flight, "readme", bytes("# hi\n"));
    wasm = withSchematicCmd(wasm, "version", ["--version", "<short>"]);
    expect(listSchematics(wasm)).toEqual(["version", "readme"]); // "yoke.schematics.cmd:" sorts before "yoke.schematics:"
    expect(findSchematic(wasm, "readme")).toEqual({ name: "readme", form: "data", data: bytes("# hi\n") });
    expect(findSchematic(wasm, "version")).toEqual({ name: "version", form: "cmd", args: ["--version", "<short>"] });
    expect(findSchematic(wasm, "missing")).toBeUndefined();
    const custom = WasmModule.parse(wasm)
      .sections.filter((s) => s.id === 0)
      .map((s) => s.name);
    expect(custom.slice(-2)).toEqual([`${PREFIX_SCHEMATICS}readme`, `${PREFIX_SCHEMATICS_CMD}version`]);
    expect(new TextDecoder().decode(WasmModule.parse(wasm).custom(`${PREFIX_SCHEMATICS_CMD}version`))).toBe('["--version","\\u003cshort\\u003e"]');
  });

  it("replaces a name in either form, and appends it at the end", () => {
    let wasm = withSchematicData(flight, "docs", bytes("one"));
    wasm = withSchematicData(wasm, "other", bytes("x"));
    wasm = withSchematicCmd(wasm, "docs", ["docs"]);
    const names = WasmModule.parse(wasm)
      .sections.filter((s) => s.id === 0)
      .map((s) => s.name);
    expect(names.filter((n) => n?.endsWith(":docs"))).toEqual([`${PREFIX_SCHEMATICS_CMD}docs`]);
    expect(names.at(-1)).toBe(`${PREFIX_SCHEMATICS_CMD}docs`);
    expect(findSchematic(wasm, "docs")).toEqual({ name: "docs", form: "cmd", args: ["docs"] });
  });

  it("leaves the module runnable", () => {
    const wasm = withSchematicData(flight, "readme", bytes("x"));
    expect(() => new WebAssembly.Module(wasm)).not.toThrow();
  });

  it("refuses what yoke refuses", () => {
    expect(() => withSchematicData(flight, "empty", new Uint8Array())).toThrow("schematic empty: no data for section");
    expect(() => withSchematicData(flight, "", bytes("x"))).toThrow("name of schematics property is required");
    expect(() => validatePreamble(bytes("not wasm"))).toThrow("invalid wasm file");
    expect(() => validatePreamble(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow("unsupported wasm version");
    const broken = WasmModule.parse(flight);
    broken.sections.push({ id: 0, name: `${PREFIX_SCHEMATICS_CMD}bad`, payload: bytes("not json") });
    expect(() => findSchematic(broken.emit(), "bad")).toThrow(/failed to decode schematic args: bad/);
  });
});
