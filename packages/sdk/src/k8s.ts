// Reading live cluster state through yoke's host functions, like
// pkg/flight/wasi/k8s in yoke's Go SDK. The calls are synchronous: the host
// answers before the flight continues. They need the Airway (or `yoke
// takeoff --cluster-access`) to grant cluster access, and a resource the
// release does not own is only visible through a resource access matcher.
import {
  ErrClusterAccessNotGranted, ErrForbidden, ErrNotFound, ErrUnauthenticated,
} from "./errors.js";
import { host, type HostReply } from "./host.js";

export interface ResourceIdentifier {
  name: string;
  /** Defaults to "default" for namespaced kinds, as yoke does. */
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

/** yoke's wasm.State: how a host call ended. */
export const State = {
  ok: 0, featureNotGranted: 1, error: 2, notFound: 3, unauthenticated: 4, forbidden: 5,
} as const;

function fail(reply: HostReply): never {
  const [state, text] = reply;
  switch (state) {
    case State.featureNotGranted: throw new ErrClusterAccessNotGranted();
    case State.notFound: throw new ErrNotFound(text);
    case State.forbidden: throw new ErrForbidden(text);
    case State.unauthenticated: throw new ErrUnauthenticated(text);
    case State.error: throw new Error(text);
    default: throw new Error(`the host answered with an unknown state ${state}: ${text}`);
  }
}

function parse<T>(reply: HostReply, what: string): T {
  if (reply[0] !== State.ok) fail(reply);
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
  return { name: metadata.name, namespace: metadata.namespace, kind, apiVersion };
}

/** The live version of a resource, identified by its apiVersion, kind, name and namespace. */
export function lookupResource<T extends Identified>(resource: T): T {
  return lookup<T>(identify(resource));
}

/** Like lookupResource(), but null when the object does not exist. */
export function findResource<T extends Identified>(resource: T): T | null {
  return find<T>(identify(resource));
}

/** How the cluster serves a kind: its resource name and scope. */
export function restMapping(groupOrApiVersion: string, kind: string): RestMapping {
  const m = parse<{ Group: string; Version: string; Kind: string; Resource: string; Namespaced: boolean }>(
    host().restMapping(groupOrApiVersion, kind),
    `the REST mapping of ${kind}`,
  );
  return { group: m.Group, version: m.Version, kind: m.Kind, resource: m.Resource, namespaced: m.Namespaced };
}
