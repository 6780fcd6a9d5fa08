// Part B: yoke's own ATC (cmd/atc, built by scripts/setup-go.sh where yoke
// resolves) out of cluster, with its webhooks reachable: the whole control
// plane runs in a network namespace this test creates, the ATC's Service
// resolves through an EndpointSlice to an address on that namespace's
// loopback (kube-apiserver --enable-aggregator-routing), and the ATC
// authenticates as its service account (its webhooks exempt that user).
// The Pipeline example, from its Airway to Ready, with the harness's
// jobController playing the Job controller; the sequence of the instance's
// status messages equals simulateAirway's.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { type Airway } from "@yoke-flight/openapi";
import { FakeCluster, jobController, resourceRef, simulateAirway, type Condition, type KubeObject } from "@yoke-flight/testing";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the Go conformance suite
import { goSuiteSkipped } from "../conformance/go-suite.mjs";
import { exampleAirways } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { apply, asIs, create, read, replaceStatus, retrying, statusOf, until } from "./lib/kube.js";

const ATC = fileURLToPath(new URL("../../.cache/conformance/bin/atc", import.meta.url));
const FILE_SERVER = fileURLToPath(new URL("./lib/file-server.mjs", import.meta.url));
const PIPELINE_WASM = fileURLToPath(new URL("../../examples/pipeline/dist/flight.wasm", import.meta.url));
const skipped = (goSuiteSkipped() as string | undefined) ?? (existsSync(ATC) ? undefined : "scripts/setup-go.sh did not build yoke's cmd/atc");
if (skipped) process.stderr.write(`\n*** SKIPPED: yoke's ATC on the real control plane (test/control-plane/atc.test.ts): ${skipped}\n\n`);

const ADDRESS = "192.0.2.10";
const ATC_USER = "system:serviceaccount:atc:atc-service-account";
const airway = (await exampleAirways()).find((a) => a.source === "examples/pipeline/airway.ts")!.airway as Airway;

describe.skipIf(skipped !== undefined)("yoke's ATC out of cluster, webhooks reachable", () => {
  const controlPlane = useControlPlane({
    netns: { name: `yoke-flight-atc-${process.pid}`, address: ADDRESS },
    apiserverFlags: ["--enable-aggregator-routing=true"],
    identities: { atc: { user: ATC_USER, groups: ["system:masters"] } },
    serviceNames: ["atc.atc.svc"],
  });
  let kc: KubeConfig;

  beforeAll(async () => {
    kc = controlPlane().kubeConfig();
    await apply(kc, { apiVersion: "v1", kind: "Namespace", metadata: { name: "atc" } });
    await apply(kc, {
      apiVersion: "v1", kind: "Service", metadata: { name: "atc", namespace: "atc" },
      spec: { ports: [{ name: "https", port: 443, targetPort: 3000, protocol: "TCP" }] },
    } as KubernetesObject);
    await apply(kc, {
      apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "atc", namespace: "atc", labels: { "kubernetes.io/service-name": "atc" } },
      addressType: "IPv4", endpoints: [{ addresses: [ADDRESS] }], ports: [{ name: "https", port: 3000, protocol: "TCP" }],
    } as KubernetesObject);
    const plane = controlPlane();
    await plane.startProcess({ name: "file-server", command: process.execPath, args: [FILE_SERVER, "127.0.0.1", "8080", `pipeline.wasm=${PIPELINE_WASM}`] });
    await plane.startProcess({
      name: "atc", command: ATC, args: [],
      env: {
        KUBE: "{dir}/atc.kubeconfig", TLS_CA_CERT: "{dir}/ca.crt", TLS_SERVER_CERT: "{dir}/service.crt", TLS_SERVER_KEY: "{dir}/service.key",
        SVC_NAME: "atc", SVC_NAMESPACE: "atc", SVC_PORT: "443", PORT: "3000", CACHE_FS: "{dir}", MODULE_ALLOW_LIST: "",
      },
    });
    await until("the ATC's Airway CRD", async () => {
      const crd = await read<KubernetesObject & { status?: { conditions?: Condition[] } }>(kc, { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "airways.yoke.cd" } }).catch(() => undefined);
      return crd?.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ? crd : undefined;
    }, 60_000);
  }, 120_000);

  it("the Pipeline example: Airway Ready, then the instance's status messages as simulateAirway has them, to Ready", async () => {
    const served = { ...airway, spec: { ...airway.spec, wasmUrls: { flight: "http://127.0.0.1:8080/pipeline.wasm" } } };
    // The ATC registers its webhooks before it listens: until then the API server's call is refused.
    await until("the ATC to answer its Airway webhook", () => apply(kc, asIs(served) as unknown as KubernetesObject).catch((e: unknown) => {
      if (statusOf(e).message.includes("connect: connection refused")) return undefined;
      throw e;
    }), 30_000);
    await until("the Airway to be Ready", async () => {
      const a = await read<KubernetesObject & { status?: { conditions?: Condition[] } }>(kc, { apiVersion: "yoke.cd/v1alpha1", kind: "Airway", metadata: { name: airway.metadata.name } });
      return a.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? a : undefined;
    }, 60_000);

    const instance: KubeObject = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} };
    await retrying(() => create(kc, instance as KubernetesObject));
    const messages: string[] = [];
    const observed = await until("the Pipeline to be Ready", async () => {
      const now = await read<KubernetesObject & KubeObject>(kc, instance as never);
      const status = now.status as { msg?: string; conditions?: Condition[] } | undefined;
      if (status?.msg && messages.at(-1) !== status.msg) messages.push(status.msg);
      await completeJobs();
      return status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? now : undefined;
    }, 90_000);

    const sim = await simulateAirway({ flight: PIPELINE_WASM, airway, instance, controllers: [jobController()] });
    expect(messages).toEqual(sim.iterations.map((i) => (i.status as { msg: string }).msg).filter((m, i, all) => all[i - 1] !== m));
    expect((observed.status as { msg: string }).msg).toBe((sim.status as { msg: string }).msg);
    expect(sim.ready).toMatchObject({ status: "True" });
    // The release's resources: the same Jobs, with the same ownership annotations.
    asIs({ apiVersion: "batch/v1", kind: "JobList" });
    const jobs = (await KubernetesObjectApi.makeApiClient(kc).list("batch/v1", "Job", "default")).items as unknown as KubeObject[];
    const owned = (list: KubeObject[]) => list.map((j) => `${j.metadata.name} ${j.metadata.annotations?.["instance.atc.yoke.cd/release"]}`).sort();
    expect(owned(jobs)).toEqual(owned(sim.cluster.list("Job.batch")));
  }, 180_000);

  /** The Job controller's part: every unfinished Job of the cluster completes (the harness's jobController, written to the real server). */
  async function completeJobs() {
    asIs({ apiVersion: "batch/v1", kind: "JobList" });
    const jobs = (await KubernetesObjectApi.makeApiClient(kc).list("batch/v1", "Job")).items.map((j) => ({ ...j, apiVersion: "batch/v1", kind: "Job" }) as KubeObject);
    const cluster = new FakeCluster(jobs);
    const before = new Map(jobs.map((j) => [resourceRef(j), cluster.versionOf(resourceRef(j))]));
    jobController()({ cluster, instance: { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo" } }, iteration: 0 });
    for (const job of cluster.list()) {
      if (before.get(resourceRef(job)) === cluster.versionOf(resourceRef(job))) continue;
      await replaceStatus(kc, { ...(await read<KubernetesObject & KubeObject>(kc, job as never)), status: job.status });
    }
  }
});
