// The control plane itself: the pinned versions answer, the identities are
// who RBAC says they are, and stopping leaves no process, port or temp dir
// behind, whether the test process stops it or dies.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { CoreV1Api, VersionApi, type KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { BIN_DIR, IDENTITIES, startControlPlane } from "./lib/control-plane.js";
import { statusOf, until } from "./lib/kube.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
async function gone(info: { pids: Record<string, number>; dir: string; server: string }) {
  for (let i = 0; i < 200 && (Object.values(info.pids).some(alive) || existsSync(info.dir)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(Object.entries(info.pids).filter(([, pid]) => alive(pid))).toEqual([]);
  expect(existsSync(info.dir)).toBe(false);
  expect(await listening(info.server)).toBe(false);
}

/** kube-controller-manager's garbage collector (foreground deletion) and namespace controller do their work. */
async function controllersRun(kc: KubeConfig) {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: "doomed" } } });
  const owner = await core.createNamespacedConfigMap({ namespace: "doomed", body: { metadata: { name: "owner" } } });
  await core.createNamespacedConfigMap({
    namespace: "doomed",
    body: {
      metadata: {
        name: "dependent",
        ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata!.uid!, blockOwnerDeletion: true }],
      },
    },
  });
  await core.deleteNamespacedConfigMap({ name: "owner", namespace: "doomed", propagationPolicy: "Foreground" });
  const names = async () => (await core.listNamespacedConfigMap({ namespace: "doomed" })).items.map((c) => c.metadata!.name);
  await until("the garbage collector to delete owner and dependent", async () =>
    (await names()).some((n) => n === "owner" || n === "dependent") ? undefined : true,
  );
  await core.deleteNamespace({ name: "doomed" });
  await until("the namespace controller to remove the namespace", async () =>
    (await core.listNamespace()).items.some((n) => n.metadata!.name === "doomed") ? undefined : true,
  );
}

describe("a real control plane (etcd v3.6.8, kube-apiserver and kube-controller-manager v1.36.3)", () => {
  it("serves v1.36.3 with RBAC (admin may list namespaces, the restricted identity may not), runs the garbage collector and the namespace controller; stop() leaves nothing behind", async () => {
    const plane = await startControlPlane();
    try {
      expect(Object.keys(plane.pids)).toEqual(["supervisor", "etcd", "kube-apiserver", "kube-controller-manager"]);
      const version = await plane.kubeConfig().makeApiClient(VersionApi).getCode();
      expect(version).toMatchObject({ gitVersion: "v1.36.3", major: "1", minor: "36" });
      const names = (await plane.kubeConfig().makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata!.name);
      expect(names).toEqual(expect.arrayContaining(["default", "kube-system"]));
      const denied = await plane
        .kubeConfig("restricted")
        .makeApiClient(CoreV1Api)
        .listNamespace()
        .catch((e: unknown) => statusOf(e));
      expect(denied).toMatchObject({
        reason: "Forbidden",
        message: `namespaces is forbidden: User "${IDENTITIES.restricted.user}" cannot list resource "namespaces" in API group "" at the cluster scope`,
      });
      await controllersRun(plane.kubeConfig());
    } finally {
      await plane.stop();
    }
    await gone(plane);
  });

  it("cleans up when the process that started it is killed", async () => {
    const supervisor = fileURLToPath(new URL("./lib/supervisor.mjs", import.meta.url));
    const config = JSON.stringify({ bin: BIN_DIR, identities: IDENTITIES, adminIdentity: "admin" });
    // A stand-in for a test worker: starts the control plane, reports it, then is SIGKILLed.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `
      const child = require("node:child_process").spawn(process.execPath, [${JSON.stringify(supervisor)}, process.argv[1]], { stdio: ["pipe", "pipe", "inherit"] });
      child.stdout.pipe(process.stdout);
      setInterval(() => {}, 1000);`,
        config,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      holder.stdout!.on("data", (c) => {
        out += c;
        if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
      });
      holder.once("exit", (code) => reject(new Error(`the holder exited ${code}`)));
    });
    const info = JSON.parse(line);
    expect(Object.values(info.pids).every((pid) => alive(pid as number))).toBe(true);
    holder.kill("SIGKILL");
    await gone(info);
  });
});
