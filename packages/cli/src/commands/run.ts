import { readFileSync } from "node:fs";
import { load, loadAll } from "js-yaml";
import { FakeCluster, runFlight, atcReleaseName, type KubeObject } from "@yoke-flight/testing";
import { parse } from "../args.js";
import { ExitCode, UserError, type Command } from "../command.js";

export const run: Command = {
  name: "run",
  help: `Usage: flight run <flight.wasm> --input <cr.yaml|-> [options]

Runs the flight as 'yoke takeoff --stdout' would and prints its output; the
cluster it sees is a fake one made of the objects you give. Errors go to
stderr, with stack traces at your TypeScript lines (the module prints them
itself; for a module built with --javy, through <flight.wasm>.map).

Options:
  -i, --input <file>          the custom resource (JSON or YAML); - for stdin
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
    const args = parse("run", argv, {
      input: { type: "string", short: "i" },
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

    const input = readText(args.values.input, "--input");
    let parsed: unknown;
    try {
      parsed = load(input);
    } catch (e) {
      throw new UserError(`--input ${args.values.input} is not JSON or YAML: ${(e as Error).message}`);
    }
    const resource = isObject(parsed) ? (parsed as KubeObject) : undefined;
    const cluster = new FakeCluster(args.values.cluster ? readObjects(args.values.cluster) : []);

    const result = await runFlight(wasm, {
      input,
      release: args.values.release ?? (resource?.kind && resource.metadata?.name && resource.apiVersion ? atcReleaseName(resource) : "release"),
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

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    throw new UserError(`${flag} ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
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
