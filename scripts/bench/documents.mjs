// Inputs for the input-parsing benchmark: one custom resource of about 5 MB,
// as JSON and as the YAML `kubectl get -o yaml` would print (block style).
const ITEM_COUNT = 18_000;

export function customResource(items = ITEM_COUNT) {
  return {
    apiVersion: "examples.com/v1",
    kind: "Inventory",
    metadata: { name: "big", namespace: "default", labels: { app: "bench" } },
    spec: {
      items: Array.from({ length: items }, (_, i) => ({
        name: `item-${i}`,
        enabled: i % 3 === 0,
        replicas: i % 7,
        ratio: i / 8,
        image: `registry.example.com/team/service-${i % 50}:v1.${i % 20}.0`,
        tags: ["alpha", "beta", `t${i % 11}`],
        env: [
          { name: "MODE", value: "fast" },
          { name: "LEVEL", value: String(i % 5) },
        ],
        note: i % 4 === 0 ? "a longer free-text note: with a colon, 'quotes' and # hash" : null,
      })),
    },
  };
}

/** Block-style YAML of plain JSON data (strings quoted when YAML would read them otherwise). */
export function toYaml(value, indent = "") {
  const scalar = (v) => {
    if (v === null) return "null";
    if (typeof v !== "string") return String(v);
    return /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|[-+0-9.eE]+)$/i.test(v) ? v : JSON.stringify(v);
  };
  const lines = [];
  const isContainer = (v) => v !== null && typeof v === "object" && Object.keys(v).length > 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isContainer(item)) {
        const inner = toYaml(item, indent + "  ");
        lines.push(`${indent}- ${inner.slice(indent.length + 2)}`);
      } else lines.push(`${indent}- ${isContainer(item) ? "" : Array.isArray(item) ? "[]" : typeof item === "object" && item ? "{}" : scalar(item)}`);
    }
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (isContainer(v)) lines.push(`${indent}${k}:\n${toYaml(v, indent + (Array.isArray(v) ? "" : "  "))}`);
      else lines.push(`${indent}${k}: ${Array.isArray(v) ? "[]" : typeof v === "object" && v ? "{}" : scalar(v)}`);
    }
  }
  return lines.join("\n");
}
