// A real Kubernetes control plane for a test file (etcd + kube-apiserver +
// kube-controller-manager v1.36.3, see lib/supervisor.mjs), and clients for
// its identities through @kubernetes/client-node. useControlPlane() starts
// one before the file's tests and stops it after them, pass or fail; if the
// test process dies, the supervisor sees its stdin close and cleans up.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll } from "vitest";

export const BIN_DIR = fileURLToPath(new URL("../../../.cache/control-plane/bin/", import.meta.url));
const SUPERVISOR = fileURLToPath(new URL("./supervisor.mjs", import.meta.url));

/** The identities the API server knows (static tokens). admin is in system:masters; the others get only what RBAC grants them. */
export const IDENTITIES = {
  admin: { user: "yoke-flight-admin", groups: ["system:masters"] },
  restricted: { user: "yoke-flight-restricted", groups: [] as string[] },
} as const;
export type Identity = keyof typeof IDENTITIES;

export interface StartOptions {
  /** Extra kube-apiserver flags. */
  apiserverFlags?: string[];
  /** Identities besides admin and restricted (static tokens), e.g. a service account's user name. */
  identities?: Record<string, { user: string; groups: string[] }>;
  /** Run everything inside a network namespace made for this control plane, with this address on its loopback. */
  netns?: { name: string; address: string };
  /** DNS names of a serving certificate for a webhook Service (service.crt, service.key in the temp dir). */
  serviceNames?: string[];
}

/** A process the supervisor starts for a test (in the network namespace, if any) and stops with the control plane. */
export interface ExtraProcess {
  name: string;
  command: string;
  /** "{dir}" is replaced by the control plane's temp dir, here and in env. */
  args: string[];
  env?: Record<string, string>;
}

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  server: string;
  /** The CA that signed the API server's certificate (PEM). */
  ca: string;
  tokens: Record<string, string>;
  /** From spawning the supervisor to /readyz answering ok. */
  startMs: number;
  pids: Record<string, number>;
  /** The temp dir holding certificates, tokens, etcd's data and the logs; removed on stop. */
  dir: string;
  kubeConfig(identity?: string): KubeConfig;
  /** A kubeconfig file's content for a command-line client (yoke) acting as this identity. */
  kubeConfigYAML(identity?: string): string;
  /** Starts a process beside the control plane; returns its PID. */
  startProcess(process: ExtraProcess): Promise<number>;
  stop(): Promise<void>;
}

export async function startControlPlane(options: StartOptions = {}): Promise<ControlPlane> {
  const started = performance.now();
  const config = { ...options, bin: BIN_DIR, identities: { ...IDENTITIES, ...options.identities }, adminIdentity: "admin" };
  const child = spawn(process.execPath, [SUPERVISOR, JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let out = "";
  child.stdout!.on("data", (c) => {
    out += c;
    for (let i; (i = out.indexOf("\n")) >= 0; out = out.slice(i + 1)) {
      const line = out.slice(0, i);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      if (lines.length) return resolve(lines.shift()!);
      waiting.push(resolve);
      child.once("exit", (code) => reject(new Error(`the control plane stopped (exit ${code}):\n${stderr}`)));
    });
  const line = await nextLine();
  const info = JSON.parse(line) as Omit<ControlPlane, "kubeConfig" | "kubeConfigYAML" | "startProcess" | "stop" | "startMs">;
  const kubeConfigYAML = (identity = "admin") =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": identity,
      clusters: [{ name: "control-plane", cluster: { server: info.server, "certificate-authority-data": Buffer.from(info.ca).toString("base64") } }],
      users: [{ name: identity, user: { token: info.tokens[identity] } }],
      contexts: [{ name: identity, context: { cluster: "control-plane", user: identity, namespace: "default" } }],
    });
  return {
    ...info,
    startMs: Math.round(performance.now() - started),
    kubeConfigYAML,
    kubeConfig(identity = "admin") {
      const kc = new KubeConfig();
      kc.loadFromString(kubeConfigYAML(identity));
      return kc;
    },
    async startProcess(extra: ExtraProcess) {
      child.stdin!.write(JSON.stringify({ start: extra }) + "\n");
      return (JSON.parse(await nextLine()) as { pid: number }).pid;
    },
    stop: () => stopSupervisor(child),
  };
}

function stopSupervisor(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin!.end();
  return exited;
}

/** Starts a control plane before this file's tests and stops it after them; call the returned function inside tests. */
export function useControlPlane(options: StartOptions = {}): () => ControlPlane {
  let plane: ControlPlane | undefined;
  beforeAll(async () => {
    plane = await startControlPlane(options);
  }, 120_000);
  afterAll(async () => {
    await plane?.stop();
  }, 30_000);
  return () => {
    if (!plane) throw new Error("the control plane is not running (did beforeAll fail?)");
    return plane;
  };
}
