// What yoke's host functions answer a flight on a real cluster, computed step
// by step as yokecd/yoke internal/wasi/host/host.go does, from a real API
// server's discovery and answers (through @kubernetes/client-node): the
// RESTMapping of client-go's DeferredDiscoveryRESTMapper, the GET with the
// flight's credentials (errors passed through with the server's message),
// then yoke's ownership rule (internal.GetOwner, internal/revision.go).
// Written apart from the harness's emulation on purpose: the tests compare the two.
import { ApiException, ApisApi, CoreApi, KubernetesObjectApi, type KubeConfig, type V1APIResource } from "@kubernetes/client-node";
import { read, statusOf } from "./kube.js";

/** wasm.State values (yokecd/yoke internal/wasm). */
export const STATE = { ok: 0, featureNotGranted: 1, error: 2, notFound: 3, unauthenticated: 4, forbidden: 5 } as const;

export interface HostAnswer {
  state: number;
  /** The object for a found lookup, the mapping for a rest mapping, else the error message. */
  result: unknown;
}

export interface Mapping {
  Group: string;
  Version: string;
  Kind: string;
  Resource: string;
  Namespaced: boolean;
}

/** Exposes the discovery KubernetesObjectApi already does (GET /api/v1, /apis/<group>/<version>). */
class Discovery extends KubernetesObjectApi {
  async resources(apiVersion: string): Promise<V1APIResource[]> {
    await this.resource(apiVersion, "");
    return (this.apiVersionResourceCache[apiVersion]?.resources ?? []).filter((r) => !r.name.includes("/"));
  }
}

/** Every resource kind the server serves (not subresources), by group version, preferred versions first. */
export async function servedKinds(kc: KubeConfig): Promise<Mapping[]> {
  const discovery = kc.makeApiClient(Discovery);
  const groups = (await kc.makeApiClient(ApisApi).getAPIVersions()).groups;
  const groupVersions = [
    ...(await kc.makeApiClient(CoreApi).getAPIVersions()).versions.map((v) => ({ group: "", version: v })),
    ...groups.flatMap((g) => {
      const preferred = g.preferredVersion?.version;
      const versions = g.versions.map((v) => v.version);
      return (preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions).map((version) => ({ group: g.name, version }));
    }),
  ];
  const kinds: Mapping[] = [];
  for (const { group, version } of groupVersions) {
    for (const r of await discovery.resources(group ? `${group}/${version}` : version)) {
      kinds.push({ Group: group, Version: version, Kind: r.kind, Resource: r.name, Namespaced: r.namespaced });
    }
  }
  return kinds;
}

/** client-go's discovery RESTMapper: the group's preferred version first, then its other versions in the server's order. */
export async function restMapping(kc: KubeConfig, group: string, kind: string, versions: string[]): Promise<Mapping | Error> {
  const discovery = kc.makeApiClient(Discovery);
  let groupVersions: string[];
  if (group === "") {
    groupVersions = (await kc.makeApiClient(CoreApi).getAPIVersions()).versions;
  } else {
    const found = (await kc.makeApiClient(ApisApi).getAPIVersions()).groups.find((g) => g.name === group);
    const all = found?.versions.map((v) => v.version) ?? [];
    const preferred = found?.preferredVersion?.version;
    groupVersions = preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
  }
  const wanted = versions.filter((v) => v !== "");
  const candidates = wanted.length ? groupVersions.filter((v) => v === wanted[0]) : groupVersions;
  for (const version of candidates) {
    const resource = (await discovery.resources(group ? `${group}/${version}` : version)).find((r) => r.kind === kind);
    if (resource) return { Group: group, Version: version, Kind: kind, Resource: resource.name, Namespaced: resource.namespaced };
  }
  return new Error(noKindMatchMessage(group, kind, versions));
}

/** meta.NoKindMatchError.Error() (k8s.io/apimachinery pkg/api/meta/errors.go). */
function noKindMatchMessage(group: string, kind: string, versions: string[]): string {
  const searched = [...new Set(versions.map((v) => (group ? `${group}/${v}` : v)))].sort();
  if (searched.length === 0) return `no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`;
  if (searched.length === 1) return `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(searched[0])}`;
  return `no matches for kind ${JSON.stringify(kind)} in versions [${searched.map((s) => JSON.stringify(s)).join(" ")}]`;
}

/** host.HostLookupResource, with cluster access granted and no resource matchers. */
export async function yokeLookup(kc: KubeConfig, owner: string, name: string, namespace: string, kind: string, apiVersion: string): Promise<HostAnswer> {
  const parts = apiVersion.split("/");
  if (parts.length > 2) return { state: STATE.error, result: `unexpected GroupVersion string: ${apiVersion}` };
  const [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["", parts[0]!];
  const mapping = await restMapping(kc, group, kind, [version]);
  if (mapping instanceof Error) return { state: STATE.error, result: mapping.message };
  const ns = mapping.Namespaced ? namespace || "default" : undefined;
  let object: { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } };
  try {
    const metadata: { name: string; namespace?: string } = ns ? { name, namespace: ns } : { name };
    object = await read(kc, { apiVersion: group ? `${group}/${mapping.Version}` : mapping.Version, kind, metadata }) as never;
  } catch (e) {
    return apiError(e);
  }
  if (ownerOf(object) !== owner) {
    return { state: STATE.forbidden, result: "forbidden: cannot access resource outside of target release ownership" };
  }
  return { state: STATE.ok, result: object };
}

/** host.HostDiscoverMapping: "group/version" is cut at the first slash; a bare string is a group. */
export async function yokeRestMapping(kc: KubeConfig, groupOrApiVersion: string, kind: string): Promise<HostAnswer> {
  const slash = groupOrApiVersion.indexOf("/");
  const group = slash < 0 ? groupOrApiVersion : groupOrApiVersion.slice(0, slash);
  const version = slash < 0 ? "" : groupOrApiVersion.slice(slash + 1);
  const mapping = await restMapping(kc, group, kind, version ? [version] : []);
  if (mapping instanceof Error) return { state: STATE.error, result: mapping.message };
  return { state: STATE.ok, result: mapping };
}

/** internal.GetOwner: "namespace/release" from yoke's annotations, or its deprecated labels. */
function ownerOf(object: { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } }): string {
  const annotations = object.metadata.annotations ?? {};
  const labels = object.metadata.labels ?? {};
  const release = annotations["instance.atc.yoke.cd/release"] || labels["app.kubernetes.io/yoke-release"] || "";
  const namespace = annotations["instance.atc.yoke.cd/namespace"] || labels["app.kubernetes.io/yoke-release-namespace"] || "";
  return release && namespace ? `${namespace}/${release}` : "";
}

/** The state yoke's errHandler picks from the API server's Status reason, and the Status message (err.Error()). */
function apiError(e: unknown): HostAnswer {
  if (!(e instanceof ApiException)) throw e;
  const status = statusOf(e);
  const state = status.reason === "NotFound" ? STATE.notFound : status.reason === "Forbidden" ? STATE.forbidden
    : status.reason === "Unauthorized" ? STATE.unauthenticated : STATE.error;
  return { state, result: status.message };
}
