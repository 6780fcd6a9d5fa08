// Flight code that must type-check: what the SDK's types allow (types.test.ts).
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { input, now, output, outputStages, seededRandom, yaml, type Resource } from "@yoke-flight/sdk";

interface Settings {
  apiVersion: string;
  kind: string;
  metadata: { name: string; uid?: string };
  spec: { replicas: number };
}
const cr = input<Settings>();
const cm: IConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: cr.metadata.name } };
const found: Resource | null = null;
const values = yaml.parse<{ replicas: number }>("replicas: 2\n");
const all: unknown[] = yaml.parseAll("a: 1\n---\nb: 2\n");
const random: () => number = seededRandom(cr.metadata.uid ?? cr.metadata.name);
const stamp: string = now();

output([cm, cr, found, undefined, false, cr.spec.replicas > values.replicas && cm]);
output(cm);
output([cm] as const);
outputStages([[cm], [cr, null]]);
setTimeout(() => output([]), 10);
void [all, random, stamp, Math.random(), Date.now()];
