// The Pipeline custom resource (pipelines.examples.com/v1): runs three Jobs
// one after the other and reports progress in status.msg. Mirrors the Go
// type of yoke's orchestration guide; the conformance suite's Go flight
// (test/conformance/goflights/pipeline) declares the same shape.
import type { int32, ObjectMeta } from "@yoke-flight/sdk";

export interface Pipeline {
  apiVersion: "examples.com/v1";
  kind: "Pipeline";
  metadata: ObjectMeta;
  spec?: PipelineSpec;
  status?: PipelineStatus;
}

export interface PipelineSpec {
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
  backoffLimit?: int32;
}

export interface PipelineStatus {
  /** What the pipeline is doing now, as one line. */
  msg?: string;
}
