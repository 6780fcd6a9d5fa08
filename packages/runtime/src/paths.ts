// Where the pre-initialised runtime, and the JavaScript prelude built into
// it, live inside this package.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const runtimeWasmPath = fileURLToPath(new URL("../runtime.wasm", import.meta.url));

/** The prelude (console, timers, codecs) the engine evaluates at start-up; the harness's in-process mode runs the same file. */
export const preludePath = fileURLToPath(new URL("../js/prelude.js", import.meta.url));

let prelude: string | undefined;

/** The prelude's source: a function expression taking the `__yoke` object and returning `{ formatError, nextTimer }`. */
export function loadPrelude(): string {
  return (prelude ??= readFileSync(preludePath, "utf8"));
}
