// A cassette: every host call a flight made (k8s_lookup, k8s_rest_mapping,
// any function of the ABI table) with the answer it got (state and result), plus how the run was invoked
// (release, namespace, env, args, cluster access), saved as YAML so that a
// run against a live cluster can be replayed offline, byte for byte.
// Secrets' data/stringData values are redacted unless the recorder keeps them.
import { readFileSync, writeFileSync } from "node:fs";
import { HostState, type HostReply } from "@yoke-flight/runtime";
import { HOST_FUNCTION_ENTRIES, HOST_STATE_NAMES, hostCalls, hostFunctionOf, type HostCall, type HostStateCode } from "@yoke-flight/sdk/abi";
import { dump, load } from "js-yaml";
import type { ApiResource } from "./api-resources.js";
import { FakeCluster } from "./cluster.js";
import { hostReply } from "./go-json.js";
import type { LookupRecord } from "./host-emulation.js";
import type { AsyncHostHandlers, Mapping } from "./live-host.js";
import { OWNERSHIP_FORBIDDEN } from "./messages.js";
import { canonical, groupKind, type KubeObject } from "./refs.js";

export const CASSETTE_VERSION = 1;
/** What a redacted Secret's data values become (base64 of "REDACTED", still valid base64). */
export const REDACTED_DATA = "UkVEQUNURUQ=";
export const REDACTED_STRING = "REDACTED";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** The host states a recorded call may end in, as an error message names them. */
const STATE_RANGE = `0-${Math.max(...Object.keys(HOST_STATE_NAMES).map(Number))}`;

export interface CassetteCall {
  /** The host function, by the ABI table's `call` name. */
  call: HostCall;
  args: string[];
  state: number;
  /** The object for a found lookup, the mapping for a rest mapping, else yoke's error message. */
  result: unknown;
}

export interface Cassette {
  cassette: typeof CASSETTE_VERSION;
  release: string;
  namespace: string;
  env: Record<string, string>;
  args: string[];
  clusterAccess: boolean;
  resourceAccessMatchers: string[];
  /** "redacted": Secrets' data and stringData values were replaced. */
  secrets: "redacted" | "kept";
  calls: CassetteCall[];
}

export class CassetteError extends Error {
  override name = "CassetteError";
}

/** A Secret with its values replaced (and kubectl's last-applied copy of them dropped); other objects unchanged. */
export function redactSecret(object: unknown): unknown {
  const o = object as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  if (!o || o.kind !== "Secret" || o.apiVersion !== "v1") return object;
  const copy = structuredClone(o);
  if (copy.data) copy.data = Object.fromEntries(Object.keys(copy.data).map((k) => [k, REDACTED_DATA]));
  if (copy.stringData) copy.stringData = Object.fromEntries(Object.keys(copy.stringData).map((k) => [k, REDACTED_STRING]));
  if (copy.metadata.annotations?.[LAST_APPLIED] !== undefined) copy.metadata.annotations[LAST_APPLIED] = REDACTED_STRING;
  return copy;
}

export interface RecordedRun {
  release: string;
  namespace: string;
  env: Record<string, string>;
  args: string[];
  clusterAccess: boolean;
  resourceAccessMatchers?: string[];
  lookups: LookupRecord[];
}

export function cassetteOf(run: RecordedRun, options: { keepSecrets?: boolean } = {}): Cassette {
  return {
    cassette: CASSETTE_VERSION,
    release: run.release,
    namespace: run.namespace,
    env: run.env,
    args: run.args,
    clusterAccess: run.clusterAccess,
    resourceAccessMatchers: run.resourceAccessMatchers ?? [],
    secrets: options.keepSecrets ? "kept" : "redacted",
    calls: run.lookups.map((l) => ({
      call: l.call,
      args: l.args,
      state: l.state,
      result: !options.keepSecrets && l.state === HostState.ok ? redactSecret(l.result) : l.result,
    })),
  };
}

export function cassetteYAML(cassette: Cassette): string {
  const header =
    `# flight cassette: the host calls of a flight run and their answers (flight run --record).\n` +
    (cassette.secrets === "redacted"
      ? `# Secrets' data and stringData values are redacted.\n`
      : `# Secrets are kept as the cluster returned them: do not commit this file.\n`);
  return header + dump(cassette, { noRefs: true, lineWidth: -1, sortKeys: false });
}

export function writeCassette(path: string, cassette: Cassette): void {
  writeFileSync(path, cassetteYAML(cassette));
}

export function readCassette(path: string): Cassette {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CassetteError(`cassette ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parseCassette(text, path);
}

export function parseCassette(text: string, where = "cassette"): Cassette {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new CassetteError(`${where} is not YAML: ${(e as Error).message}`);
  }
  const c = doc as Cassette;
  const fail = (field: string, what: string) => new CassetteError(`${where}: ${field} ${what}`);
  if (!c || typeof c !== "object") throw fail("", "is not a cassette (expected a mapping with cassette: 1)");
  if (c.cassette !== CASSETTE_VERSION) throw fail("cassette", `must be ${CASSETTE_VERSION}, not ${JSON.stringify(c.cassette)}`);
  if (typeof c.release !== "string") throw fail("release", "must be a string");
  if (typeof c.namespace !== "string") throw fail("namespace", "must be a string");
  if (!Array.isArray(c.calls)) throw fail("calls", "must be a list");
  c.env ??= {};
  c.args ??= [];
  c.resourceAccessMatchers ??= [];
  c.calls.forEach((call, i) => {
    const arity = hostFunctionOf(call?.call)?.params.length;
    if (arity === undefined) throw fail(`calls[${i}].call`, `must be ${HOST_FUNCTION_ENTRIES.map(([, f]) => f.call).join(" or ")}`);
    if (!Array.isArray(call.args) || call.args.length !== arity || call.args.some((a) => typeof a !== "string")) {
      throw fail(`calls[${i}].args`, `must be ${arity} strings`);
    }
    if (!Number.isInteger(call.state) || !(call.state in HOST_STATE_NAMES)) throw fail(`calls[${i}].state`, `must be a host state ${STATE_RANGE}`);
    if (call.state !== HostState.ok && typeof call.result !== "string") throw fail(`calls[${i}].result`, "must be the error message (a string)");
  });
  return c;
}

/** The exact reply yoke's host gives for a recorded answer. */
export function answerOf(call: CassetteCall): HostReply {
  return hostReply(call.call, call.state as HostStateCode, call.result);
}

const describe = (call: { call: string; args: string[] }) => `${call.call}(${call.args.map((a) => JSON.stringify(a)).join(", ")})`;

export interface ReplayHost {
  handlers: AsyncHostHandlers;
  calls: LookupRecord[];
  /** Calls the flight made that the cassette lacks. */
  missing: string[];
  /** Throws a CassetteError when the flight made a call the cassette lacks, or (unless allowUnused) left recorded calls unused. */
  check(): void;
}

/**
 * Answers from a cassette. A call is matched by its name and arguments; when
 * the same call was recorded several times, the answers are given in order.
 */
export function replayHost(cassette: Cassette, where: string, options: { allowUnused?: boolean } = {}): ReplayHost {
  const remaining = cassette.calls.map((c) => ({ ...c, used: false }));
  const calls: LookupRecord[] = [];
  const missing: string[] = [];
  const answer = (call: HostCall, args: string[]): HostReply => {
    const found = remaining.find((c) => !c.used && c.call === call && c.args.length === args.length && c.args.every((a, i) => a === args[i]));
    if (!found) {
      missing.push(describe({ call, args }));
      const message = `${where} has no answer for ${describe({ call, args })}`;
      calls.push({ call, args, state: HostState.error, result: message });
      return [HostState.error, message];
    }
    found.used = true;
    calls.push({ call, args, state: found.state, result: found.result });
    return answerOf(found);
  };
  return {
    handlers: hostCalls(
      (call) =>
        async (...args) =>
          answer(call, args),
    ),
    calls,
    missing,
    check() {
      if (missing.length) {
        throw new CassetteError(
          `${where} has no answer for ${missing.length === 1 ? "this call" : `${missing.length} calls`} the flight made: ${missing.join("; ")} (record it again with flight run --record)`,
        );
      }
      const unused = remaining.filter((c) => !c.used);
      if (unused.length && !options.allowUnused) {
        throw new CassetteError(
          `${where} holds ${unused.length} call${unused.length === 1 ? "" : "s"} the flight never made: ${unused.map(describe).join("; ")} (record it again, or pass allowUnused)`,
        );
      }
    },
  };
}

/**
 * A FakeCluster holding what a cassette saw: the objects found, the kinds
 * mapped (custom ones included), and the API server's refusals (RBAC,
 * credentials) as denials with the server's message. Kinds the flight never
 * mapped are not known: add them with addApiResource.
 */
export function clusterFromCassette(cassette: Cassette): FakeCluster {
  const objects = new Map<string, KubeObject>();
  const kinds: ApiResource[] = [];
  const builtins = new FakeCluster();
  for (const call of cassette.calls) {
    if (call.state === HostState.ok && call.call === "lookup") {
      const object = call.result as KubeObject;
      objects.set(canonical(object), object);
    } else if (call.state === HostState.ok && call.call === "restMapping") {
      const m = call.result as Mapping;
      const known = typeof builtins.restMapping(m.Group, m.Kind, [m.Version]) !== "string";
      if (!known && !kinds.some((k) => k.group === m.Group && k.kind === m.Kind && k.version === m.Version)) {
        kinds.push({ group: m.Group, version: m.Version, kind: m.Kind, resource: m.Resource, namespaced: m.Namespaced });
      }
    }
  }
  const fake = new FakeCluster([...objects.values()], { apiResources: kinds });
  for (const call of cassette.calls) {
    if (call.call !== "lookup" || call.result === OWNERSHIP_FORBIDDEN) continue;
    const as = call.state === HostState.forbidden ? "forbidden" : call.state === HostState.unauthenticated ? "unauthenticated" : undefined;
    if (!as) continue;
    const [name, namespace, kind, apiVersion] = call.args as [string, string, string, string];
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
    fake.deny({ matcher: `${namespace || "*"}/${groupKind(group, kind)}:${name}`, as, message: call.result as string });
  }
  return fake;
}
