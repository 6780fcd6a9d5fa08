// Drops the code of functions nothing can reach. A flight's module has no
// compiler exports (link.ts removes compile-src and the like, as Javy's
// generated modules do), so their functions and what only they call (QuickJS's
// bytecode writer, about 5 KB) are dead: their bodies become `unreachable`.
// Reachable are the exports, the start function, the targets of indirect
// calls (element segments) and, transitively, whatever those call.
import { Reader } from "./bytes.js";
import { ExternalKind, SectionId, type WasmModule } from "./module.js";
import { elementFunctions, referencedFunctions } from "./function-indices.js";

/** A body with no locals whose only instruction is `unreachable`. */
const UNREACHABLE_BODY = Uint8Array.of(0x00, 0x00, 0x0b);

/** Replaces the body of every function no root reaches; returns how many bytes of code that saved. */
export function dropUnreachableFunctions(module: WasmModule): number {
  const imported = module.importedCount(ExternalKind.func);
  const bodies = module.codeBodies();
  const reached = new Set<number>();
  const pending: number[] = [
    ...module
      .exports()
      .filter((e) => e.kind === ExternalKind.func)
      .map((e) => e.index),
    ...elementFunctions(module),
  ];
  const start = module.section(SectionId.start);
  if (start) pending.push(new Reader(start.payload).u32());
  while (pending.length > 0) {
    const index = pending.pop()!;
    if (reached.has(index)) continue;
    reached.add(index);
    const body = bodies[index - imported];
    if (body) pending.push(...referencedFunctions(body, index));
  }
  let saved = 0;
  const kept = bodies.map((body, i) => {
    if (reached.has(i + imported) || body.length <= UNREACHABLE_BODY.length) return body;
    saved += body.length - UNREACHABLE_BODY.length;
    return UNREACHABLE_BODY;
  });
  module.setCodeBodies(kept);
  return saved;
}
