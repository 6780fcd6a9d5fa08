// A flight that carries schematics: its build (package.json) embeds a data
// schematic, command forms answered below, and the pipeline Airway's input
// schema. `probe` reports what a schematics run sees, so the Go suite can
// prove yoke runs it with no stdin, no env and no cluster access.
import { args, inputText, isErrClusterAccessNotGranted, k8s, output, schematics } from "@yoke-flight/sdk";

schematics({
  version: "v1.2.3\n",
  docs: (rest) => `docs (${rest.join(" ") || "long"})\n`,
  probe: () => {
    let lookup: string;
    try {
      k8s.lookup({ name: "x", kind: "ConfigMap", apiVersion: "v1" });
      lookup = "granted";
    } catch (e) {
      lookup = isErrClusterAccessNotGranted(e) ? "not granted" : `error: ${(e as Error).message}`;
    }
    return { args: args(), env: Object.keys(globalThis.__yoke?.env() ?? {}), stdin: inputText(), lookup };
  },
});

output([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "schematics" }, data: { input: inputText() } }]);
