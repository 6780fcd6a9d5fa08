// What yoke's host functions answer a flight on a real cluster (cluster access
// granted, no resource matchers), in the shape the control-plane tests
// compare: the computation itself (host.go step by step, from the real
// server's discovery and GETs) is @yoke-flight/testing's liveHost, which
// `flight run --kubeconfig` uses; the tests compare it with the harness's
// emulation against a FakeCluster.
import { HostState, liveHost, restMappingOf, servedKinds, type Mapping } from "@yoke-flight/testing";
import type { KubeConfig } from "@kubernetes/client-node";

export { servedKinds, type Mapping };

/** wasm.State values (yokecd/yoke internal/wasm). */
export const STATE = HostState;

export interface HostAnswer {
  state: number;
  /** The object for a found lookup, the mapping for a rest mapping, else the error message. */
  result: unknown;
}

/** client-go's discovery RESTMapper's answer (or NoKindMatchError). */
export const restMapping = restMappingOf;

function host(kc: KubeConfig, owner = "default/release") {
  const [namespace, release] = owner.split("/") as [string, string];
  return liveHost({ kubeConfig: kc, release, namespace, access: { enabled: true } });
}

/** host.HostLookupResource, with cluster access granted and no resource matchers. */
export async function yokeLookup(kc: KubeConfig, owner: string, name: string, namespace: string, kind: string, apiVersion: string): Promise<HostAnswer> {
  const live = host(kc, owner);
  await live.handlers.lookup(name, namespace, kind, apiVersion);
  const { state, result } = live.calls[0]!;
  return { state, result };
}

/** host.HostDiscoverMapping: "group/version" is cut at the first slash; a bare string is a group. */
export async function yokeRestMapping(kc: KubeConfig, groupOrApiVersion: string, kind: string): Promise<HostAnswer> {
  const live = host(kc);
  await live.handlers.restMapping(groupOrApiVersion, kind);
  const { state, result } = live.calls[0]!;
  return { state, result };
}
