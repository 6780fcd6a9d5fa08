// An async flight: top-level await, an async helper, lookups in between.
import { input, isErrNotFound, k8s, namespace, output, release } from "@yoke-flight/sdk";

interface Cr { metadata: { name: string }; spec: { secrets: string[] } }

async function present(name: string): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  try {
    k8s.lookup({ name, namespace: namespace(), kind: "Secret", apiVersion: "v1" });
    return true;
  } catch (e) {
    if (isErrNotFound(e)) return false;
    throw e;
  }
}

const cr = input<Cr>();
const found = await Promise.all(cr.spec.secrets.map(present));
output([
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${release()}-${cr.metadata.name}` },
    data: Object.fromEntries(cr.spec.secrets.map((s, i) => [s, String(found[i])])),
  },
]);
