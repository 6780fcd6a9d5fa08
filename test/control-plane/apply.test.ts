// What simulateAirway applies for both examples, with yoke's metadata, is
// accepted by a real kube-apiserver v1.36.3 with server-side apply and
// stored unchanged (nothing pruned or rewritten); so are the statuses the
// harness's controller stand-ins write and the instance statuses the
// simulated ATC writes.
import { CustomObjectsApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { airwayCRD } from "@yoke-flight/openapi";
import {
  FakeCluster,
  connectionSecretController,
  deploymentController,
  jobController,
  resourceRef,
  simulateAirway,
  type Controller,
  type KubeObject,
} from "@yoke-flight/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { CLOUDSQL_CRD, exampleAirway, exampleAirways, exampleWasm } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { apply, create, established, read, replaceStatus, verdict } from "./lib/kube.js";

const controlPlane = useControlPlane();
const airways = await exampleAirways();
const airwayOf = (example: string) => exampleAirway(airways, example);
const wasm = exampleWasm;

let kc: KubeConfig;
beforeAll(async () => {
  kc = controlPlane().kubeConfig();
  for (const crd of [airwayCRD(airwayOf("pipeline")), airwayCRD(airwayOf("app")), CLOUDSQL_CRD]) {
    await apply(kc, crd as KubernetesObject);
    await established(kc, crd.metadata.name);
  }
}, 60_000);

/** Every field of `sent` is in `stored` with the same value (the server adds its own fields). */
function missingOrChanged(sent: unknown, stored: unknown, path = ""): string[] {
  if (sent === null || typeof sent !== "object")
    return sent === stored ? [] : [`${path || "<root>"}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored) || stored.length !== sent.length) return [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
    return sent.flatMap((v, i) => missingOrChanged(v, stored[i], `${path}[${i}]`));
  }
  if (stored === null || typeof stored !== "object") return [`${path}: sent an object, stored ${JSON.stringify(stored)}`];
  return Object.entries(sent).flatMap(([k, v]) => missingOrChanged(v, (stored as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
}

/** What yoke sends: the harness's applied copy without the uid and generation the fake cluster made up. */
function asSent(applied: KubeObject): KubeObject {
  const copy = structuredClone(applied);
  delete copy.metadata.uid;
  delete copy.metadata.generation;
  delete copy.status;
  return copy;
}

const EXAMPLES: [string, KubeObject, () => Controller[], FakeCluster | undefined][] = [
  [
    "pipeline",
    { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: { backoffLimit: 2 } },
    () => [jobController()],
    undefined,
  ],
  [
    "app",
    { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "web", namespace: "default" }, spec: { image: "ghcr.io/acme/web:1.4.0" } },
    () => [connectionSecretController(), deploymentController()],
    new FakeCluster([], {
      apiResources: [
        { group: "database.gcp.crossplane.io", version: "v1beta1", kind: "CloudSQLInstance", resource: "cloudsqlinstances", namespaced: false },
        { group: "examples.com", version: "v1", kind: "App", resource: "apps", namespaced: true },
      ],
    }),
  ],
];

describe.each(EXAMPLES)("examples/%s through simulateAirway", (example, instance, controllers, cluster) => {
  it("every resource applied is accepted by server-side apply and stored unchanged; so are the controllers' and the ATC's statuses", async () => {
    // The instance as the real server has it (its uid is what the ATC's ownerReferences name).
    const real = (await create(kc, instance as KubernetesObject)) as KubeObject;
    const sim = await simulateAirway({ flight: wasm(example), airway: airwayOf(example), instance: real, controllers: controllers(), cluster });
    expect(sim.ready).toMatchObject({ status: "True" });

    for (const iteration of sim.iterations) {
      for (const applied of iteration.applied) {
        const sent = asSent(applied);
        const result = await verdict(apply(kc, sent as KubernetesObject, { fieldManager: "yoke" }));
        expect(result.ok ? "accepted" : result.message, `${resourceRef(sent)} (iteration ${iteration.index})`).toBe("accepted");
        expect(missingOrChanged(sent, (result as { object: unknown }).object), resourceRef(sent)).toEqual([]);
      }
      // The ATC's status write for this iteration (status subresource, the whole object).
      const t = airwayOf(example).spec.template;
      const current = await read(kc, real as never);
      const written = await verdict(
        kc.makeApiClient(CustomObjectsApi).replaceNamespacedCustomObjectStatus({
          group: t.group,
          version: "v1",
          namespace: "default",
          plural: t.names.plural,
          name: real.metadata.name!,
          body: { ...current, status: iteration.status },
        }),
      );
      expect(written.ok ? "accepted" : written.message, `instance status of iteration ${iteration.index}`).toBe("accepted");
      expect(missingOrChanged(iteration.status, (written as { object: KubeObject }).object.status)).toEqual([]);
    }

    // What the controller stand-ins wrote: objects they made, and the statuses they set (status subresource).
    for (const object of sim.cluster.list()) {
      const ref = resourceRef(object);
      if (object.kind === instance.kind) continue;
      const stored = await verdict(read<KubernetesObject & KubeObject>(kc, object as never));
      if (!stored.ok) {
        const created = await verdict(create(kc, asSent(object) as KubernetesObject));
        expect(created.ok ? "accepted" : created.message, `${ref} (made by a controller)`).toBe("accepted");
        continue;
      }
      if (object.status === undefined) continue;
      const status = await verdict(replaceStatus(kc, { ...(stored.object as KubeObject), status: object.status }));
      expect(status.ok ? "accepted" : status.message, `status of ${ref} as the harness's controller set it`).toBe("accepted");
      expect(missingOrChanged(object.status, (status as { object: KubeObject }).object.status), ref).toEqual([]);
    }
  });
});
