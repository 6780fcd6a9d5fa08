// Pipeline served in two versions. v1 is the examples/pipeline type (the
// storage version, which the pipeline flight reads); v2 groups the Job
// settings under spec.job and renames backoffLimit to retries. The
// converter (src/converter.ts) turns one into the other, losing nothing.
import type { int32, ObjectMeta } from "@yoke-flight/sdk";
import type { Pipeline as PipelineV1, PipelineStatus } from "../../pipeline/src/types.js";

export type { PipelineV1, PipelineStatus };

export interface PipelineV2 {
  apiVersion: "examples.com/v2";
  kind: "Pipeline";
  metadata: ObjectMeta;
  spec?: PipelineV2Spec;
  status?: PipelineStatus;
}

export interface PipelineV2Spec {
  /** How each of the pipeline's Jobs runs. */
  job?: JobSettings;
}

export interface JobSettings {
  /**
   * Container image every job runs.
   * @default "busybox:1.36"
   */
  image?: string;
  /**
   * Retries of each job before it counts as failed.
   * @minimum 0
   * @maximum 10
   */
  retries?: int32;
}
