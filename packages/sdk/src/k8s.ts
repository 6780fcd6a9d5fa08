// Reading live cluster state through yoke's host functions, like
// pkg/flight/wasi/k8s in yoke's Go SDK. The calls are synchronous: the host
// answers before the flight continues. They need the Airway (or `yoke
// takeoff --cluster-access`) to grant cluster access, and a resource the
// release does not own is only visible through a resource access matcher.
import { ErrClusterAccessNotGranted, ErrForbidden, ErrNotFound, ErrUnauthenticated } from "./errors.js";
import { namespace as releaseNamespace } from "./environment.js";
import { HostState } from "./abi.js";
import { host, type HostReply } from "./host.js";

export interface ResourceIdentifier {
  name: string;
  /**
   * For lookup()/find(): defaults to "default" for namespaced kinds, as
   * yoke's host does. lookupResource()/findResource() default it to the
   * release namespace instead (see there).
   */
  namespace?: string;
  kind: string;
  /** "v1", "apps/v1", "examples.com/v1", ... */
  apiVersion: string;
}

export interface RestMapping {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
}

/** host.RestMapping as yoke's host marshals it: RestMapping's fields, capitalised as Go exports them. */
export type GoRestMapping = { [K in keyof RestMapping as Capitalize<K>]: RestMapping[K] };

function fail(reply: HostReply): never {
  const [state, text] = reply;
  switch (state) {
    case HostState.featureNotGranted:
      throw new ErrClusterAccessNotGranted();
    case HostState.notFound:
      throw new ErrNotFound(text);
    case HostState.forbidden:
      throw new ErrForbidden(text);
    case HostState.unauthenticated:
      throw new ErrUnauthenticated(text);
    case HostState.error:
      throw new Error(text);
    default:
      throw new Error(`the host answered with an unknown state ${state}: ${text}`);
  }
}

function parse<T>(reply: HostReply, what: string): T {
  if (reply[0] !== HostState.ok) fail(reply);
  try {
    return JSON.parse(reply[1]) as T;
  } catch (e) {
    throw new Error(`the host's answer to ${what} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * The live object. Throws ErrNotFound when it does not exist,
 * ErrForbidden when the release may not see it, ErrClusterAccessNotGranted
 * when the flight has no cluster access.
 */
export function lookup<T = Record<string, unknown>>(id: ResourceIdentifier): T {
  const reply = host().lookup(id.name, id.namespace ?? "", id.kind, id.apiVersion);
  return parse<T>(reply, `the lookup of ${id.kind} ${id.namespace ? id.namespace + "/" : ""}${id.name}`);
}

/** Like lookup(), but null when the object does not exist. */
export function find<T = Record<string, unknown>>(id: ResourceIdentifier): T | null {
  try {
    return lookup<T>(id);
  } catch (e) {
    if (e instanceof ErrNotFound) return null;
    throw e;
  }
}

interface Identified {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

function identify(resource: Identified): ResourceIdentifier {
  const { apiVersion, kind, metadata } = resource;
  if (!apiVersion || !kind || !metadata?.name) {
    throw new TypeError("lookupResource needs an object with apiVersion, kind and metadata.name");
  }
  return { name: metadata.name, namespace: metadata.namespace || namespaceOfDesired(apiVersion, kind), kind, apiVersion };
}

/**
 * Where yoke puts a namespaced object the flight emits without a namespace:
 * the release namespace (pkg/yoke/yoke_takeoff.go setTargetNS). yoke's host
 * would look in "default" instead, so ask how the kind is served when that
 * differs: a cluster-scoped kind keeps no namespace (the host keeps a
 * namespace it is given in the references it tracks), and a kind the
 * cluster does not serve is left to the lookup to report.
 */
function namespaceOfDesired(apiVersion: string, kind: string): string | undefined {
  const target = releaseNamespace();
  if (!target || target === "default") return undefined;
  // The host cuts at the first "/": a core apiVersion ("v1") is asked as "/v1" (group "").
  const reply = host().restMapping(apiVersion.includes("/") ? apiVersion : `/${apiVersion}`, kind);
  if (reply[0] !== HostState.ok) return undefined;
  try {
    return (JSON.parse(reply[1]) as { Namespaced?: boolean }).Namespaced ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live version of a resource, identified by its apiVersion, kind, name
 * and namespace. A namespaced resource without metadata.namespace is looked
 * up in the release namespace, where yoke creates it, so
 * `lookupResource(desired)` finds what the flight emitted. (yoke's Go
 * `k8s.LookupResource` passes the namespace as is, and its host then looks in
 * "default".)
 */
export function lookupResource<T extends Identified>(resource: T): T {
  return lookup<T>(identify(resource));
}

/** Like lookupResource() (release namespace by default), but null when the object does not exist. */
export function findResource<T extends Identified>(resource: T): T | null {
  return find<T>(identify(resource));
}

/** How the cluster serves a kind: its resource name and scope. */
export function restMapping(groupOrApiVersion: string, kind: string): RestMapping {
  const m = parse<GoRestMapping>(host().restMapping(groupOrApiVersion, kind), `the REST mapping of ${kind}`);
  return { group: m.Group, version: m.Version, kind: m.Kind, resource: m.Resource, namespaced: m.Namespaced };
}
