// One instance per resettable module (reset-exports.ts), kept between runs
// and put back before each as instantiation left it: its memory's bytes and
// its mutable globals. A fresh instance per run, as yoke makes, costs a fresh
// linear memory each time, and V8 collecting those (external memory) made the
// tail of runs in Node: p99 30x the median (issue 15). Its imports forward to
// the current run's, so each run still has its own WASI and host.
import { RESET_EXPORTS } from "./reset-exports.js";

type Imports = WebAssembly.Imports;
type ImportedFunction = (...args: unknown[]) => unknown;

/** The reset exports of a module, read from the module itself; undefined when it has none. */
function resetGlobalNames(module: WebAssembly.Module): string[] | undefined {
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  if (!names.includes(RESET_EXPORTS.memory)) return undefined;
  return names.filter((n) => n.startsWith(RESET_EXPORTS.globalPrefix));
}

class KeptInstance {
  readonly instance: WebAssembly.Instance;
  private current: Imports;
  private readonly memory: WebAssembly.Memory;
  private readonly image: Uint8Array;
  private readonly globals: [WebAssembly.Global, unknown][];
  private used = false;

  constructor(module: WebAssembly.Module, globalNames: string[], imports: Imports) {
    this.current = imports;
    const forwarding: Imports = {};
    for (const { module: from, name } of WebAssembly.Module.imports(module)) {
      const fn = imports[from]?.[name];
      // Left out, as instantiating with `imports` would: the LinkError names it.
      if (fn) (forwarding[from] ??= {})[name] = (...args: unknown[]) => (this.current[from]![name] as ImportedFunction)(...args);
    }
    this.instance = new WebAssembly.Instance(module, forwarding);
    this.memory = this.instance.exports[RESET_EXPORTS.memory] as WebAssembly.Memory;
    this.image = new Uint8Array(this.memory.buffer).slice();
    this.globals = globalNames.map((n) => {
      const global = this.instance.exports[n] as WebAssembly.Global;
      return [global, global.value];
    });
  }

  /** Puts the instance back as instantiation left it, for a run with `imports`; false when it cannot (its memory grew). */
  reset(imports: Imports): boolean {
    if (this.used) {
      if (this.memory.buffer.byteLength !== this.image.length) return false;
      new Uint8Array(this.memory.buffer).set(this.image);
      for (const [global, value] of this.globals) global.value = value;
    }
    this.used = true;
    this.current = imports;
    return true;
  }
}

/**
 * Instances of resettable modules, one per module and set of import modules.
 * `take` lends one out for a run (a nested run of the same module gets its
 * own); `give` returns it.
 */
export class KeptInstances {
  private readonly kept = new WeakMap<WebAssembly.Module, Map<string, KeptInstance>>();
  private readonly plans = new WeakMap<WebAssembly.Module, string[] | null>();
  private readonly lent = new WeakMap<WebAssembly.Instance, [Map<string, KeptInstance>, string, KeptInstance]>();

  /**
   * An instance of `module` ready for a run with `imports` (`reset`: one kept
   * from an earlier run, put back), or undefined when the module is not resettable.
   */
  take(module: WebAssembly.Module, imports: Imports): { instance: WebAssembly.Instance; reset: boolean } | undefined {
    let globalNames = this.plans.get(module);
    if (globalNames === undefined) this.plans.set(module, (globalNames = resetGlobalNames(module) ?? null));
    if (globalNames === null) return undefined;
    const byImports = this.kept.get(module) ?? new Map<string, KeptInstance>();
    this.kept.set(module, byImports);
    const key = Object.keys(imports).sort().join("\0");
    const kept = byImports.get(key);
    byImports.delete(key);
    if (kept?.reset(imports)) {
      this.lent.set(kept.instance, [byImports, key, kept]);
      return { instance: kept.instance, reset: true };
    }
    const fresh = new KeptInstance(module, globalNames, imports);
    fresh.reset(imports);
    this.lent.set(fresh.instance, [byImports, key, fresh]);
    return { instance: fresh.instance, reset: false };
  }

  /** Returns an instance `take` lent, to be reset and reused by the next run. */
  give(instance: WebAssembly.Instance): void {
    const lent = this.lent.get(instance);
    if (!lent) return;
    this.lent.delete(instance);
    const [byImports, key, kept] = lent;
    byImports.set(key, kept);
  }
}
