// Where the SDK's I/O goes. Inside a flight.wasm it is the runtime's native
// `__yoke` object (stdin, stdout, env, args, and yoke's host functions). In
// Node (tests, the harness's in-process mode) it is a NodeHost, or whatever
// host the harness installs with setHost().
import { FEATURE_NOT_GRANTED, HostState, hostCalls, type HostCalls, type HostReply } from "./abi.js";

export type { HostReply };

/** The runtime's I/O, and one method per host function of the ABI table (`lookup`, `restMapping`, ...). */
export interface FlightHost extends HostCalls<HostReply> {
  readStdin(): string;
  write(fd: 1 | 2, text: string): void;
  env(): Record<string, string>;
  args(): string[];
  exit(code: number): never;
  /**
   * The runtime's native Go-compatible JSON encoder (packages/runtime/c/go_json.c):
   * the text, or undefined when it leaves the value to encodeGoJSON's JavaScript.
   */
  goJSON?(value: unknown): string | undefined;
  /** The same, written straight to fd; false (nothing written) when it leaves the value to JavaScript. */
  writeGoJSON?(fd: 1 | 2, value: unknown): boolean;
  /** The runtime's native reader of common YAML (packages/runtime/c/yaml_fast.c): js-yaml's value, or undefined to use js-yaml. */
  parseYaml?(text: string): unknown;
}

declare global {
  // Installed by the yoke-flight runtime (packages/runtime/c/bindings.c).
  // eslint-disable-next-line no-var
  var __yoke: FlightHost | undefined;
}

/** Per-host state the SDK keeps for one run (the input is read once, output written once). */
export interface RunState {
  input?: { text: string };
  outputWritten: boolean;
}

let current: FlightHost | undefined;
let fallback: FlightHost | undefined;
const states = new WeakMap<FlightHost, RunState>();

/**
 * The host in use: one set by setHost(), else `globalThis.__yoke` (the wasm
 * runtime's, or the test harness's in-process emulation, which installs a
 * fresh one per run), else a NodeHost.
 */
export function host(): FlightHost {
  return current ?? globalThis.__yoke ?? (fallback ??= nodeHost());
}

/**
 * Points the SDK at another host, for example the testing harness's
 * emulation of yoke, with fresh per-run state (input, output).
 */
export function setHost(next: FlightHost | undefined): void {
  current = next;
  if (next) states.delete(next);
}

/** State of the current run: kept per host, so a new host is a new run. */
export function runState(): RunState {
  const h = host();
  let state = states.get(h);
  if (!state) states.set(h, (state = { outputWritten: false }));
  return state;
}

const NOT_GRANTED: HostReply = [HostState.featureNotGranted, FEATURE_NOT_GRANTED];

/** A host for plain Node: real stdin/stdout/env/argv, no cluster access. */
function nodeHost(): FlightHost {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.getBuiltinModule) {
    throw new Error("@yoke-flight/sdk: no host found: run inside a flight.wasm, in Node >= 20.16, or call setHost()");
  }
  const fs = proc.getBuiltinModule("node:fs") as { readFileSync(fd: number, enc: string): string };
  return {
    readStdin: () => {
      try {
        return fs.readFileSync(0, "utf8");
      } catch {
        return "";
      }
    },
    write: (fd, text) => void (fd === 1 ? proc.stdout : proc.stderr).write(text),
    env: () => ({ ...proc.env }) as Record<string, string>,
    args: () => proc.argv.slice(1),
    ...hostCalls(() => () => NOT_GRANTED),
    exit: (code) => proc.exit(code),
  };
}

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  argv: string[];
  exit(code: number): never;
}
