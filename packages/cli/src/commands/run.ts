// `flight run`: a built flight run as `yoke takeoff --stdout` runs it, with
// yoke's host functions emulated against a fake cluster. stdin reaches the
// flight byte for byte, args after `--` follow the release in argv, and
// --env adds environment variables, as yoke's EvalFlight and wasi.Execute do
// (pkg/yoke/wasm.go, internal/wasi/wasi.go). With --kubeconfig the host
// functions are answered by a live cluster, read-only (testing's liveHost);
// --record saves them as a cassette, --replay answers from one, --diff shows
// what yoke takeoff would change.
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";
import {
  CassetteError,
  FakeCluster,
  KubeConfigError,
  LiveDiffError,
  cassetteOf,
  invocationDefaults,
  liveDiff,
  loadKubeConfig,
  runFlight,
  writeCassette,
  type KubeObject,
} from "@yoke-flight/testing";
import { formatDiff, type DiffFormat } from "../diff-output.js";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";
import { readFlightModule } from "../flight-file.js";

export const run: Command = {
  name: "run",
  help: `Usage: flight run <flight.wasm> --input <cr.yaml|-> [options] [-- args...]

Runs the flight as 'yoke takeoff --stdout' would and prints its output; the
cluster it sees is a fake one made of the objects you give. Errors go to
stderr, with stack traces at your TypeScript lines (the module prints them
itself; for a module built with --javy, through <flight.wasm>.map).

The input reaches the flight byte for byte, as yoke passes stdin: whatever
it holds (several YAML documents, binary data, anything), the flight reads it
and its own error is what you see. Arguments after '--' follow the release
name in the flight's argv, as with 'yoke takeoff <release> <flight> -- args'.

Options:
  -i, --input <file>          the flight's stdin, usually the custom resource
                              (JSON or YAML); - reads this command's stdin
  -e, --env <KEY=VALUE>       an environment variable for the flight
                              (repeatable), as yoke's FlightParams.Env (what
                              the yokecd plugin passes); yoke's own
                              (YOKE_RELEASE, YOKE_NAMESPACE, NAMESPACE,
                              YOKE_VERSION) win
  -c, --cluster <file>        objects in the fake cluster (YAML documents or a
                              JSON/YAML list). An object belongs to the release
                              when it has yoke's annotations
                              instance.atc.yoke.cd/release and /namespace
      --cluster-access        let the flight look up objects (off by default)
      --resource-access <m>   a resource access matcher (repeatable), e.g.
                              Secret, default/Deployment.apps:web, *
      --release <name>        release name (default: the ATC's name for the
                              input, group.Kind.namespace.name)
  -n, --namespace <ns>        namespace (default: the input's, else default)
      --kubeconfig <file>     answer the flight's lookups and rest mappings from
                              this live cluster instead (read-only: discovery
                              and GET requests only), with yoke's rules on top
      --context <name>        the kubeconfig's context (default: its current one)
      --diff                  with --kubeconfig: print what 'yoke takeoff' would
                              create, change or remove (yoke's metadata added;
                              removals from the release's active revision)
                              instead of the flight's output
      --output <text|yaml|json>  the --diff format (default text; colored on a
                              terminal)
      --record <file>         save every host call and its answer, with the
                              run's release, namespace, env and args, as a YAML
                              cassette. Secrets' data/stringData values are
                              redacted
      --keep-secrets          with --record: keep Secrets' values as read
      --replay <file>         answer host calls from a cassette (its release,
                              namespace, env, args and access are the defaults);
                              fails on a call it lacks or one it holds unused
      --allow-unused          with --replay: recorded calls may go unused
      --timeout <ms>          stop the flight after this long (default 10000)
      --max-memory-mib <n>    the Airway's maxMemoryMib
  -h, --help                  show this help

Exit codes: 0 the flight succeeded, 1 it failed (or a file is invalid),
2 usage error.`,

  async run(argv) {
    const { own, flightArgs } = cutArgs(argv);
    const args = parse("run", own, {
      input: { type: "string", short: "i" },
      env: { type: "string", short: "e", multiple: true },
      cluster: { type: "string", short: "c" },
      "cluster-access": { type: "boolean" },
      "resource-access": { type: "string", multiple: true },
      release: { type: "string" },
      namespace: { type: "string", short: "n" },
      timeout: { type: "string" },
      "max-memory-mib": { type: "string" },
      kubeconfig: { type: "string" },
      context: { type: "string" },
      diff: { type: "boolean" },
      output: { type: "string" },
      record: { type: "string" },
      "keep-secrets": { type: "boolean" },
      replay: { type: "string" },
      "allow-unused": { type: "boolean" },
    });
    const [wasm, ...extra] = args.positionals;
    if (!wasm) throw new UserError("missing the flight module, e.g. 'flight run flight.wasm --input cr.yaml'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    if (!args.values.input) throw new UserError("missing --input (the custom resource; - reads stdin)", ExitCode.usage);

    const v = args.values;
    checkCombinations(v);
    const format = diffFormat(v.output);
    const env = environment(v.env ?? []);
    readFlightModule(wasm);
    const input = readBytes(v.input!, "--input");
    const defaults = invocationDefaults(input);
    const cluster = v.replay ? undefined : new FakeCluster(v.cluster ? readObjects(v.cluster) : []);
    const kubeConfig = v.kubeconfig ? kubeConfigOf(v.kubeconfig, v.context) : undefined;
    // With --replay, what the command line leaves unsaid comes from the cassette.
    const defaulted = <T>(value: T | undefined, fallback: T): T | undefined => (value !== undefined ? value : v.replay ? undefined : fallback);
    const options = {
      input,
      env: v.env || !v.replay ? env : undefined,
      args: flightArgs.length || !v.replay ? flightArgs : undefined,
      release: defaulted(v.release, defaults.release),
      namespace: defaulted(v.namespace, defaults.namespace),
      clusterAccess: defaulted(v["cluster-access"], false),
      resourceAccessMatchers: defaulted(v["resource-access"], []),
      cluster,
      kubeConfig,
      replay: v.replay,
      allowUnused: v["allow-unused"] ?? false,
      timeoutMs: number(v.timeout, "--timeout"),
      maxMemoryMib: number(v["max-memory-mib"], "--max-memory-mib"),
    };
    let result;
    try {
      result = await runFlight(wasm, options);
    } catch (e) {
      if (e instanceof CassetteError) throw new UserError(e.message);
      throw e;
    }
    if (v.record) {
      writeCassette(
        v.record,
        cassetteOf(
          {
            release: options.release!,
            namespace: options.namespace!,
            env,
            args: flightArgs,
            clusterAccess: options.clusterAccess!,
            resourceAccessMatchers: options.resourceAccessMatchers,
            lookups: result.lookups,
          },
          { keepSecrets: v["keep-secrets"] },
        ),
      );
      process.stderr.write(
        `flight run: recorded ${result.lookups.length} host call${result.lookups.length === 1 ? "" : "s"} in ${v.record}` +
          (v["keep-secrets"] ? " (Secrets kept as read: do not commit it)\n" : " (Secrets' data/stringData values redacted; --keep-secrets keeps them)\n"),
      );
    }
    if (result.stderr && result.ok) process.stderr.write(result.stderr);
    if (!result.ok) throw new UserError(`the flight failed: ${result.error}`);
    if (v.diff) {
      const entries = await liveDiff(kubeConfig!, result.resources, { release: options.release!, namespace: options.namespace! }).catch((e: unknown) => {
        throw e instanceof LiveDiffError ? new UserError(`--diff: ${e.message}`) : e;
      });
      process.stdout.write(formatDiff(entries, format, colorFor(process.stdout)));
      return ExitCode.ok;
    }
    process.stdout.write(result.stdout);
    return ExitCode.ok;
  },
};

type Values = Record<string, string | boolean | string[] | undefined>;

function checkCombinations(v: Values): void {
  const conflict = (a: string, b: string) => {
    if (v[a] !== undefined && v[b] !== undefined) throw new UserError(`--${a} and --${b} cannot be used together`, ExitCode.usage);
  };
  conflict("kubeconfig", "cluster");
  conflict("replay", "cluster");
  conflict("replay", "kubeconfig");
  conflict("replay", "diff");
  conflict("replay", "record");
  const needs = (a: string, b: string) => {
    if (v[a] !== undefined && v[b] === undefined) throw new UserError(`--${a} needs --${b}`, ExitCode.usage);
  };
  needs("context", "kubeconfig");
  needs("diff", "kubeconfig");
  needs("output", "diff");
  needs("keep-secrets", "record");
  needs("allow-unused", "replay");
}

function diffFormat(value: string | undefined): DiffFormat {
  if (value === undefined || value === "text" || value === "yaml" || value === "json") return value ?? "text";
  throw new UserError(`--output must be text, yaml or json, not '${value}'`, ExitCode.usage);
}

function kubeConfigOf(file: string, context: string | undefined) {
  try {
    return loadKubeConfig(file, context);
  } catch (e) {
    if (e instanceof KubeConfigError) throw new UserError(e.message);
    throw e;
  }
}

/** Colors on a terminal only (and never with NO_COLOR or TERM=dumb). */
function colorFor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb";
}

/** Our options, and the flight's arguments after the first `--` (yoke's internal.CutArgs). */
function cutArgs(argv: string[]): { own: string[]; flightArgs: string[] } {
  const dash = argv.indexOf("--");
  return dash < 0 ? { own: argv, flightArgs: [] } : { own: argv.slice(0, dash), flightArgs: argv.slice(dash + 1) };
}

function environment(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UserError(`--env takes KEY=VALUE, not '${pair}'`, ExitCode.usage);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function readBytes(path: string, flag: string): Uint8Array {
  try {
    return readFileSync(path === "-" ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new UserError(`${flag} ${path}: ${reason}`);
  }
}

function readText(path: string, flag: string): string {
  return new TextDecoder().decode(readBytes(path, flag));
}

/**
 * The custom resource in the input, if it is one, for the default release
 * and namespace only: the flight itself gets the bytes whatever they hold.
 */
function readObjects(path: string): KubeObject[] {
  const text = readText(path, "--cluster");
  let docs: unknown[];
  try {
    docs = loadAll(text)
      .flatMap((d) => (Array.isArray(d) ? d : [d]))
      .filter((d) => d !== null && d !== undefined);
  } catch (e) {
    throw new UserError(`--cluster ${path} is not JSON or YAML: ${(e as Error).message}`);
  }
  docs.forEach((d, i) => {
    const o = d as KubeObject;
    if (!isObject(d) || !o.apiVersion || !o.kind || !o.metadata?.name) {
      throw new UserError(`--cluster ${path}: object ${i + 1} needs apiVersion, kind and metadata.name`);
    }
  });
  return docs as KubeObject[];
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive whole number, not '${value}'`, ExitCode.usage);
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
