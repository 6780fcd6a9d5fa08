// Looks up the object its input describes with k8s.findResource (no
// namespace given: the SDK chooses) and reports what it found.
import { input, k8s, output } from "@yoke-flight/sdk";

const wanted = input<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>();
const found = k8s.findResource(wanted);
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "found" }, data: { found: found ? `${found.metadata.namespace ?? ""}/${found.metadata.name}` : "none" } }]);
