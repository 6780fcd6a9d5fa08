// Benchmark flight: reading a large custom resource. Parses stdin with
// input() (JSON or YAML, as the SDK decides) and writes one small ConfigMap
// that summarises it, so the run time is the parsing.
import { input, output } from "@yoke-flight/sdk";

const cr = input<{ metadata: { name: string }; spec: { items: unknown[] } }>();
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: cr.metadata.name }, data: { items: String(cr.spec.items.length) } }]);
