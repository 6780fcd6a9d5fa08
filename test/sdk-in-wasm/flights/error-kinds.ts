// Reports which error kind each lookup raised, as a flight would branch on them.
import {
  input, isErrClusterAccessNotGranted, isErrForbidden, isErrNotFound, isErrUnauthenticated, k8s, output,
} from "@yoke-flight/sdk";

const names = input<string[]>();
const kinds = names.map((name) => {
  try {
    k8s.lookup({ name, kind: "Secret", apiVersion: "v1" });
    return "ok";
  } catch (e) {
    const wrapped = new Error(`looking up ${name}`, { cause: e });
    if (isErrNotFound(wrapped)) return "not found";
    if (isErrForbidden(wrapped)) return "forbidden";
    if (isErrUnauthenticated(wrapped)) return "unauthenticated";
    if (isErrClusterAccessNotGranted(wrapped)) return "not granted";
    return `error: ${(e as Error).message}`;
  }
});
output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kinds" }, data: Object.fromEntries(names.map((n, i) => [n, kinds[i]])) }]);
