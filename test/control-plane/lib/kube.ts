// Small helpers over @kubernetes/client-node for the control-plane tests:
// server-side apply, a request's verdict (the object, or the API server's
// Status), waiting for a CRD to be Established.
import {
  ApiextensionsV1Api, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject, type V1CustomResourceDefinition,
} from "@kubernetes/client-node";
import { statusOf } from "./yoke-host.js";

export const FIELD_MANAGER = "yoke-flight-tests";

export type Verdict<T> = { ok: true; object: T } | { ok: false; reason?: string; message: string; code?: number };

/** The object the server answered with, or its Status when it refused. */
export async function verdict<T>(request: Promise<T>): Promise<Verdict<T>> {
  try {
    return { ok: true, object: await request };
  } catch (e) {
    const status = statusOf(e);
    return { ok: false, reason: status.reason, message: status.message, code: status.code };
  }
}

/** Server-side apply (force, like yoke), optionally as a dry run. */
export function apply<T extends KubernetesObject>(kc: KubeConfig, object: T, options: { dryRun?: boolean; fieldManager?: string } = {}): Promise<T> {
  return KubernetesObjectApi.makeApiClient(kc).patch(
    object, undefined, options.dryRun ? "All" : undefined, options.fieldManager ?? FIELD_MANAGER, true, PatchStrategy.ServerSideApply,
  );
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the CRD is Established (and its names accepted); returns it. */
export function established(kc: KubeConfig, name: string): Promise<V1CustomResourceDefinition> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  return until(`CRD ${name} to be Established`, async () => {
    const crd = await api.readCustomResourceDefinition({ name });
    const conditions = crd.status?.conditions ?? [];
    const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
    return isTrue("Established") && isTrue("NamesAccepted") ? crd : undefined;
  });
}
