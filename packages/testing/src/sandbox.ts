// The node:vm context a flight runs in for the harness's in-process mode,
// made to look like the engine a flight.wasm runs in: the same globals (no
// process, require, fetch, Buffer, Intl, WebAssembly, WeakRef or
// FinalizationRegistry; QuickJS's InternalError; normalize and localeCompare
// as in packages/runtime/c/intrinsics.c), the same `__yoke` object (packages/runtime/c/bindings.c),
// the runtime's own prelude (packages/runtime/js/prelude.js: console,
// timers, codecs, error formatting), QuickJS's stack-trace lines and its
// event loop (packages/runtime/c/lifecycle.c: promise jobs, then timers in
// due order). All flight code runs inside runInContext with a timeout, so a
// flight that never returns is stopped as the .wasm is.
//
// A context takes about a millisecond to create, more than a whole run of
// the .wasm, so one is kept per flight and reset after each run: every own
// property of the global object, of each global's value and prototype, and
// of the other intrinsics a flight can reach by syntax, is put back as it
// was, and the prelude runs afresh. A context that cannot be put back (a
// frozen built-in, a run that timed out) is dropped.
import vm from "node:vm";
import { BUNDLE_NAME, loadPrelude, type HostHandlers, type HostReply } from "@yoke-flight/runtime";
import { HOST_FUNCTION_ENTRIES, invokeHost, type HostCall } from "@yoke-flight/sdk/abi";

/** What the flight's `__yoke` calls reach outside the context: only strings and numbers cross. */
export interface SandboxHost {
  readStdin(): string;
  write(fd: 1 | 2, text: string): void;
  /** JSON of the environment object / the argument list. */
  env(): string;
  args(): string;
  exit(code: number): void;
  /** The host functions' handlers: the same a .wasm's host takes (runtime's hostImports). */
  handlers: HostHandlers;
}

/** What the bridge calls outside the context. */
interface Dispatch extends Omit<SandboxHost, "handlers"> {
  /** A host function by its `call` name; the bridge copies the reply into the context. */
  call(name: HostCall, args: string[]): HostReply;
}

/** The host functions the bridge binds, as JSON of [call, number of strings] (bindings.c's table). */
const HOST_CALLS_JSON = JSON.stringify(HOST_FUNCTION_ENTRIES.map(([, f]) => [f.call, f.params.length]));

export interface Settled {
  state: "pending" | "fulfilled" | "rejected";
  reason?: unknown;
}

/** The prelude's internals, as the C side holds them. */
interface Internals {
  formatError(error: unknown): string;
  nextTimer(): boolean;
}

/** What the bridge gives the harness (in-context functions). */
interface Bridge {
  watch(promise: Promise<unknown>): Settled;
  /** Puts the context back as the bridge left it; false when it cannot. */
  reset(): boolean;
  drain(): void;
}

// In-context code: the `__yoke` object as bindings.c defines it (same
// names, arities, argument checks and errors; one method per host function
// of the ABI table, returning [state, text] made in the context), the
// globals QuickJS has and V8 has not (and the reverse), QuickJS's stack
// format, and the baseline to reset to. `host` and `drain` are the
// harness's; nothing else from outside is reachable from the flight.
const BRIDGE = new vm.Script(
  `(function (host, drain, hostCalls) {
  "use strict";
  const { defineProperty, getOwnPropertyDescriptor, getOwnPropertyDescriptors, getPrototypeOf, isExtensible, hasOwn, freeze, entries } = Object;
  const { ownKeys, deleteProperty } = Reflect;
  const exit = freeze({ exit: true });
  const text = (v, i) => {
    if (typeof v !== "string") throw new TypeError("host call argument " + i + " must be a string");
    return v;
  };
  const methods = {
    readStdin() { return host.readStdin(); },
    write(fd, data) {
      if (arguments.length < 2) throw new TypeError("write(fd, text) needs a file descriptor");
      fd = fd | 0;
      if (fd !== 1 && fd !== 2) throw new RangeError("a flight can only write to stdout (1) or stderr (2), not " + fd);
      host.write(fd, String(data));
    },
    env() { return JSON.parse(host.env()); },
    args() { return JSON.parse(host.args()); },
    exit(code) {
      host.exit(code === undefined ? 0 : code | 0);
      // proc_exit unwinds the whole flight; here the host ignores anything after it.
      throw exit;
    },
    loadChunk(id) { throw new ReferenceError("this flight has no chunk " + (id >>> 0) + ": it was not built by flight build"); },
  };
  for (const [call, arity] of JSON.parse(hostCalls)) {
    const method = ({ [call](...args) {
      const strings = [];
      for (let i = 0; i < arity; i++) strings.push(text(args[i], i + 1));
      const reply = host.call(call, strings);
      return [reply[0], reply[1]];
    } })[call];
    defineProperty(method, "length", { value: arity });
    methods[call] = method;
  }
  const yoke = {};
  for (const [name, fn] of entries(methods)) defineProperty(yoke, name, { value: fn, writable: true, configurable: true });
  defineProperty(yoke, "abi", { value: "yoke-flight/1" });
  defineProperty(globalThis, "__yoke", { value: yoke, configurable: true });

  delete globalThis.Intl;
  delete globalThis.WebAssembly;
  // What the engine leaves out (packages/runtime/c/intrinsics.c).
  delete globalThis.WeakRef;
  delete globalThis.FinalizationRegistry;
  defineProperty(String.prototype, "normalize", { value: { normalize() {
    throw new TypeError("String.prototype.normalize is not available in flights (the engine is built without Unicode normalization tables)");
  } }.normalize, writable: true, configurable: true });
  defineProperty(String.prototype, "localeCompare", { value: { localeCompare(that) {
    if (this === null || this === undefined) throw new TypeError("not an object");
    const a = String(this), b = String(that);
    return a < b ? -1 : a > b ? 1 : 0;
  } }.localeCompare, writable: true, configurable: true });
  class InternalError extends Error {}
  defineProperty(InternalError.prototype, "name", { value: "InternalError", writable: true, configurable: true });
  defineProperty(globalThis, "InternalError", { value: InternalError, writable: true, configurable: true });

  // "    at name (file:line:column)" for the flight's frames, as QuickJS
  // prints them, at the bundle's lines (the script's first line is the
  // wrapper's); nothing of the harness.
  Error.prepareStackTrace = (error, frames) => {
    const lines = [];
    for (const f of frames) {
      const file = f.getFileName();
      const name = f.getFunctionName() || "<anonymous>";
      const line = file === "${BUNDLE_NAME}" ? f.getLineNumber() - 1 : f.getLineNumber();
      if (file === "${BUNDLE_NAME}" || file === "<prelude>") lines.push("    at " + name + " (" + file + ":" + line + ":" + f.getColumnNumber() + ")");
      else if (file === undefined || file === "<native>") lines.push("    at " + name + " (native)");
      else break;
    }
    return lines.length ? lines.join("\\n") + "\\n" : "";
  };

  const guarded = new Set([globalThis]);
  const guard = (v) => { if (v !== null && (typeof v === "object" || typeof v === "function")) guarded.add(v); };
  for (const key of ownKeys(globalThis)) {
    const d = getOwnPropertyDescriptor(globalThis, key);
    guard(d.value);
    if (typeof d.value === "function") guard(d.value.prototype);
  }
  const iterator = getPrototypeOf([][Symbol.iterator]());
  [getPrototypeOf(Uint8Array), getPrototypeOf(Uint8Array).prototype, iterator, getPrototypeOf(iterator),
    getPrototypeOf(new Map().entries()), getPrototypeOf(new Set().values()), getPrototypeOf(""[Symbol.iterator]()),
    getPrototypeOf(/./[Symbol.matchAll]("")), getPrototypeOf(function* () {}), getPrototypeOf(function* () {}).prototype,
    getPrototypeOf(async function () {}), getPrototypeOf(async function* () {}), getPrototypeOf(async function* () {}).prototype,
    getPrototypeOf(getPrototypeOf(async function* () {}).prototype)].forEach(guard);
  // What to put back. Only descriptors are read, so putting back runs none
  // of the flight's code (no getter it may have installed) and needs no timeout.
  const baseline = [...guarded].map((o) => ({
    o, keys: ownKeys(o), descriptors: getOwnPropertyDescriptors(o), extensible: isExtensible(o), proto: getPrototypeOf(o),
  }));
  const same = (a, b) => a.value === b.value && a.get === b.get && a.set === b.set &&
    a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
  const reset = () => {
    for (const { o, keys, descriptors, extensible, proto } of baseline) {
      if (isExtensible(o) !== extensible || getPrototypeOf(o) !== proto) return false;
      const now = ownKeys(o);
      if (now.length !== keys.length || now.some((k) => !hasOwn(descriptors, k))) {
        for (const k of now) if (!hasOwn(descriptors, k) && !deleteProperty(o, k)) return false;
      }
      for (const k of keys) {
        const d = getOwnPropertyDescriptor(o, k);
        if (d && same(d, descriptors[k])) continue;
        try { defineProperty(o, k, descriptors[k]); } catch { return false; }
      }
    }
    return true;
  };

  // The state of a promise, kept by handlers of this context (so they run among its promise jobs).
  const watch = (promise) => {
    const settled = { state: "pending", reason: undefined };
    promise.then(() => { settled.state = "fulfilled"; }, (reason) => { settled.state = "rejected"; settled.reason = reason; });
    return settled;
  };
  return { watch, reset, drain };
})`,
  { filename: "<native>" },
);

const PRELUDE = new vm.Script(loadPrelude(), { filename: "<prelude>" });
const EMPTY = new vm.Script("undefined", { filename: "<drain>" });

// Runs the function set just before it, inside the context, so that the code
// it reaches runs under the timeout.
const STEP_KEY = "__yokeFlightStep";
const STEP = new vm.Script(`(function () { const f = globalThis.${STEP_KEY}; delete globalThis.${STEP_KEY}; return f(); })()`, { filename: "<step>" });

export class SandboxTimeout extends Error {
  override name = "SandboxTimeout";
}

export class Sandbox {
  private readonly context: vm.Context;
  private readonly bridge: Bridge;
  private readonly prelude: (yoke: unknown) => Internals;
  private readonly promise: PromiseConstructor;
  private readonly bodies = new Map<vm.Script, () => Promise<unknown>>();
  private host?: SandboxHost;
  private internals?: Internals;
  private deadline = 0;
  /** False once the context cannot be trusted to be as new. */
  usable = true;

  constructor() {
    this.context = vm.createContext({}, { name: "flight", codeGeneration: { strings: true, wasm: false }, microtaskMode: "afterEvaluate" });
    const host = this.currentHost.bind(this);
    // Every call goes to the host of the run in progress.
    const dispatch: Dispatch = {
      readStdin: () => host().readStdin(),
      write: (fd, t) => host().write(fd, t),
      env: () => host().env(),
      args: () => host().args(),
      exit: (c) => host().exit(c),
      call: (name, args) => invokeHost(host().handlers, name, args),
    };
    // Runs the context's pending promise jobs (V8 runs them after each evaluation in it).
    const drain = () => void EMPTY.runInContext(this.context);
    const install = BRIDGE.runInContext(this.context) as (h: Dispatch, d: () => void, hostCalls: string) => Bridge;
    this.bridge = install(dispatch, drain, HOST_CALLS_JSON);
    this.prelude = PRELUDE.runInContext(this.context) as (yoke: unknown) => Internals;
    this.promise = vm.runInContext("Promise", this.context) as PromiseConstructor;
  }

  private currentHost(): SandboxHost {
    if (!this.host) throw new Error("a flight called its host outside a run");
    return this.host;
  }

  /**
   * Runs a flight's module body (a script evaluating to an async function)
   * as the engine does: the body, its promise jobs, then timers in due order
   * with the jobs each queues, until nothing is left or `stopped()`.
   */
  run(body: vm.Script, host: SandboxHost, timeoutMs: number, stopped: () => boolean): Settled {
    this.host = host;
    this.deadline = performance.now() + timeoutMs;
    let fn = this.bodies.get(body);
    if (!fn) this.bodies.set(body, (fn = body.runInContext(this.context) as () => Promise<unknown>));
    const start = fn;
    return this.step(() => {
      this.internals = this.prelude((this.context as { __yoke: unknown }).__yoke);
      const settled = this.bridge.watch(start());
      this.bridge.drain();
      while (!stopped() && this.internals.nextTimer()) this.bridge.drain();
      return settled;
    });
  }

  /** The prelude's formatError: "Name: message", the stack, then causes. */
  formatError(error: unknown): string {
    return this.step(() => this.internals!.formatError(error));
  }

  /** Whether a promise was made in this context. */
  owns(promise: unknown): boolean {
    return promise instanceof this.promise;
  }

  /** Ends a run: the context is put back as it was before it, or marked unusable. */
  finish(): void {
    this.host = undefined;
    this.internals = undefined;
    if (!this.usable) return;
    try {
      this.usable = this.bridge.reset();
    } catch {
      this.usable = false;
    }
  }

  /** Runs `fn` inside the context under the run's timeout; promise jobs it queues run before this returns. */
  private step<T>(fn: () => T): T {
    const timeout = Math.floor(this.deadline - performance.now());
    if (timeout < 1) throw this.timedOut();
    Object.defineProperty(this.context, STEP_KEY, { value: fn, configurable: true, writable: true });
    try {
      return STEP.runInContext(this.context, { timeout }) as T;
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw this.timedOut();
      throw e;
    }
  }

  private timedOut(): SandboxTimeout {
    // Stopped somewhere in the middle: nothing says what state it left.
    this.usable = false;
    return new SandboxTimeout();
  }
}
