// Asks the host how the cluster serves each kind its input lists and reports
// the mappings, in a form the Go flight goflights/restmapping writes too.
import { input, isErrClusterAccessNotGranted, k8s, output } from "@yoke-flight/sdk";

const { kinds } = input<{ kinds: [string, string][] }>();
const data: Record<string, string> = {};
kinds.forEach(([groupOrApiVersion, kind], i) => {
  try {
    const m = k8s.restMapping(groupOrApiVersion, kind);
    data[i] = `${m.group} ${m.version} ${m.kind} ${m.resource} ${m.namespaced}`;
  } catch (e) {
    data[i] = `${isErrClusterAccessNotGranted(e) ? "not granted" : "error"}: ${(e as Error).message}`;
  }
});
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "restmapping" }, data }]);
