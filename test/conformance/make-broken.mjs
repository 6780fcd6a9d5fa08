#!/usr/bin/env node
// Builds flights whose ABI is wrong in one place each, from dist/lookup.wasm,
// to prove the conformance suite notices: yoke (and the harness) must fail
// on every one of them.
import { readFileSync, writeFileSync } from "node:fs";
import { Reader, WasmModule, Writer } from "@yoke-flight/runtime/wasm";

const source = new URL("./dist/lookup.wasm", import.meta.url);
const out = (name) => new URL(`./dist/broken-${name}.wasm`, import.meta.url);
const fresh = () => WasmModule.parse(readFileSync(source));
const FUNC = 0;

// 1. The `malloc` export renamed (one byte): the host cannot allocate its answer.
{
  const m = fresh();
  m.setExports(m.exports().map((e) => (e.name === "malloc" ? { ...e, name: "mallod" } : e)));
  writeFileSync(out("malloc-export"), m.emit());
}

// 2. The host import renamed (one byte): the module cannot be instantiated.
{
  const m = fresh();
  m.setImports(m.imports().map((i) => (i.name === "k8s_lookup" ? { ...i, name: "k8s_lookuq" } : i)));
  writeFileSync(out("import-name"), m.emit());
}

// 3. The last parameter of host.k8s_lookup declared i32 instead of i64 (one byte of its type).
{
  const m = fresh();
  const imports = m.imports();
  const lookup = imports.find((i) => i.name === "k8s_lookup");
  const types = m.types();
  const original = types[new Reader(lookup.desc).u32()];
  types.push({ params: [...original.params.slice(0, -1), 0x7f], results: original.results });
  m.setTypes(types);
  m.setImports(imports.map((i) => (i === lookup ? { ...i, desc: new Writer().u32(types.length - 1).finish() } : i)));
  writeFileSync(out("import-type"), m.emit());
}

// 4. `malloc` answers with a buffer far outside memory: the host cannot write its answer.
{
  const m = fresh();
  const index = m.exportedFunction("malloc") - m.importedCount(FUNC);
  const body = new Writer()
    .u32(0)
    .byte(0x42)
    .sleb(0xffffff00n)
    .byte(0x42)
    .sleb(32n)
    .byte(0x86) // i64.const 0xffffff00; i64.const 32; i64.shl
    .byte(0x20)
    .u32(0)
    .byte(0xad)
    .byte(0x84) // local.get 0; i64.extend_i32_u; i64.or
    .byte(0x0b)
    .finish();
  const bodies = m.codeBodies();
  bodies[index] = body;
  m.setCodeBodies(bodies);
  writeFileSync(out("malloc-pointer"), m.emit());
}
console.log("broken flights: malloc-export, import-name, import-type, malloc-pointer");
