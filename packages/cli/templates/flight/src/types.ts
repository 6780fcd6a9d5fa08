// The custom resource this flight implements (its CRD is generated from
// this type by `npm run airway`). JSDoc tags become schema rules.
import type { ObjectMeta, int32 } from "@yoke-flight/sdk";

export interface Backend {
  apiVersion: "examples.com/v1";
  kind: "Backend";
  metadata: ObjectMeta;
  spec: BackendSpec;
  status?: { msg?: string };
}

export interface BackendSpec {
  /** Container image to run. */
  image: string;
  /**
   * Number of pods.
   * @minimum 0
   * @default 1
   */
  replicas?: int32;
  /**
   * Port the container listens on.
   * @minimum 1
   * @maximum 65535
   * @default 8080
   */
  port?: int32;
}
