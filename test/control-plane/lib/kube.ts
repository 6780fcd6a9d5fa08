// Small helpers over @kubernetes/client-node for the control-plane tests:
// server-side apply, a request's verdict (the object, or the API server's
// Status), waiting for a CRD to be Established.
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  type KubeConfig,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from "@kubernetes/client-node";
import { ObjectSerializer as ModelSerializer } from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import { asIs, readObject, statusOf } from "@yoke-flight/testing";

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

// asIs (client-node's models bypassed), the one-object GET and the Status of a
// refusal are @yoke-flight/testing's, which flight run's live host uses.
export { asIs, statusOf } from "@yoke-flight/testing";

/** Server-side apply (force, like yoke), optionally as a dry run. */
export function apply<T extends KubernetesObject>(kc: KubeConfig, object: T, options: { dryRun?: boolean; fieldManager?: string } = {}): Promise<T> {
  return KubernetesObjectApi.makeApiClient(kc).patch(
    asIs(object),
    undefined,
    options.dryRun ? "All" : undefined,
    options.fieldManager ?? FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

/** Creates the object as given (optionally as a dry run). */
export function create<T extends KubernetesObject>(kc: KubeConfig, object: T, options: { dryRun?: boolean } = {}): Promise<T> {
  return KubernetesObjectApi.makeApiClient(kc).create(asIs(object), undefined, options.dryRun ? "All" : undefined, FIELD_MANAGER);
}

/** Reads the object as the server stores it (plain JSON). */
export function read<T extends KubernetesObject>(
  kc: KubeConfig,
  object: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } },
): Promise<T> {
  return readObject<T>(kc, object);
}

/** Retries while the server answers 429 (a new CRD's storage is still initializing), as client-go does. */
export async function retrying<T>(request: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await request();
    } catch (e) {
      if (!(e instanceof ApiException) || e.code !== 429 || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
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
  return until(`CRD ${name} to be Established`, async () => {
    const crd = await read<V1CustomResourceDefinition>(kc, { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name } });
    const conditions = crd.status?.conditions ?? [];
    const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
    return isTrue("Established") && isTrue("NamesAccepted") ? crd : undefined;
  });
}

/**
 * PUT <object>/status for the kinds whose controllers the harness stands in
 * for. client-node's typed API needs its model objects: the plain object is
 * converted to the model, and the object read back as the server stores it.
 */
export async function replaceStatus<T extends { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }>(
  kc: KubeConfig,
  object: T,
): Promise<T> {
  const { name, namespace } = object.metadata as { name: string; namespace: string };
  const type = `V1${object.kind}`;
  const body = ModelSerializer.deserialize(object, type, "");
  if (object.apiVersion === "batch/v1" && object.kind === "Job") await kc.makeApiClient(BatchV1Api).replaceNamespacedJobStatus({ name, namespace, body });
  else if (object.apiVersion === "apps/v1" && object.kind === "Deployment")
    await kc.makeApiClient(AppsV1Api).replaceNamespacedDeploymentStatus({ name, namespace, body });
  else throw new Error(`no status writer for ${object.apiVersion} ${object.kind}`);
  // Read back as stored: the model's answer would show times as JavaScript writes them.
  return read(kc, object) as Promise<T>;
}
