// The globals the yoke-flight runtime gives flight code (packages/runtime/js/prelude.js).
// A flight's tsconfig lists this file in "types" (flight init does it for you):
//   "types": ["@yoke-flight/sdk/globals"]
// Do not combine with "DOM" or "node" types, which declare the same names.

interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  trace(...data: unknown[]): void;
  dir(item?: unknown): void;
  assert(condition?: boolean, ...data: unknown[]): void;
  count(label?: string): void;
  countReset(label?: string): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  timeLog(label?: string, ...data: unknown[]): void;
  group(...data: unknown[]): void;
  groupEnd(): void;
  table(data?: unknown): void;
}
/** Writes to stderr: stdout is the flight's output. */
declare var console: Console;

/**
 * **In a flight, timers do not wait.** The callback runs once promise jobs are
 * done, in order of due time, without sleeping: a flight runs to completion
 * and yoke (or the ATC) decides when it runs again. Do not use a timer to
 * wait for something in the cluster; look it up, output what should exist
 * now, and let the next run continue.
 */
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): number;
/**
 * **In a flight, timers do not wait**: an interval fires back to back, without
 * sleeping, until it is cleared (an interval never cleared keeps the flight
 * running until yoke's timeout stops it).
 */
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): number;
/** Runs the callback once promise jobs are done (timers never wait in a flight). */
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;
declare function clearInterval(id: number | undefined): void;
declare function clearImmediate(id: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;

declare function atob(data: string): string;
declare function btoa(data: string): string;

declare class TextEncoder {
  readonly encoding: "utf-8";
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: "utf-8" | "utf8");
  readonly encoding: "utf-8";
  decode(input?: ArrayBuffer | ArrayBufferView): string;
}

// The clock and Math.random work in a flight, but make its output differ on
// every run: these notes show where authors hover.
interface Math {
  /**
   * A random number in [0, 1), **different on every run** of the flight (it is
   * seeded from yoke's random source each time). The ATC runs a flight again
   * whenever something changes; output built from Math.random() changes each
   * time and is re-applied each time. For a value that must stay the same,
   * use `seededRandom(seed)` from @yoke-flight/sdk.
   */
  random(): number;
}
interface DateConstructor {
  /**
   * The wall clock yoke gives the flight, in milliseconds: **different on
   * every run**. A timestamp in the output changes on every reconcile; keep a
   * previous value unless what it dates changed (see `now()` in
   * @yoke-flight/sdk for Kubernetes' time format).
   */
  now(): number;
  /** The current time (the wall clock yoke gives the flight): **different on every run**. */
  new (): Date;
}
