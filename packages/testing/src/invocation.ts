// How yoke invokes a flight, from runFlight's options: release and
// namespace, stdin, env and args (pkg/yoke/wasm.go EvalFlight), and the
// cluster and access its host functions see. Shared by the .wasm runner and
// the in-process mode, so both see exactly the same invocation.
import { load } from "js-yaml";
import { FakeCluster } from "./cluster.js";
import { goMarshal } from "./go-json.js";
import type { ClusterAccess, LookupRecord, Tracked } from "./host-emulation.js";
import { OutputError, parseFlightOutput } from "./output.js";
import { atcReleaseName, type KubeObject } from "./refs.js";

/** The yoke version the harness reports to flights (YOKE_VERSION): the one the conformance suite runs. */
export const YOKE_VERSION = "v0.20.27";

/** yoke's default flight timeout: `cmp.Or(params.Timeout, 10*time.Second)` (internal/wasi/wasi.go). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RunFlightOptions {
  /**
   * The flight's input. An object is passed as the ATC passes a custom
   * resource: Go's json.Marshal of it (sorted keys). A string or bytes
   * (Uint8Array) are passed unchanged, like a file piped to `yoke takeoff`:
   * the flight sees exactly those bytes on stdin.
   */
  input?: unknown;
  /** Default: the ATC's name for the input resource (group.Kind.namespace.name), else "release". */
  release?: string;
  /** Default: the input's metadata.namespace, else "default". */
  namespace?: string;
  clusterAccess?: boolean;
  resourceAccessMatchers?: string[];
  cluster?: FakeCluster | KubeObject[];
  /** Extra environment variables (yoke's own always win, as in yoke). */
  env?: Record<string, string>;
  /** Arguments after the program name (args[0] is the release, as in yoke). */
  args?: string[];
  /** Default DEFAULT_TIMEOUT_MS (10 000), yoke's default. */
  timeoutMs?: number;
  maxMemoryMib?: number;
  yokeVersion?: string;
  /**
   * Answer host calls from a live cluster (read-only: discovery and GETs),
   * with yoke's rules on top, instead of `cluster`. A KubeConfig of @kubernetes/client-node.
   */
  kubeConfig?: import("@kubernetes/client-node").KubeConfig;
  /**
   * Answer host calls from a cassette (a path, as `flight run --record`
   * writes it, or a parsed one). Its release, namespace, env, args and cluster
   * access are the defaults. runFlight throws a CassetteError when the
   * flight makes a call the cassette lacks, or leaves one unused (unless allowUnused).
   */
  replay?: string | import("./cassette.js").Cassette;
  allowUnused?: boolean;
}

/**
 * What a flight's process left when it ended, wherever it ran (the worker,
 * in-process): the fields every result of a run has. A field added here is
 * in the worker's JobResult, in Finished and in FlightRun.
 */
export interface ProcessResult {
  exitCode: number;
  stdout: string;
  /** stderr; in a FlightRun with positions in the bundle mapped to the TypeScript through the source map. */
  stderr: string;
  /** The host calls the flight made, with their answers. */
  lookups: LookupRecord[];
  tracked: Tracked;
  durationMs: number;
  /** Set when the flight did not end by itself (a trap, a broken ABI); yoke reports these as errors too. */
  crash?: string;
}

/** What a finished process gave: turned into a FlightRun the way yoke reads a flight's result. */
export interface Finished extends ProcessResult {
  /** stderr as the flight wrote it, before source mapping. */
  rawStderr: string;
}

export interface FlightRun extends Omit<Finished, "crash"> {
  /** Exited 0 and wrote a valid flight output. */
  ok: boolean;
  /** Why the run failed, in yoke's words where yoke has words for it. */
  error?: string;
  /** The resources, in the order the flight wrote them (empty when it failed). */
  resources: KubeObject[];
  /** The stages yoke applies: Namespaces and CRDs go first, in a stage of their own. */
  stages: KubeObject[][];
}

export interface Invocation {
  release: string;
  namespace: string;
  /** Exactly what the flight reads on stdin. */
  stdin: string | Uint8Array;
  env: Record<string, string>;
  args: string[];
  cluster: FakeCluster;
  access: ClusterAccess;
}

/**
 * The release and namespace yoke's ATC would use for this input: the ATC's
 * name for the custom resource (group.Kind.namespace.name) and its
 * namespace, else "release" and "default". The input may be the object, or
 * its JSON or YAML (the first document), as text or bytes.
 */
export function invocationDefaults(input: RunFlightOptions["input"]): { release: string; namespace: string } {
  const resource = resourceOf(input);
  return { release: resource ? atcReleaseName(resource) : "release", namespace: resource?.metadata.namespace ?? "default" };
}

export function invocation(options: RunFlightOptions): Invocation {
  const input = options.input;
  const defaults = invocationDefaults(input);
  const release = options.release ?? defaults.release;
  const namespace = options.namespace ?? defaults.namespace;
  return {
    release,
    namespace,
    stdin: input === undefined ? "" : typeof input === "string" || input instanceof Uint8Array ? input : goMarshal(input),
    env: { ...options.env, YOKE_RELEASE: release, YOKE_NAMESPACE: namespace, NAMESPACE: namespace, YOKE_VERSION: options.yokeVersion ?? YOKE_VERSION },
    args: [release, ...(options.args ?? [])],
    cluster: FakeCluster.of(options.cluster),
    access: { enabled: options.clusterAccess ?? false, resourceMatchers: options.resourceAccessMatchers },
  };
}

export function flightRun(finished: Finished): FlightRun {
  const { crash, ...base } = finished;
  if (crash) return failed(`the flight crashed: ${crash}${base.stderr ? `\n${base.stderr}` : ""}`, base);
  if (base.exitCode !== 0) return failed(base.stderr.trim() || `exit code ${base.exitCode} (no output captured on stderr)`, base);
  try {
    return { ok: true, ...base, ...parseFlightOutput(base.stdout) };
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    return failed(e.message, base);
  }
}

export function failed(error: string, partial: Partial<FlightRun>): FlightRun {
  return {
    ok: false,
    exitCode: -1,
    stdout: "",
    stderr: "",
    rawStderr: "",
    lookups: [],
    tracked: { internal: [], external: [], candidate: [] },
    durationMs: 0,
    ...partial,
    error,
    resources: [],
    stages: [],
  };
}

/** stdin as the SDK's readStdin() gives it: UTF-8 decoded, as the runtime decodes it. */
export function stdinText(stdin: string | Uint8Array): string {
  return typeof stdin === "string" ? stdin : new TextDecoder().decode(stdin);
}

/** The custom resource in the input, if it is one; text that is not (several documents, binary, anything else) gives none. */
function resourceOf(input: RunFlightOptions["input"]): KubeObject | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== "string" && !(input instanceof Uint8Array)) return isResource(input) ? input : undefined;
  try {
    const text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
    const hasContent = (doc: string) => doc.split("\n").some((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
    const parsed: unknown = text.trimStart().startsWith("{") ? JSON.parse(text) : load(text.split(/^---/m).find(hasContent) ?? "");
    return isResource(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isResource(value: unknown): value is KubeObject {
  return (
    !!value &&
    typeof value === "object" &&
    typeof (value as KubeObject).kind === "string" &&
    typeof (value as KubeObject).metadata?.name === "string" &&
    typeof (value as KubeObject).apiVersion === "string"
  );
}
