// Probes what a flight can reach, for the in-process sandbox's parity with
// the .wasm: its globals, Node's APIs (none), the host's exit, and how
// console formats values. spec.probe picks the probe.
import { input, output } from "@yoke-flight/sdk";

const g = globalThis as Record<string, any>;
const report = (data: Record<string, string>) => output({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "probe" }, data });

switch (input<{ spec: { probe: string } }>().spec.probe) {
  case "globals":
    report({
      globals: Object.getOwnPropertyNames(globalThis).sort().join(" "),
      node: ["process", "require", "module", "Buffer", "fetch", "global", "setTimeout"].map((n) => `${n}:${typeof g[n]}`).join(" "),
    });
    break;
  case "process.exit":
    g.process.exit(3);
    break;
  case "fetch":
    await g.fetch("http://127.0.0.1:9/");
    break;
  case "read a file":
    g.process.getBuiltinModule("node:fs").readFileSync("/etc/hostname", "utf8");
    break;
  case "exit":
    try {
      g.__yoke.exit(3);
    } catch {
      report({ after: "exit returned" });
    }
    break;
  case "event loop": {
    const order: string[] = [];
    setTimeout(() => order.push("timeout 10"), 10);
    setTimeout(() => order.push("timeout 0"), 0);
    queueMicrotask(() => order.push("microtask"));
    void Promise.resolve().then(() => order.push("promise job"));
    order.push("sync");
    await new Promise((r) => setTimeout(r, 20));
    report({ order: order.join(",") });
    break;
  }
  case "unhandled rejection":
    void Promise.reject(new Error("nobody handles this"));
    report({ wrote: "yes" });
    break;
  case "console": {
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    console.log("%s has %d items: %o", "list", 3, [1, "two", { three: [3] }]);
    console.log({ a: 1, "b-c": [true, null, undefined], d: { e: { f: { g: { h: { i: 1 } } } } } }, circular);
    console.info(new Map([["k", 1]]), new Set([1, 2]), 10n, Symbol("s"), -0, function named() {}, () => 1);
    console.warn(new Date(0), /re/g, [], {}, "plain", 1.5);
    console.group("group");
    console.error("indented\nlines");
    console.groupEnd();
    console.assert(false, "assertion %s", "failed");
    console.count();
    console.count();
    report({ logged: "yes" });
    break;
  }
}
