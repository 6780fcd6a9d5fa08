// `flight run`: a built flight run as `yoke takeoff --stdout` runs it, with
// yoke's host functions emulated against a fake cluster. stdin reaches the
// flight byte for byte, args after `--` follow the release in argv, and
// --env adds environment variables, as yoke's EvalFlight and wasi.Execute do
// (pkg/yoke/wasm.go, internal/wasi/wasi.go).
import { readFileSync } from "node:fs";
import { load, loadAll } from "js-yaml";
import { FakeCluster, runFlight, atcReleaseName, type KubeObject } from "@yoke-flight/testing";
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
    });
    const [wasm, ...extra] = args.positionals;
    if (!wasm) throw new UserError("missing the flight module, e.g. 'flight run flight.wasm --input cr.yaml'", ExitCode.usage);
    if (extra.length) throw new UserError(`unexpected arguments: ${extra.join(" ")}`, ExitCode.usage);
    if (!args.values.input) throw new UserError("missing --input (the custom resource; - reads stdin)", ExitCode.usage);

    const env = environment(args.values.env ?? []);
    readFlightModule(wasm);
    const input = readBytes(args.values.input, "--input");
    const resource = resourceIn(input);
    const cluster = new FakeCluster(args.values.cluster ? readObjects(args.values.cluster) : []);

    const result = await runFlight(wasm, {
      input,
      env,
      args: flightArgs,
      release: args.values.release ?? (resource ? atcReleaseName(resource) : "release"),
      namespace: args.values.namespace ?? resource?.metadata?.namespace ?? "default",
      clusterAccess: args.values["cluster-access"] ?? false,
      resourceAccessMatchers: args.values["resource-access"] ?? [],
      cluster,
      timeoutMs: number(args.values.timeout, "--timeout"),
      maxMemoryMib: number(args.values["max-memory-mib"], "--max-memory-mib"),
    });
    if (result.stderr && result.ok) process.stderr.write(result.stderr);
    if (!result.ok) throw new UserError(`the flight failed: ${result.error}`);
    process.stdout.write(result.stdout);
    return ExitCode.ok;
  },
};

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
function resourceIn(input: Uint8Array): KubeObject | undefined {
  let parsed: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    const hasContent = (doc: string) => doc.split("\n").some((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
    parsed = text.trimStart().startsWith("{") ? JSON.parse(text) : load(text.split(/^---/m).find(hasContent) ?? "");
  } catch {
    return undefined; // not a resource, or several documents: the flight decides what that means
  }
  const o = parsed as KubeObject;
  return isObject(parsed) && typeof o.kind === "string" && typeof o.apiVersion === "string" && typeof o.metadata?.name === "string" ? o : undefined;
}

function readObjects(path: string): KubeObject[] {
  const text = readText(path, "--cluster");
  let docs: unknown[];
  try {
    docs = loadAll(text).flatMap((d) => (Array.isArray(d) ? d : [d])).filter((d) => d !== null && d !== undefined);
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
