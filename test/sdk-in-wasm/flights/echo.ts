// Echoes the input back as the spec of a ConfigMap, with the environment yoke gives.
import { input, namespace, output, outputStages, release, yokeVersion } from "@yoke-flight/sdk";

const cr = input<{ stages?: boolean; [k: string]: unknown }>();
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: release(), namespace: namespace() }, data: { cr: JSON.stringify(cr), yoke: yokeVersion() } };
if (cr.stages) outputStages([[cm], [null, { ...cm, metadata: { name: "second" } }]]);
else output([cm, null]);
