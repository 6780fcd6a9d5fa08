// Looks up what its input names and reports the answer or the error kind.
import { input, isErrClusterAccessNotGranted, isErrForbidden, isErrNotFound, isErrUnauthenticated, k8s, output } from "@yoke-flight/sdk";

const id = input<{ name: string; namespace?: string; kind: string; apiVersion: string }>();
let result: string;
try {
  result = `found ${JSON.stringify(k8s.lookup(id))}`;
} catch (e) {
  const kind = isErrNotFound(e) ? "not found" : isErrForbidden(e) ? "forbidden" : isErrUnauthenticated(e) ? "unauthenticated"
    : isErrClusterAccessNotGranted(e) ? "not granted" : "error";
  result = `${kind}: ${(e as Error).message}`;
}
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "lookup" }, data: { result } }]);
