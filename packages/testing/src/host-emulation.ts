// yoke's host functions, emulated against a FakeCluster: the same decisions,
// states and messages as yokecd/yoke internal/wasi/host/host.go, including
// the references the ATC tracks to know when to run a flight again.
import { HostState, type HostHandlers, type HostReply } from "@yoke-flight/runtime";
import type { HostCall, HostStateCode } from "@yoke-flight/sdk/abi";
import type { FakeCluster } from "./cluster.js";
import { hostReply } from "./go-json.js";
import { matchResource, matcherContains } from "./matcher.js";
import {
  FEATURE_NOT_GRANTED, OWNERSHIP_FORBIDDEN, UNAUTHORIZED, badGroupVersion, notFound, rbacForbidden,
} from "./messages.js";
import { groupKind, ownerFrom, ownerOf, resourceRef } from "./refs.js";

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

export function emulateHost(options: EmulationOptions): Emulation {
  const { cluster, access } = options;
  const owner = ownerFrom(options.release, options.namespace);
  const matchers = access.resourceMatchers ?? [];
  const sets = { internal: new Set<string>(), external: new Set<string>(), candidate: new Set<string>() };
  const lookups: LookupRecord[] = [];

  // The call recorded with its result (the object, the mapping, or the error message), answered as yoke's host does.
  const record = (call: HostCall, args: string[], state: HostStateCode, result: unknown): HostReply => {
    lookups.push({ call, args, state, result });
    return hostReply(call, state, result);
  };
  const fail = record;

  const mapping = (group: string, kind: string, versions: string[]) => cluster.restMapping(group, kind, versions);

  const lookup: HostHandlers["lookup"] = (name, namespace, kind, apiVersion) => {
    const args = [name, namespace, kind, apiVersion];
    if (!access.enabled) return fail("lookup", args, HostState.featureNotGranted, FEATURE_NOT_GRANTED);

    const slashes = apiVersion.split("/").length - 1;
    if (slashes > 1) return fail("lookup", args, HostState.error, badGroupVersion(apiVersion));
    const [group, version] = slashes === 1 ? apiVersion.split("/") as [string, string] : ["", apiVersion];

    const api = mapping(group, kind, [version]);
    if (typeof api === "string") return fail("lookup", args, HostState.error, api);
    // yoke defaults the namespace of a namespaced kind; a cluster-scoped
    // object is fetched without one, but yoke's reference keeps what was asked.
    const ns = api.namespaced ? namespace || "default" : "";
    const refNamespace = api.namespaced ? ns : namespace;

    const denial = cluster.denialFor({ namespace: ns, group, kind, name });
    if (denial) {
      const state = denial.as === "forbidden" ? HostState.forbidden : denial.as === "unauthenticated" ? HostState.unauthenticated : HostState.error;
      const message = denial.message
        ?? (denial.as === "forbidden" ? rbacForbidden(group, api.resource, name, ns, cluster.user)
          : denial.as === "unauthenticated" ? UNAUTHORIZED : "the server is currently unable to handle the request");
      return fail("lookup", args, state, message);
    }

    const object = cluster.get({ group, kind, namespace: ns, name });
    if (!object) {
      const ref = `${refNamespace}/${groupKind(group, kind)}:${name}`;
      if (matchers.some((m) => matcherContains(m, ref))) sets.external.add(ref);
      else sets.candidate.add(ref);
      return fail("lookup", args, HostState.notFound, notFound(group, api.resource, name));
    }
    if (ownerOf(object) !== owner) {
      if (!matchers.some((m) => matchResource(object, m))) return fail("lookup", args, HostState.forbidden, OWNERSHIP_FORBIDDEN);
      sets.external.add(resourceRef(object));
    } else {
      sets.internal.add(resourceRef(object));
    }
    // The API server serves the object at the version asked for; the fake keeps one copy.
    const served = { ...object, apiVersion: group ? `${group}/${api.version}` : api.version };
    return record("lookup", args, HostState.ok, served);
  };

  const restMapping: HostHandlers["restMapping"] = (groupOrApiVersion, kind) => {
    const args = [groupOrApiVersion, kind];
    if (!access.enabled) return fail("restMapping", args, HostState.featureNotGranted, FEATURE_NOT_GRANTED);
    // yoke cuts at the first "/": "apps/v1" is group apps, version v1; "v1" alone is a *group* named v1.
    const slash = groupOrApiVersion.indexOf("/");
    const group = slash < 0 ? groupOrApiVersion : groupOrApiVersion.slice(0, slash);
    const version = slash < 0 ? "" : groupOrApiVersion.slice(slash + 1);
    const api = mapping(group, kind, version ? [version] : []);
    if (typeof api === "string") return fail("restMapping", args, HostState.error, api);
    const result = { Group: api.group, Version: api.version, Kind: api.kind, Resource: api.resource, Namespaced: api.namespaced };
    return record("restMapping", args, HostState.ok, result);
  };

  const tracked = (): Tracked => ({ internal: [...sets.internal], external: [...sets.external], candidate: [...sets.candidate] });
  return { handlers: { lookup, restMapping }, tracked, lookups };
}
