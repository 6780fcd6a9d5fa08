// The harness's controller stand-ins (jobController, connectionSecretController,
// deploymentController) played on a real cluster: a FakeCluster is filled
// with the real objects, the controllers run on it, and what they changed is
// written back (new objects created, statuses through the status subresource).
import { ApiException, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { FakeCluster, resourceRef, type Controller, type KubeObject } from "@yoke-flight/testing";
import { asIs, create, read, replaceStatus, retrying } from "./kube.js";

/** Every object of these kinds ([apiVersion, kind]), as the real server has them. */
export async function realObjects(kc: KubeConfig, kinds: readonly (readonly [string, string])[]): Promise<KubeObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const objects: KubeObject[] = [];
  for (const [apiVersion, kind] of kinds) {
    asIs({ apiVersion, kind });
    asIs({ apiVersion, kind: `${kind}List` });
    const list = await retrying(() => api.list(apiVersion, kind)).catch((e: unknown) => {
      if (e instanceof ApiException && e.code === 404) return { items: [] }; // a kind whose CRD is not installed
      throw e;
    });
    objects.push(...list.items.map((o) => ({ ...o, apiVersion, kind }) as KubeObject));
  }
  return objects;
}

/** Runs the controllers once on the real objects; returns the references of what they changed. */
export async function playControllers(
  kc: KubeConfig,
  kinds: readonly (readonly [string, string])[],
  controllers: Controller[],
  instance: KubeObject,
): Promise<string[]> {
  const cluster = new FakeCluster(await realObjects(kc, kinds));
  const before = new Map(cluster.list().map((o) => [resourceRef(o), cluster.versionOf(resourceRef(o))]));
  for (const controller of controllers) controller({ cluster, instance, iteration: 0 });
  const changed = cluster.list().filter((o) => before.get(resourceRef(o)) !== cluster.versionOf(resourceRef(o)));
  for (const object of changed) {
    if (!before.has(resourceRef(object))) await create(kc, object as KubernetesObject);
    else await replaceStatus(kc, { ...(await read<KubernetesObject & KubeObject>(kc, object as never)), status: object.status });
  }
  return changed.map(resourceRef);
}
