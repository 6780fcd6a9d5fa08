// Builds flights straight from JavaScript (no bundler, no SDK) so these
// tests exercise the runtime itself: its ABI, lifecycle and globals.
import { loadRuntime, noClusterAccess, runWasm, withResetExports, type HostHandlers, type RunOptions } from "@yoke-flight/runtime";

export function buildJs(js: string, options: { preload?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const runtime = loadRuntime();
  return runtime.link({ bytecode: runtime.compile(js), preload: options.preload ?? true });
}

const modules = new Map<string, WebAssembly.Module>();

/** A flight module, compiled once per source; resettable, so a module run again reuses its instance as the harness does. */
export function flight(js: string, options: { preload?: boolean } = {}): WebAssembly.Module {
  const key = `${options.preload}:${js}`;
  let module = modules.get(key);
  if (!module) {
    module = new WebAssembly.Module(withResetExports(buildJs(js, options)) as Uint8Array<ArrayBuffer>);
    modules.set(key, module);
  }
  return module;
}

export function run(module: WebAssembly.Module, options: RunOptions = {}) {
  const result = runWasm(module, options);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { exitCode: result.exitCode, stdout: text(result.stdout), stderr: text(result.stderr) };
}

export function handlers(partial: Partial<HostHandlers>): HostHandlers {
  return { ...noClusterAccess, ...partial };
}
