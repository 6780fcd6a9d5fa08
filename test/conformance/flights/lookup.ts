// Looks up the object its input names and reports the answer or the kind of
// error, in a form the Go flight goflights/lookup writes too.
import { encodeGoJSON, input, isErrClusterAccessNotGranted, isErrForbidden, isErrNotFound, isErrUnauthenticated, k8s, output } from "@yoke-flight/sdk";

const id = input<{ name: string; namespace?: string; kind: string; apiVersion: string }>();
let result: string;
try {
  // Go re-marshals the object as a map: keys sorted, which is also how the host sent it.
  result = `found ${encodeGoJSON(k8s.lookup(id)).trimEnd()}`;
} catch (e) {
  const kind = isErrNotFound(e) ? "not found" : isErrForbidden(e) ? "forbidden" : isErrUnauthenticated(e) ? "unauthenticated"
    : isErrClusterAccessNotGranted(e) ? "not granted" : "error";
  result = `${kind}: ${(e as Error).message}`;
}
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "lookup" }, data: { result } }]);
