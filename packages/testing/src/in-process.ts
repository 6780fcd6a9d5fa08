// In-process mode: the flight's TypeScript runs directly in Node, with the
// SDK's host pointed at the same emulation of yoke that runFlight uses. For
// fast TDD, coverage and a debugger; the test suite proves both modes give
// the same output. Differences from the .wasm: real Node timers and APIs,
// no timeout for a synchronous endless loop, no memory limit.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { emulateHost } from "./host-emulation.js";
import { flightRun, invocation, type FlightRun, type RunFlightOptions } from "./invocation.js";

class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const bundles = new Map<string, { file: string; stamp: string; inputs: string[] }>();
// Test runners that transform the modules they load (vitest does) leave files
// under node_modules alone: keep the bundles there, so each run is Node's
// own import of plain JavaScript, not a fresh transform of the whole bundle.
// Made on first use, removed when the process exits.
let dir: string | undefined;
function bundleDir(): string {
  if (!dir) {
    const root = mkdtempSync(join(tmpdir(), "yoke-flight-in-process-"));
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    dir = join(root, "node_modules");
    mkdirSync(dir);
  }
  return dir;
}
let runs = 0;
let builds = 0;

let queue: Promise<unknown> = Promise.resolve();

/** Runs the flight whose TypeScript entry is `entry` in this process. */
export function runInProcess(entry: string, options: RunFlightOptions = {}): Promise<FlightRun> {
  // One run at a time: the host is process-wide state.
  const run = queue.then(() => runOnce(resolve(entry), options));
  queue = run.catch(() => undefined);
  return run;
}

/** Modification times of the files a bundle was built from: a change means a rebuild. */
const stampOf = (inputs: string[]) => inputs.map((f) => { try { return statSync(f).mtimeMs; } catch { return 0; } }).join(",");

async function bundleOf(entry: string): Promise<string> {
  const cached = bundles.get(entry);
  if (cached && stampOf(cached.inputs) === cached.stamp) return cached.file;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "silent",
    metafile: true,
  });
  const file = join(bundleDir(), `flight-${++builds}.mjs`);
  writeFileSync(file, result.outputFiles[0]!.text);
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(p));
  bundles.set(entry, { file, stamp: stampOf(inputs), inputs });
  return file;
}

async function runOnce(entry: string, options: RunFlightOptions): Promise<FlightRun> {
  const file = await bundleOf(entry);
  const call = invocation(options);
  const emulation = emulateHost({ cluster: call.cluster, release: call.release, namespace: call.namespace, access: call.access });
  let stdout = "";
  let stderr = "";
  const host = {
    readStdin: () => call.stdin,
    write: (fd: 1 | 2, text: string) => void (fd === 1 ? (stdout += text) : (stderr += text)),
    env: () => ({ ...call.env }),
    args: () => [...call.args],
    lookup: (name: string, ns: string, kind: string, apiVersion: string) => {
      const a = emulation.handlers.lookup(name, ns, kind, apiVersion);
      return [a.state, a.body] as [number, string];
    },
    restMapping: (gv: string, kind: string) => {
      const a = emulation.handlers.restMapping(gv, kind);
      return [a.state, a.body] as [number, string];
    },
    exit: (code: number): never => {
      throw new ExitSignal(code);
    },
  };

  const g = globalThis as { __yoke?: unknown; console: Console };
  const saved = { yoke: g.__yoke, console: g.console };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  g.__yoke = host;
  // Like the runtime's console: everything to the flight's stderr.
  const log = (...args: unknown[]) => void (stderr += args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ") + "\n");
  g.console = { ...saved.console, log, info: log, debug: log, warn: log, error: log, trace: log } as Console;

  const started = performance.now();
  let exitCode = 0;
  try {
    await import(`${pathToFileURL(file).href}?run=${++runs}`);
    await new Promise((r) => setImmediate(r));
    if (unhandled.length) {
      stderr += `Unhandled promise rejection: ${formatError(unhandled[0])}\n`;
      exitCode = 1;
    }
  } catch (e) {
    if (e instanceof ExitSignal) exitCode = e.code;
    else {
      stderr += formatError(e) + "\n";
      exitCode = 1;
    }
  } finally {
    g.__yoke = saved.yoke;
    g.console = saved.console;
    process.off("unhandledRejection", onUnhandled);
  }
  return flightRun({
    exitCode, stdout, stderr, rawStderr: stderr, lookups: emulation.lookups,
    tracked: emulation.tracked(),
    durationMs: performance.now() - started,
  });
}

/** The runtime's format: "Name: message", the stack, then causes. */
function formatError(error: unknown): string {
  if (!(error instanceof Error)) return `Uncaught ${inspect(error)}`;
  let text = error.stack ?? `${error.name}: ${error.message}`;
  for (let cause = error.cause, depth = 0; cause !== undefined && depth < 8; depth++) {
    text += `\nCaused by: ${cause instanceof Error ? cause.stack : inspect(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return text;
}

function inspect(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
