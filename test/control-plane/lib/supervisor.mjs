// Runs one real Kubernetes control plane for a test file: etcd,
// kube-apiserver and kube-controller-manager from .cache/control-plane/bin
// (scripts/setup-control-plane.sh), on 127.0.0.1 and free ports, with
// certificates, keys and static tokens made in a temp dir at start-up.
// Started by lib/control-plane.ts with a pipe on stdin; writes one JSON line
// when /readyz answers ok, then stops every process it started (by PID) and
// removes its temp dir when stdin closes (the test process ended, however it
// ended) or on SIGINT / SIGTERM / SIGHUP. Flags: /work/shared/control-plane-notes.md.
// With `netns`, everything runs inside a network namespace it creates (with a
// 192.0.2.0/24 address on its loopback, for webhook endpoints), reached from
// the tests through a unix-socket bridge (lib/bridge.mjs); `extra` processes
// (yoke's ATC, a file server) start in it once the API server is ready.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const config = JSON.parse(process.argv[2] ?? "{}");
const bin = config.bin;
/** Static identities: name -> { user, groups }. */
const identities = config.identities;
const netns = config.netns;
const children = [];
let dir;
let bridge;
let netnsCreated = false;
let stopping = false;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
process.on("uncaughtException", (e) => {
  process.stderr.write(`control plane: ${e.message}\n`);
  stop(1);
});
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
// Each line on stdin asks for one more process ({"start": {name, command, args, env}}); answered with its PID.
let pending = "";
process.stdin.on("data", (chunk) => {
  pending += chunk;
  for (let i; (i = pending.indexOf("\n")) >= 0; pending = pending.slice(i + 1)) startRequested(JSON.parse(pending.slice(0, i)).start);
});

main().catch((e) => {
  process.stderr.write(`control plane: ${e.message}\n`);
  stop(1);
});

async function main() {
  const started = performance.now();
  for (const name of ["etcd", "kube-apiserver", "kube-controller-manager"]) {
    if (!existsSync(join(bin, name))) throw new Error(`${join(bin, name)} is missing: run ./scripts/setup.sh (it runs scripts/setup-control-plane.sh)`);
  }
  dir = mkdtempSync(join(tmpdir(), "yoke-flight-control-plane-"));
  makeCertificates(dir);
  const tokens = Object.fromEntries(Object.keys(identities).map((name) => [name, randomToken()]));
  writeFileSync(
    join(dir, "tokens.csv"),
    Object.entries(identities)
      .map(([name, { user, groups }]) => `${tokens[name]},${user},${user},"${(groups ?? []).join(",")}"`)
      .join("\n") + "\n",
  );
  if (netns) makeNetworkNamespace();
  const [etcdPort, peerPort, apiPort] = netns ? [2379, 2380, 6443] : await freePorts(3);
  let server = `https://127.0.0.1:${apiPort}`;
  const ca = readFileSync(join(dir, "ca.crt"), "utf8");
  for (const name of Object.keys(identities)) writeFileSync(join(dir, `${name}.kubeconfig`), kubeconfig(server, tokens[name]));

  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  start("etcd", [
    `--data-dir=${join(dir, "etcd")}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=default=${peerUrl}`,
    "--unsafe-no-fsync",
    "--log-level=warn",
  ]);
  start("kube-apiserver", [
    `--etcd-servers=${etcdUrl}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${apiPort}`,
    "--advertise-address=127.0.0.1",
    `--cert-dir=${join(dir, "apiserver")}`,
    `--tls-cert-file=${join(dir, "server.crt")}`,
    `--tls-private-key-file=${join(dir, "server.key")}`,
    `--token-auth-file=${join(dir, "tokens.csv")}`,
    "--authorization-mode=RBAC",
    "--anonymous-auth=false",
    `--service-account-issuer=https://kubernetes.default.svc`,
    `--service-account-key-file=${join(dir, "sa.pub")}`,
    `--service-account-signing-key-file=${join(dir, "sa.key")}`,
    "--service-cluster-ip-range=198.51.100.0/24",
    "--endpoint-reconciler-type=none",
    "--enable-priority-and-fairness=false",
    "--profiling=false",
    ...(config.apiserverFlags ?? []),
  ]);
  const admin = tokens[config.adminIdentity];
  if (netns) server = await bridgeInto(apiPort);
  await waitReady(server, ca, admin, "kube-apiserver");
  const readyMs = performance.now() - started;

  start("kube-controller-manager", [
    `--kubeconfig=${join(dir, `${config.adminIdentity}.kubeconfig`)}`,
    "--controllers=garbagecollector,namespace",
    "--leader-elect=false",
    "--secure-port=0",
    "--use-service-account-credentials=false",
    "--profiling=false",
  ]);

  process.stdout.write(
    JSON.stringify({
      server,
      ca,
      tokens,
      dir,
      readyMs: Math.round(readyMs),
      pids: { supervisor: process.pid, ...Object.fromEntries(children.map((c) => [c.name, c.child.pid])) },
    }) + "\n",
  );
}

/** Starts a process the test asked for (in the network namespace, if any); "{dir}" in args and env is the temp dir. */
function startRequested(extra) {
  const fill = (v) => v.replaceAll("{dir}", dir);
  const pid = start(extra.name, extra.args.map(fill), {
    command: fill(extra.command),
    env: Object.fromEntries(Object.entries(extra.env ?? {}).map(([k, v]) => [k, fill(v)])),
  });
  process.stdout.write(JSON.stringify({ started: extra.name, pid }) + "\n");
}

/** A kubeconfig for the processes the supervisor starts (in the network namespace, if any). */
function kubeconfig(server, token) {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "cp",
    clusters: [{ name: "cp", cluster: { server, "certificate-authority": join(dir, "ca.crt") } }],
    users: [{ name: "user", user: { token } }],
    contexts: [{ name: "cp", context: { cluster: "cp", user: "user", namespace: "default" } }],
  });
}

function run(command, args) {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
}

function makeNetworkNamespace() {
  run("ip", ["netns", "add", netns.name]);
  netnsCreated = true;
  run("ip", ["netns", "exec", netns.name, "ip", "link", "set", "lo", "up"]);
  run("ip", ["netns", "exec", netns.name, "ip", "addr", "add", `${netns.address}/32`, "dev", "lo"]);
}

/** 127.0.0.1:<free port> here, forwarded through a unix socket to the API server's port inside the namespace. */
async function bridgeInto(port) {
  const socket = join(dir, "apiserver.sock");
  start("bridge", [join(import.meta.dirname, "bridge.mjs"), socket, `127.0.0.1:${port}`], { command: process.execPath });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  bridge = createServer((client) => {
    const upstream = connect(socket);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on("error", close);
    upstream.on("error", close);
  });
  await new Promise((resolve) => bridge.listen(0, "127.0.0.1", resolve));
  return `https://127.0.0.1:${bridge.address().port}`;
}

function start(name, args, options = {}) {
  const log = openSync(join(dir, `${name}.log`), "a");
  const command = options.command ?? join(bin, name);
  const [file, argv] = netns ? ["ip", ["netns", "exec", netns.name, command, ...args]] : [command, args];
  // Its own process group: a terminal's Ctrl-C reaches the supervisor, which stops them in order.
  const child = spawn(file, argv, { stdio: ["ignore", log, log], detached: true, env: { ...process.env, ...options.env } });
  closeSync(log);
  const entry = { name, child, exited: false };
  child.on("exit", (code, signal) => {
    entry.exited = true;
    if (!stopping) {
      process.stderr.write(`control plane: ${name} exited (${signal ?? code}); its log:\n${tail(name)}\n`);
      stop(1);
    }
  });
  children.push(entry);
  return child.pid;
}

function tail(name) {
  try {
    return readFileSync(join(dir, `${name}.log`), "utf8")
      .split("\n")
      .slice(-25)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  // Controllers first, etcd last; each by PID, SIGKILL after 5 s.
  for (const entry of [...children].reverse()) {
    if (entry.exited) continue;
    const exited = new Promise((resolve) => entry.child.once("exit", resolve));
    try {
      process.kill(entry.child.pid, "SIGTERM");
    } catch {
      continue;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(entry.child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
  bridge?.close();
  if (netnsCreated) {
    try {
      run("ip", ["netns", "delete", netns.name]);
    } catch (e) {
      process.stderr.write(`control plane: ip netns delete ${netns.name}: ${e.message}\n`);
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

function makeCertificates(at) {
  const openssl = (...args) => execFileSync("openssl", args, { cwd: at, stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  // <name>.crt from <name>.csr and <name>.ext, signed by the test CA.
  const signedByCa = (name) =>
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
      "-out",
      `${name}.crt`,
    );
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=yoke-flight-test-ca");
  const sans = ["IP:127.0.0.1", "DNS:localhost"].join(",");
  openssl("req", "-new", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube-apiserver");
  writeFileSync(join(at, "server.ext"), `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\n`);
  signedByCa("server");
  if (config.serviceNames?.length) {
    // A serving certificate for a webhook Service (<name>.<namespace>.svc), signed by the same CA.
    openssl("req", "-new", ...ec, "-keyout", "service.key", "-out", "service.csr", "-subj", `/CN=${config.serviceNames[0]}`);
    writeFileSync(join(at, "service.ext"), `subjectAltName=${config.serviceNames.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
    signedByCa("service");
  }
  openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "sa.key");
  openssl("pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
}

function randomToken() {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function waitReady(server, ca, token, name) {
  const deadline = Date.now() + 60_000;
  let last = "";
  while (Date.now() < deadline) {
    last = await new Promise((resolve) => {
      const request = get(`${server}/readyz`, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(res.statusCode === 200 && body === "ok" ? "ok" : `${res.statusCode} ${body.slice(0, 200)}`));
      });
      request.on("error", (e) => resolve(e.message));
      request.on("timeout", () => request.destroy(new Error("timeout")));
    });
    if (last === "ok") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready after 60 s (last answer: ${last}); its log:\n${tail(name)}`);
}
