// In-process mode: the flight's TypeScript, bundled as `flight build`
// bundles it, runs in Node inside a sandbox that looks like the engine of a
// flight.wasm (sandbox.ts), with the SDK's host pointed at the same
// emulation of yoke that runFlight uses. For fast TDD and a debugger; the
// test suite proves both modes give the same output. The bundle is compiled
// once per version of its sources.
// Differences from the .wasm: V8 instead of QuickJS (the engine's own error
// messages differ), no memory limit.
import { statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import * as esbuild from "esbuild";
import { BUNDLE_NAME, DiagnosticsError, FLIGHT_BUNDLE_OPTIONS, FlightSourceMap, rejectNodeBuiltins } from "@yoke-flight/runtime";
import { shownSource } from "./flight-module.js";
import { emulateHost } from "./host-emulation.js";
import { DEFAULT_TIMEOUT_MS, failed, flightRun, invocation, stdinText, type FlightRun, type RunFlightOptions } from "./invocation.js";
import { timeoutExceeded } from "./messages.js";
import { Sandbox, SandboxTimeout, type SandboxHost } from "./sandbox.js";

interface CompiledFlight {
  /** Evaluates to the flight's module body as an async function. */
  script: vm.Script;
  sourceMap: FlightSourceMap;
  /** The flight's own sources (not those under node_modules): a change to one means a rebuild. */
  inputs: string[];
  stamp: string;
  sandbox?: Sandbox;
}

const compiled = new Map<string, CompiledFlight>();

let queue: Promise<unknown> = Promise.resolve();

/** Runs the flight whose TypeScript entry is `entry` in this process. */
export function runInProcess(entry: string, options: RunFlightOptions = {}): Promise<FlightRun> {
  // One run at a time: unhandled rejections are told apart per run.
  const run = queue.then(() => runOnce(resolve(entry), options));
  queue = run.catch(() => undefined);
  return run;
}

/** Modification times of the files a bundle was built from. */
const stampOf = (inputs: string[]) =>
  inputs
    .map((f) => {
      try {
        return statSync(f).mtimeMs;
      } catch {
        return 0;
      }
    })
    .join(",");

// A module body becomes an async function (top-level await works, `this` is
// undefined, declarations stay local); the first line is the wrapper's, so
// the bundle's lines are one further down than in flight.js.
const WRAPPER_HEAD = '(async function () {"use strict";\n';
const WRAPPER_TAIL = "\n})";

async function compile(entry: string): Promise<CompiledFlight> {
  const cached = compiled.get(entry);
  if (cached && stampOf(cached.inputs) === cached.stamp) return cached;
  const outfile = join(dirname(entry), BUNDLE_NAME);
  let result;
  try {
    result = await esbuild.build({
      ...FLIGHT_BUNDLE_OPTIONS,
      entryPoints: [entry],
      outfile,
      write: false,
      sourcemap: "external",
      metafile: true,
      plugins: [rejectNodeBuiltins],
    });
  } catch (e) {
    const errors = (e as esbuild.BuildFailure).errors;
    if (!Array.isArray(errors)) throw e;
    // esbuild's messages are ours (@yoke-flight/runtime Message), worded as flight build words them.
    throw new DiagnosticsError(
      errors.map((m) => ({ ...m, id: "", location: m.location && { ...m.location, file: shownSource(m.location.file, process.cwd()) } })),
    );
  }
  let code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
  const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith(".map"))!.text) as {
    version: number;
    names: string[];
    sources: string[];
    mappings: string;
  };
  // A flight module's exports are for invoke(), not for a run: drop them (a script cannot export).
  if (Object.values(result.metafile.outputs).some((o) => o.exports.length > 0)) code = code.replace(/export\s*\{[^}]*\};?\s*$/, "");
  map.sources = map.sources.map((s) => resolve(dirname(outfile), s));
  const sourceMap = new FlightSourceMap(JSON.stringify(map), (s) => shownSource(s, dirname(outfile)));
  // For a debugger: the map of the script as it runs (one line further down), sources as file URLs.
  const debugMap = { ...map, sources: map.sources.map((s) => pathToFileURL(s).href), mappings: `;${map.mappings}` };
  const script = new vm.Script(
    `${WRAPPER_HEAD}${code}${WRAPPER_TAIL}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(debugMap)).toString("base64")}`,
    { filename: BUNDLE_NAME },
  );
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => resolve(p))
    .filter((p) => !p.split(sep).includes("node_modules"));
  const flight = { script, sourceMap, inputs, stamp: stampOf(inputs) };
  compiled.set(entry, flight);
  return flight;
}

async function runOnce(entry: string, options: RunFlightOptions): Promise<FlightRun> {
  const flight = await compile(entry);
  const call = invocation(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const emulation = emulateHost({ cluster: call.cluster, release: call.release, namespace: call.namespace, access: call.access });
  let stdout = "";
  let stderr = "";
  let stdin: string | undefined = stdinText(call.stdin);
  let exitCode: number | undefined;
  const host: SandboxHost = {
    readStdin: () => {
      // Like reading fd 0 to its end: the second read gets nothing.
      const text = stdin ?? "";
      stdin = undefined;
      return text;
    },
    write: (fd, text) => {
      if (exitCode !== undefined) return;
      if (fd === 1) stdout += text;
      else stderr += text;
    },
    env: () => JSON.stringify(call.env),
    args: () => JSON.stringify(call.args),
    exit: (code) => void (exitCode ??= code),
    handlers: emulation.handlers,
  };

  const started = performance.now();
  const unhandled: unknown[] = [];
  if (!flight.sandbox?.usable) flight.sandbox = new Sandbox();
  const sandbox = flight.sandbox;
  const restore = catchRejections(
    (promise) => sandbox.owns(promise),
    (reason) => unhandled.push(reason),
  );
  try {
    const settled = sandbox.run(flight.script, host, timeoutMs, () => exitCode !== undefined);
    if (exitCode === undefined) {
      if (settled.state === "rejected") fail(sandbox.formatError(settled.reason));
      else if (settled.state === "pending") fail("Error: the flight's top-level await never settled: nothing was left to run");
    }
    // Node reports a rejection nobody handled once the current job is done.
    await new Promise((r) => setImmediate(r));
    if (exitCode === undefined && unhandled.length > 0) fail(`Unhandled promise rejection: ${sandbox.formatError(unhandled[0])}`);
  } catch (e) {
    if (e instanceof SandboxTimeout) {
      return failed(timeoutExceeded(timeoutMs), { durationMs: performance.now() - started, lookups: emulation.lookups, tracked: emulation.tracked() });
    }
    // An exception thrown by a timer's callback: the engine prints it and exits 1.
    if (exitCode === undefined) fail(sandbox.formatError(e));
  } finally {
    restore();
    sandbox.finish();
  }

  function fail(text: string): void {
    stderr += `${text}\n`;
    exitCode = 1;
  }

  return flightRun({
    exitCode: exitCode ?? 0,
    stdout,
    stderr: flight.sourceMap.rewrite(stderr),
    rawStderr: stderr,
    lookups: emulation.lookups,
    tracked: emulation.tracked(),
    durationMs: performance.now() - started,
  });
}

/**
 * While a run lasts, rejections of the flight's promises that nobody handled
 * go to `onFlight`; anything else goes to the listeners there were before
 * (the test runner's), as it would have.
 */
function catchRejections(isFlight: (promise: unknown) => boolean, onFlight: (reason: unknown) => void): () => void {
  const previous = process.listeners("unhandledRejection");
  const listener = (reason: unknown, promise: Promise<unknown>) => {
    if (isFlight(promise)) onFlight(reason);
    else for (const l of previous) l(reason, promise);
  };
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", listener);
  return () => {
    process.off("unhandledRejection", listener);
    for (const l of previous) process.on("unhandledRejection", l);
  };
}
