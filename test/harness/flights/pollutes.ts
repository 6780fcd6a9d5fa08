// Changes globals and built-ins, and reports what it found before changing
// them: a second run must find what the first one did.
import { output } from "@yoke-flight/sdk";

const g = globalThis as Record<string, unknown>;
const arrays = Array.prototype as unknown as Record<string, unknown>;
const found = { global: String(g.leftover), prototype: String(arrays.leftover), hypot: String(Math.hypot(3, 4)) };
console.count("runs");
g.leftover = "from an earlier run";
arrays.leftover = "polluted";
Math.hypot = () => -1;
output({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "pollutes" }, data: found });
