// Writes two stages; the second stage's Namespace goes first when yoke applies it.
import { outputStages } from "@yoke-flight/sdk";

outputStages([
  [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "first" } }],
  [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "second" } }, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } }],
]);
