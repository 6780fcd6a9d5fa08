// yoke's host functions answered by a live cluster: host.go's rules
// (host-emulation.ts, the same the emulation runs) on the API server's
// discovery and GETs through @kubernetes/client-node: the RESTMapping of
// client-go's DeferredDiscoveryRESTMapper, the GET with the kubeconfig's
// credentials (errors passed through with the server's message).
// Read-only by construction: this module only sends discovery requests and
// GETs of single objects; it has no code path that writes.
import { ApiException, ApisApi, CoreApi, KubeConfig, KubernetesObjectApi, type V1APIResource } from "@kubernetes/client-node";
import { ObjectSerializer } from "@kubernetes/client-node/dist/serializer.js";
import { HostState, type HostReply } from "@yoke-flight/runtime";
import { hostCalls, type HostCalls, type HostStateCode } from "@yoke-flight/sdk/abi";
import { hostReply } from "./go-json.js";
import { ReadFailure, runRuleAsync, type AsyncClusterReader, type ClusterAccess, type LookupRecord, type Outcome, type RuleContext } from "./host-emulation.js";
import type { GoRestMapping } from "@yoke-flight/sdk";
import { noKindMatch } from "./messages.js";
import { ownerFrom, type KubeObject } from "./refs.js";

/** host.RestMapping as yoke's host marshals it (the SDK's GoRestMapping; field order: the ABI table's `answer`). */
export type Mapping = GoRestMapping;

/** The host functions answered asynchronously (a live cluster, a cassette): one method per entry of the ABI table. */
export type AsyncHostHandlers = HostCalls<Promise<HostReply>>;

const registered = new Set<string>();
const AS_IS = { serialize: (data: unknown) => data, deserialize: (data: unknown) => data };

/**
 * Makes KubernetesObjectApi send and return objects of this kind exactly as
 * JSON, through client-node's documented ObjectSerializer.registerModel hook.
 * Without it, built-in kinds go through client-node's generated models,
 * which drop fields they do not know and rename others.
 */
export function asIs<T extends { apiVersion?: string; kind?: string }>(object: T): T {
  const [group, version] = object.apiVersion!.includes("/") ? object.apiVersion!.split("/") : ["", object.apiVersion!];
  const key = `${object.apiVersion}/${object.kind}`;
  if (!registered.has(key)) {
    ObjectSerializer.registerModel({ group: group!, version: version!, kind: object.kind! }, AS_IS as never);
    registered.add(key);
  }
  return object;
}

export class KubeConfigError extends Error {
  override name = "KubeConfigError";
}

/** A kubeconfig file, at one of its contexts (default: its current-context). */
export function loadKubeConfig(file: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KubeConfigError(`kubeconfig ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const names = kc.getContexts().map((c) => c.name);
  if (context !== undefined) {
    if (!names.includes(context))
      throw new KubeConfigError(
        `kubeconfig ${file} has no context ${JSON.stringify(context)} (it has ${names.map((n) => JSON.stringify(n)).join(", ") || "none"})`,
      );
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new KubeConfigError(`kubeconfig ${file}: context ${JSON.stringify(kc.getCurrentContext())} names no cluster`);
  return kc;
}

/** GET of one object, as the server stores it (plain JSON). */
export function readObject<T>(kc: KubeConfig, ref: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }): Promise<T> {
  return KubernetesObjectApi.makeApiClient(kc).read(asIs(ref) as never) as Promise<T>;
}

/** Exposes the discovery KubernetesObjectApi already does (GET /api/v1, /apis/<group>/<version>). */
class Discovery extends KubernetesObjectApi {
  async resources(apiVersion: string): Promise<V1APIResource[]> {
    await this.resource(apiVersion, "");
    return (this.apiVersionResourceCache[apiVersion]?.resources ?? []).filter((r) => !r.name.includes("/"));
  }
}

/** The group's served versions, its preferred version first (client-go's discovery order). */
async function groupVersions(kc: KubeConfig, group: string): Promise<string[]> {
  if (group === "") return (await kc.makeApiClient(CoreApi).getAPIVersions()).versions;
  const found = (await kc.makeApiClient(ApisApi).getAPIVersions()).groups.find((g) => g.name === group);
  const all = found?.versions.map((v) => v.version) ?? [];
  const preferred = found?.preferredVersion?.version;
  return preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
}

/** Every resource kind the server serves (not subresources), by group version, preferred versions first. */
export async function servedKinds(kc: KubeConfig): Promise<Mapping[]> {
  const discovery = kc.makeApiClient(Discovery);
  const groups = (await kc.makeApiClient(ApisApi).getAPIVersions()).groups;
  const all = [
    ...(await kc.makeApiClient(CoreApi).getAPIVersions()).versions.map((v) => ({ group: "", version: v })),
    ...(await Promise.all(groups.map(async (g) => (await groupVersions(kc, g.name)).map((version) => ({ group: g.name, version }))))).flat(),
  ];
  const kinds: Mapping[] = [];
  for (const { group, version } of all) {
    for (const r of await discovery.resources(group ? `${group}/${version}` : version)) {
      kinds.push({ Group: group, Version: version, Kind: r.kind, Resource: r.name, Namespaced: r.namespaced });
    }
  }
  return kinds;
}

/** client-go's discovery RESTMapper: the group's preferred version first, then its other versions in the server's order. */
export async function restMappingOf(kc: KubeConfig, group: string, kind: string, versions: string[]): Promise<Mapping | Error> {
  const discovery = kc.makeApiClient(Discovery);
  const served = await groupVersions(kc, group);
  const wanted = versions.filter((v) => v !== "");
  const candidates = wanted.length ? served.filter((v) => v === wanted[0]) : served;
  for (const version of candidates) {
    const resource = (await discovery.resources(group ? `${group}/${version}` : version)).find((r) => r.kind === kind);
    if (resource) return { Group: group, Version: version, Kind: kind, Resource: resource.name, Namespaced: resource.namespaced };
  }
  return new Error(noKindMatch(group, kind, versions));
}

export interface LiveHostOptions {
  kubeConfig: KubeConfig;
  release: string;
  namespace: string;
  access: ClusterAccess;
}

export interface LiveHost {
  handlers: AsyncHostHandlers;
  /** Every call answered so far, in order, with the exact body the flight got. */
  calls: (LookupRecord & { body: string })[];
}

/** client-go's RESTMapper and dynamic GETs against a live cluster, as host.go's rules read them. */
function liveClusterReader(kc: KubeConfig): AsyncClusterReader {
  return {
    async mapping(group, kind, versions) {
      const m = await restMappingOf(kc, group, kind, versions);
      if (m instanceof Error) return new ReadFailure(HostState.error, m.message);
      return { group: m.Group, version: m.Version, kind: m.Kind, resource: m.Resource, namespaced: m.Namespaced };
    },
    async get({ group, version, kind, namespace, name }) {
      try {
        return await readObject<KubeObject>(kc, {
          apiVersion: group ? `${group}/${version}` : version,
          kind,
          metadata: namespace ? { name, namespace } : { name },
        });
      } catch (e) {
        if (!(e instanceof ApiException)) throw e;
        const failure = apiError(e);
        return new ReadFailure(failure.state, failure.message);
      }
    },
  };
}

/** host.BuildFunctionMap against a live cluster: host.go's rules (host-emulation.ts) on client-node's discovery and GETs. */
export function liveHost(options: LiveHostOptions): LiveHost {
  // References are tracked by the ATC's runs; a live run does not use them.
  const context: RuleContext = { access: options.access, owner: ownerFrom(options.release, options.namespace), track: () => {} };
  const reader = liveClusterReader(options.kubeConfig);
  const calls: LiveHost["calls"] = [];
  const handlers = hostCalls((call) => async (...args): Promise<HostReply> => {
    let outcome: Outcome;
    try {
      outcome = await runRuleAsync(call, context, args, reader);
    } catch (e) {
      // A failure without the server's Status (no route, TLS): yoke's errHandler passes err.Error() on as StateError.
      outcome = { state: HostState.error, result: (e as Error).message };
    }
    const reply = hostReply(call, outcome.state, outcome.result);
    calls.push({ call, args, ...outcome, body: reply[1] });
    return reply;
  });
  return { handlers, calls };
}

/** The API server's Status from a client-node error. */
export function statusOf(e: unknown): { reason?: string; message: string; code?: number; details?: unknown } {
  if (!(e instanceof ApiException)) throw e;
  const body = e.body as unknown;
  return typeof body === "string" ? JSON.parse(body) : (body as never);
}

/** The state yoke's errHandler picks from the API server's Status reason, and the Status message (err.Error()). */
function apiError(e: unknown): { state: HostStateCode; message: string } {
  const status = statusOf(e);
  const state =
    status.reason === "NotFound"
      ? HostState.notFound
      : status.reason === "Forbidden"
        ? HostState.forbidden
        : status.reason === "Unauthorized"
          ? HostState.unauthenticated
          : HostState.error;
  return { state, message: status.message };
}
