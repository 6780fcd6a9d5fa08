// Making a module resettable: it exports, under reserved names, its memory and
// every mutable global it defines, so that one instance can run again once it
// is put back exactly as instantiation left it (kept-instances.ts). yoke
// instantiates afresh for every run (internal/wasi); a reset instance is
// indistinguishable from a fresh one only when the module's state is its
// memory and its globals, so a module is made resettable only when it has no
// start function (whose effects would happen once), imports no memory, table
// or global, and has no instruction that changes a table or drops a segment.
import { forEachInstruction, PREFIX_FC } from "./wasm/instructions.js";
import { ExternalKind, SectionId, WasmModule } from "./wasm/module.js";

const RESERVED = "yoke-flight-reset:";

/** The reserved export names: the memory, and `globalPrefix` + the index of each mutable global. */
export const RESET_EXPORTS = { memory: `${RESERVED}memory`, globalPrefix: `${RESERVED}global:` } as const;

const TABLE_SET = 0x26;
/** 0xFC sub-opcodes: data.drop, table.init, elem.drop, table.copy, table.grow, table.fill. */
const STATEFUL_FC = new Set([9, 12, 13, 14, 15, 17]);

/** Why an instance of the module could not be put back as instantiation left it; undefined when it can. */
export function whyNotResettable(module: WasmModule): string | undefined {
  if (module.section(SectionId.start)) return "it has a start function";
  const imported = module.imports().find((i) => i.kind !== ExternalKind.func);
  if (imported) return `it imports ${imported.module}.${imported.name}, which is not a function`;
  const memories = module.section(SectionId.memory);
  if (!memories || memories.payload[0] !== 1) return "it does not define exactly one memory";
  if (module.exports().some((e) => e.name.startsWith(RESERVED))) return "it already has reset exports";
  const importedFunctions = module.importedCount(ExternalKind.func);
  let found: string | undefined;
  module.codeBodies().forEach((body, i) => {
    forEachInstruction(body, i + importedFunctions, (op, sub) => {
      if (op === TABLE_SET || (op === PREFIX_FC && STATEFUL_FC.has(sub))) found ??= `function ${i + importedFunctions} changes a table or drops a segment`;
    });
  });
  return found;
}

/**
 * The module with reset exports added when an instance of it can be put back
 * as instantiation left it; otherwise (or when it cannot be decoded) the bytes
 * unchanged, which run with a fresh instance every time.
 */
export function withResetExports(bytes: Uint8Array): Uint8Array {
  let module: WasmModule;
  try {
    module = WasmModule.parse(bytes);
    if (whyNotResettable(module) !== undefined) return bytes;
  } catch {
    return bytes;
  }
  const memory = { name: RESET_EXPORTS.memory, kind: ExternalKind.memory, index: 0 };
  const globals = module
    .globals()
    .flatMap((g, index) => (g.mutable ? [{ name: `${RESET_EXPORTS.globalPrefix}${index}`, kind: ExternalKind.global, index }] : []));
  module.setExports([...module.exports(), memory, ...globals]);
  return module.emit();
}
