// A small WASI preview 1 host in plain JavaScript: exactly what a flight
// needs (args, env, stdin, stdout, stderr, clocks, random, exit, and
// poll_oneoff's clock and stdio subscriptions, which Go's wasip1 runtime
// uses to sleep and to run timers) and nothing that touches the real file
// system or network. We use it instead of
// node:wasi, which can crash the whole Node process after some dozens of
// instantiations with host calls (nodejs/node#46777), needs file
// descriptors for stdio and prints an "experimental" warning.
import { randomFillSync } from "node:crypto";

const ERRNO = { success: 0, badf: 8, inval: 28, nosys: 52, spipe: 70, fault: 21, io: 29 } as const;

/** Subscription and event layouts of poll_oneoff (wasi_snapshot_preview1). */
const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;
const EVENTTYPE = { clock: 0, fdRead: 1, fdWrite: 2 } as const;
const SUBCLOCKFLAGS_ABSTIME = 1;

/** What one subscription of poll_oneoff asked for, and when it is due. */
interface Subscription {
  userdata: bigint;
  type: number;
  /** For a clock: nanoseconds still to wait (0 when due); for the others, 0. */
  waitNs: bigint;
  error: number;
  /** For fd_read / fd_write: bytes available. */
  nbytes: bigint;
}

/** Blocks the thread for `ms` (a worker can still be terminated while it waits). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Thrown inside the wasm call stack by proc_exit to unwind it. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`exit with code ${code}`);
  }
}

export interface WasiOptions {
  args?: string[];
  env?: Record<string, string>;
  stdin?: Uint8Array | string;
  /** Fixed clock (0) and zero random bytes: used when pre-initialising, so snapshots are reproducible. */
  deterministic?: boolean;
  /** Called with every chunk written to stdout / stderr, as it is written. */
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

type Fn = (...args: any[]) => number | void;

export class Wasi {
  private memory?: WebAssembly.Memory;
  private readonly args: Uint8Array[];
  private readonly env: Uint8Array[];
  private stdin: Uint8Array;
  private stdinOffset = 0;
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];

  constructor(private readonly options: WasiOptions = {}) {
    const enc = new TextEncoder();
    this.args = (options.args ?? []).map((a) => enc.encode(a + "\0"));
    this.env = Object.entries(options.env ?? {}).map(([k, v]) => enc.encode(`${k}=${v}\0`));
    this.stdin = typeof options.stdin === "string" ? enc.encode(options.stdin) : (options.stdin ?? new Uint8Array());
  }

  /** The module's memory; call before running any export. */
  bind(instance: WebAssembly.Instance): this {
    const memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error("the module does not export its memory as `memory`");
    this.memory = memory;
    return this;
  }

  /** Runs `_start` and returns the exit code (0 when `_start` returns). */
  start(instance: WebAssembly.Instance): number {
    this.bind(instance);
    const start = instance.exports._start;
    if (typeof start !== "function") throw new Error("the module has no `_start` export: it is not a WASI command");
    try {
      (start as () => void)();
      return 0;
    } catch (e) {
      if (e instanceof ProcExit) return e.code;
      throw e;
    }
  }

  stdout(): Uint8Array {
    return Buffer.concat(this.out);
  }

  stderr(): Uint8Array {
    return Buffer.concat(this.err);
  }

  /** The wasi_snapshot_preview1 import object; unknown functions answer ENOSYS. */
  imports(module?: WebAssembly.Module): Record<string, Fn> {
    const fns: Record<string, Fn> = {
      args_sizes_get: (countPtr: number, sizePtr: number) => this.sizes(this.args, countPtr, sizePtr),
      args_get: (ptrs: number, buf: number) => this.strings(this.args, ptrs, buf),
      environ_sizes_get: (countPtr: number, sizePtr: number) => this.sizes(this.env, countPtr, sizePtr),
      environ_get: (ptrs: number, buf: number) => this.strings(this.env, ptrs, buf),
      clock_res_get: (_id: number, resPtr: number) => {
        this.view().setBigUint64(resPtr, 1000n, true);
        return ERRNO.success;
      },
      clock_time_get: (id: number, _precision: bigint, timePtr: number) => {
        this.view().setBigUint64(timePtr, this.now(id), true);
        return ERRNO.success;
      },
      random_get: (ptr: number, len: number) => {
        const target = new Uint8Array(this.mem().buffer, ptr, len);
        if (this.options.deterministic) target.fill(0);
        else randomFillSync(target);
        return ERRNO.success;
      },
      fd_read: (fd: number, iovs: number, iovsLen: number, nreadPtr: number) => {
        if (fd !== 0) return ERRNO.badf;
        const view = this.view();
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = view.getUint32(iovs + i * 8, true);
          const len = view.getUint32(iovs + i * 8 + 4, true);
          const chunk = this.stdin.subarray(this.stdinOffset, this.stdinOffset + len);
          new Uint8Array(this.mem().buffer, ptr, chunk.length).set(chunk);
          this.stdinOffset += chunk.length;
          total += chunk.length;
          if (chunk.length < len) break;
        }
        view.setUint32(nreadPtr, total, true);
        return ERRNO.success;
      },
      fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) => {
        if (fd !== 1 && fd !== 2) return ERRNO.badf;
        const view = this.view();
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = view.getUint32(iovs + i * 8, true);
          const len = view.getUint32(iovs + i * 8 + 4, true);
          const chunk = new Uint8Array(this.mem().buffer, ptr, len).slice();
          (fd === 1 ? this.out : this.err).push(chunk);
          (fd === 1 ? this.options.onStdout : this.options.onStderr)?.(chunk);
          total += len;
        }
        view.setUint32(nwrittenPtr, total, true);
        return ERRNO.success;
      },
      fd_fdstat_get: (fd: number, statPtr: number) => {
        if (fd > 2) return ERRNO.badf;
        const view = this.view();
        for (let i = 0; i < 24; i++) view.setUint8(statPtr + i, 0);
        view.setUint8(statPtr, 2); // character device
        return ERRNO.success;
      },
      fd_fdstat_set_flags: (fd: number) => (fd > 2 ? ERRNO.badf : ERRNO.success),
      fd_prestat_get: () => ERRNO.badf, // no pre-opened directories: no file system
      fd_prestat_dir_name: () => ERRNO.badf,
      fd_close: (fd: number) => (fd > 2 ? ERRNO.badf : ERRNO.success),
      fd_seek: (fd: number) => (fd > 2 ? ERRNO.badf : ERRNO.spipe),
      sched_yield: () => ERRNO.success,
      proc_exit: (code: number) => {
        throw new ProcExit(code);
      },
      poll_oneoff: (inPtr: number, outPtr: number, count: number, neventsPtr: number) => this.pollOneoff(inPtr, outPtr, count, neventsPtr),
    };
    if (module) {
      for (const imp of WebAssembly.Module.imports(module)) {
        if (imp.module === "wasi_snapshot_preview1" && !(imp.name in fns)) fns[imp.name] = () => ERRNO.nosys;
      }
    }
    return fns;
  }

  /**
   * Waits until the earliest clock subscription is due, unless a stdio one
   * is ready at once (stdin is all there, stdout and stderr never block),
   * then reports every subscription that is ready, as wazero does with
   * WithSysNanosleep (yoke's host sleeps for real).
   */
  private pollOneoff(inPtr: number, outPtr: number, count: number, neventsPtr: number): number {
    if (count === 0) return ERRNO.inval;
    const view = this.view();
    const subs: Subscription[] = [];
    for (let i = 0; i < count; i++) subs.push(this.subscription(view, inPtr + i * SUBSCRIPTION_SIZE));
    const clocks = subs.filter((s) => s.type === EVENTTYPE.clock && s.error === ERRNO.success);
    let ready = subs.filter((s) => s.type !== EVENTTYPE.clock || s.error !== ERRNO.success);
    if (ready.length === 0) {
      const waitNs = clocks.reduce((min, s) => (s.waitNs < min ? s.waitNs : min), clocks[0]!.waitNs);
      if (waitNs > 0n && !this.options.deterministic) sleep(Number(waitNs / 1_000_000n) + (waitNs % 1_000_000n ? 1 : 0));
      ready = clocks.filter((s) => s.waitNs <= waitNs);
    }
    const out = this.view();
    ready.forEach((s, i) => {
      const at = outPtr + i * EVENT_SIZE;
      for (let b = 0; b < EVENT_SIZE; b++) out.setUint8(at + b, 0);
      out.setBigUint64(at, s.userdata, true);
      out.setUint16(at + 8, s.error, true);
      out.setUint8(at + 10, s.type);
      if (s.type !== EVENTTYPE.clock) out.setBigUint64(at + 16, s.nbytes, true);
    });
    out.setUint32(neventsPtr, ready.length, true);
    return ERRNO.success;
  }

  private subscription(view: DataView, at: number): Subscription {
    const sub: Subscription = { userdata: view.getBigUint64(at, true), type: view.getUint8(at + 8), waitNs: 0n, error: ERRNO.success, nbytes: 0n };
    if (sub.type === EVENTTYPE.clock) {
      const clockId = view.getUint32(at + 16, true);
      const timeout = view.getBigUint64(at + 24, true);
      const flags = view.getUint16(at + 40, true);
      if (clockId > 3) return { ...sub, error: ERRNO.inval };
      const wait = flags & SUBCLOCKFLAGS_ABSTIME ? timeout - this.now(clockId) : timeout;
      return { ...sub, waitNs: wait > 0n ? wait : 0n };
    }
    const fd = view.getUint32(at + 16, true);
    if (sub.type === EVENTTYPE.fdRead && fd === 0) return { ...sub, nbytes: BigInt(this.stdin.length - this.stdinOffset) };
    if (sub.type === EVENTTYPE.fdWrite && (fd === 1 || fd === 2)) return sub;
    // No other descriptor exists; an unknown event type is a bad argument.
    return { ...sub, error: sub.type > EVENTTYPE.fdWrite ? ERRNO.inval : ERRNO.badf };
  }

  private now(clockId: number): bigint {
    if (this.options.deterministic) return 0n;
    // 0: realtime; 1..3: monotonic and CPU-time clocks.
    if (clockId === 0) return BigInt(Date.now()) * 1_000_000n;
    return process.hrtime.bigint();
  }

  private mem(): WebAssembly.Memory {
    if (!this.memory) throw new Error("WASI call before the module's memory was bound");
    return this.memory;
  }

  private view(): DataView {
    return new DataView(this.mem().buffer);
  }

  private sizes(items: Uint8Array[], countPtr: number, sizePtr: number): number {
    const view = this.view();
    view.setUint32(countPtr, items.length, true);
    view.setUint32(
      sizePtr,
      items.reduce((n, s) => n + s.length, 0),
      true,
    );
    return ERRNO.success;
  }

  private strings(items: Uint8Array[], ptrs: number, buf: number): number {
    const view = this.view();
    const bytes = new Uint8Array(this.mem().buffer);
    let offset = buf;
    items.forEach((item, i) => {
      view.setUint32(ptrs + i * 4, offset, true);
      bytes.set(item, offset);
      offset += item.length;
    });
    return ERRNO.success;
  }
}
