// yoke's host functions: the decisions, states and messages of
// yokecd/yoke internal/wasi/host/host.go (HostLookupResource,
// HostDiscoverMapping, errHandler), including the references the ATC tracks
// to know when to run a flight again (context.go), written once as rules
// over a cluster reader. emulateHost runs them against a FakeCluster,
// synchronously; live-host.ts runs the same rules against a live cluster.
// One rule per host function of @yoke-flight/sdk/abi's table.
import { HostState, type HostHandlers, type HostReply } from "@yoke-flight/runtime";
import { hostCalls, type HostArgs, type HostCall, type HostStateCode } from "@yoke-flight/sdk/abi";
import type { ApiResource } from "./api-resources.js";
import type { FakeCluster } from "./cluster.js";
import { hostReply } from "./go-json.js";
import { matchResource, matcherContains } from "./matcher.js";
import { FEATURE_NOT_GRANTED, OWNERSHIP_FORBIDDEN, UNAUTHORIZED, badGroupVersion, notFound, rbacForbidden } from "./messages.js";
import { groupKind, ownerFrom, ownerOf, resourceRef, type KubeObject } from "./refs.js";

export interface ClusterAccess {
  enabled: boolean;
  /** Resource access matchers: what the flight may read beyond its own release. */
  resourceMatchers?: string[];
}

/** The references yoke records during a run (internal/wasi/host/context.go). */
export interface Tracked {
  /** Found and owned by the release. */
  internal: string[];
  /** Found outside the release through a matcher, or not found but covered by a matcher: changes requeue the flight in dynamic mode. */
  external: string[];
  /** Not found and not covered by a matcher (subscription mode keeps those the release then creates). */
  candidate: string[];
}

export interface LookupRecord {
  /** The host function, by the ABI table's `call` name. */
  call: HostCall;
  args: string[];
  state: number;
  /** The answer: the object for a found lookup, the mapping, or the error message. */
  result: unknown;
}

/** A read the cluster refused: the state yoke's errHandler picks and the error's text. */
export class ReadFailure {
  constructor(
    readonly state: HostStateCode,
    readonly message: string,
  ) {}
}

/** Which object to GET, once its kind is mapped. */
export interface ObjectRef {
  group: string;
  /** The version the mapping chose. */
  version: string;
  kind: string;
  /** The plural resource name (for the API server's messages). */
  resource: string;
  /** "" for a cluster-scoped kind. */
  namespace: string;
  name: string;
}

/** What the rules read from a cluster: client-go's RESTMapper and a dynamic client's GET. */
export interface ClusterReader {
  /** The RESTMapping of a group and kind at one of these versions (any when none). */
  mapping(group: string, kind: string, versions: string[]): ApiResource | ReadFailure;
  /** The object as the API server serves it at ref.version. */
  get(ref: ObjectRef): KubeObject | ReadFailure;
}

/** The same reads answered asynchronously (a live cluster). */
export type AsyncClusterReader = { [R in keyof ClusterReader]: (...args: Parameters<ClusterReader[R]>) => Promise<ReturnType<ClusterReader[R]>> };

/** One read a rule asks for; the driver resumes the rule with the reader's answer. */
interface Read {
  op: keyof ClusterReader;
  args: unknown[];
}

/** How a host call ended: the state, and the result (object, mapping) or the error message. */
export interface Outcome {
  state: HostStateCode;
  result: unknown;
}

type Rule = Generator<Read, Outcome, unknown>;

/** What the rules know of the run: the flight's access, its release's owner, where references are tracked. */
export interface RuleContext {
  access: ClusterAccess;
  owner: string;
  track(set: keyof Tracked, ref: string): void;
}

function* read<R extends keyof ClusterReader>(op: R, ...args: Parameters<ClusterReader[R]>): Generator<Read, ReturnType<ClusterReader[R]>, unknown> {
  return (yield { op, args }) as ReturnType<ClusterReader[R]>;
}

const failed = (state: HostStateCode, message: string): Outcome => ({ state, result: message });

/** host.go, one rule per host function of the table. */
const RULES: { [C in HostCall]: (context: RuleContext, ...args: HostArgs<C>) => Rule } = {
  // HostLookupResource
  *lookup({ access, owner, track }, name, namespace, kind, apiVersion) {
    if (!access.enabled) return failed(HostState.featureNotGranted, FEATURE_NOT_GRANTED);
    const parts = apiVersion.split("/");
    if (parts.length > 2) return failed(HostState.error, badGroupVersion(apiVersion));
    const [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["", parts[0]!];

    const api = yield* read("mapping", group, kind, [version]);
    if (api instanceof ReadFailure) return failed(api.state, api.message);
    // yoke defaults the namespace of a namespaced kind; a cluster-scoped
    // object is fetched without one, but yoke's reference keeps what was asked.
    const ns = api.namespaced ? namespace || "default" : "";
    const refNamespace = api.namespaced ? ns : namespace;
    const matchers = access.resourceMatchers ?? [];

    const object = yield* read("get", { group, version: api.version, kind, resource: api.resource, namespace: ns, name });
    if (object instanceof ReadFailure) {
      if (object.state === HostState.notFound) {
        const ref = `${refNamespace}/${groupKind(group, kind)}:${name}`;
        track(matchers.some((m) => matcherContains(m, ref)) ? "external" : "candidate", ref);
      }
      return failed(object.state, object.message);
    }
    if (ownerOf(object) !== owner) {
      if (!matchers.some((m) => matchResource(object, m))) return failed(HostState.forbidden, OWNERSHIP_FORBIDDEN);
      track("external", resourceRef(object));
    } else {
      track("internal", resourceRef(object));
    }
    return { state: HostState.ok, result: object };
  },

  // HostDiscoverMapping
  *restMapping({ access }, groupOrApiVersion, kind) {
    if (!access.enabled) return failed(HostState.featureNotGranted, FEATURE_NOT_GRANTED);
    // strings.Cut at the first "/": "apps/v1" is group apps, version v1; "v1" alone is a *group* named v1.
    const slash = groupOrApiVersion.indexOf("/");
    const group = slash < 0 ? groupOrApiVersion : groupOrApiVersion.slice(0, slash);
    const version = slash < 0 ? "" : groupOrApiVersion.slice(slash + 1);
    const api = yield* read("mapping", group, kind, version ? [version] : []);
    if (api instanceof ReadFailure) return failed(api.state, api.message);
    return { state: HostState.ok, result: { Group: api.group, Version: api.version, Kind: api.kind, Resource: api.resource, Namespaced: api.namespaced } };
  },
};

const ruleFor = (call: HostCall, context: RuleContext, args: string[]): Rule =>
  Reflect.apply(RULES[call] as (context: RuleContext, ...args: string[]) => Rule, RULES, [context, ...args]);

/** Runs host function `call` against a reader that answers at once. */
export function runRule(call: HostCall, context: RuleContext, args: string[], reader: ClusterReader): Outcome {
  const rule = ruleFor(call, context, args);
  let step = rule.next();
  while (!step.done) step = rule.next(Reflect.apply(reader[step.value.op], reader, step.value.args));
  return step.value;
}

/** Runs host function `call` against a reader that answers asynchronously. */
export async function runRuleAsync(call: HostCall, context: RuleContext, args: string[], reader: AsyncClusterReader): Promise<Outcome> {
  const rule = ruleFor(call, context, args);
  let step = rule.next();
  while (!step.done) step = rule.next(await Reflect.apply(reader[step.value.op], reader, step.value.args));
  return step.value;
}

/** A FakeCluster as the API server would answer: its RESTMapper, its denials, its objects at the version asked for. */
function fakeClusterReader(cluster: FakeCluster): ClusterReader {
  return {
    mapping(group, kind, versions) {
      const api = cluster.restMapping(group, kind, versions);
      return typeof api === "string" ? new ReadFailure(HostState.error, api) : api;
    },
    get({ group, version, kind, resource, namespace, name }) {
      const denial = cluster.denialFor({ namespace, group, kind, name });
      if (denial) {
        const state = denial.as === "forbidden" ? HostState.forbidden : denial.as === "unauthenticated" ? HostState.unauthenticated : HostState.error;
        return new ReadFailure(
          state,
          denial.message ??
            (denial.as === "forbidden"
              ? rbacForbidden(group, resource, name, namespace, cluster.user)
              : denial.as === "unauthenticated"
                ? UNAUTHORIZED
                : "the server is currently unable to handle the request"),
        );
      }
      const object = cluster.get({ group, kind, namespace, name });
      if (!object) return new ReadFailure(HostState.notFound, notFound(group, resource, name));
      // The API server serves the object at the version asked for; the fake keeps one copy.
      return { ...object, apiVersion: group ? `${group}/${version}` : version };
    },
  };
}

export interface EmulationOptions {
  cluster: FakeCluster;
  release: string;
  namespace: string;
  access: ClusterAccess;
}

export interface Emulation {
  handlers: HostHandlers;
  /** The references recorded so far. */
  tracked(): Tracked;
  lookups: LookupRecord[];
}

/** host.BuildFunctionMap against a FakeCluster: every call recorded, answered as yoke's host does. */
export function emulateHost(options: EmulationOptions): Emulation {
  const sets = { internal: new Set<string>(), external: new Set<string>(), candidate: new Set<string>() };
  const context: RuleContext = { access: options.access, owner: ownerFrom(options.release, options.namespace), track: (set, ref) => sets[set].add(ref) };
  const reader = fakeClusterReader(options.cluster);
  const lookups: LookupRecord[] = [];
  const handlers = hostCalls((call) => (...args): HostReply => {
    const { state, result } = runRule(call, context, args, reader);
    lookups.push({ call, args, state, result });
    return hostReply(call, state, result);
  });
  const tracked = (): Tracked => ({ internal: [...sets.internal], external: [...sets.external], candidate: [...sets.candidate] });
  return { handlers, tracked, lookups };
}
