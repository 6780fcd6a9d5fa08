// Reading a built flight module for `flight run`: a missing, empty, textual,
// truncated or otherwise broken file is named in one line with what to do,
// before anything tries to run it (yoke says "failed to compile module").
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { WASM_MAGIC, isGzipPath, isScriptPath, isWasm, unpackModule, type ModuleBytesProblem } from "@yoke-flight/runtime";
import { UserError } from "./command.js";

const REBUILD = "rebuild it with 'flight build <entry.ts>'";

/** The module's bytes; a UserError (exit 1) naming the file and the problem when they are not a WebAssembly module. */
export function readFlightModule(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: ${fileProblem(e as NodeJS.ErrnoException)}`);
  }
  // A path ending in .gz is gunzipped, as yoke's loadFile does (pkg/yoke/wasm.go).
  const module = unpackModule(bytes, isGzipPath(path));
  if (module.problem) throw new UserError(`${path} ${problemText(path, module.problem)}`);
  if (!WebAssembly.validate(module.bytes)) {
    throw new UserError(`${path} is not a valid WebAssembly module (${compileProblem(module.bytes)}; ${module.bytes.length} bytes): ${REBUILD}`);
  }
  return module.bytes;
}

function problemText(path: string, problem: ModuleBytesProblem): string {
  switch (problem.kind) {
    case "not-gzip":
      return `is not a gzip file (${problem.detail}): ${REBUILD} --gzip`;
    case "empty":
      return `is empty (0 bytes), not a WebAssembly module: ${REBUILD}`;
    case "not-wasm":
      return `is not a WebAssembly module (it does not start with the bytes \\0asm): ${isScriptPath(path) ? `build it first: flight build ${path}` : REBUILD}`;
  }
}

/** What is wrong with reading a file, in words: "no such file", "is a directory", ... */
export function fileProblem(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return e.message;
  }
}

function compileProblem(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return "it does not validate";
  } catch (e) {
    return (e as Error).message.replace(/^WebAssembly\.Module\(\): /, "");
  }
}

/**
 * What is wrong with a TypeScript source path given on the command line
 * (`flight build`, `schema`, `airway`), or undefined when it is a file.
 */
export function sourceFileProblem(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    return fileProblem(e as NodeJS.ErrnoException);
  }
  if (stat.isDirectory()) return "is a directory; give the TypeScript file, e.g. src/flight.ts";
  if (!stat.isFile()) return "is not a regular file";
  if (/\.wasm$/.test(path) || isWasm(head(path, WASM_MAGIC.length))) {
    return "is a WebAssembly module, not TypeScript: this command takes a .ts file ('flight run' runs a module)";
  }
  if (isBinary(path)) return "holds binary data, not TypeScript source text";
  return undefined;
}

function head(path: string, length: number): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** A NUL byte or invalid UTF-8 in the first 8 KiB (a sequence cut at the end is fine). */
function isBinary(path: string): boolean {
  const start = head(path, 8192);
  if (start.includes(0)) return true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(start, { stream: true }); // stream: a cut sequence at the end is no error
    return false;
  } catch {
    return true;
  }
}
