// The App custom resource (apps.examples.com/v1): a Crossplane
// CloudSQLInstance, then, once Crossplane has written its connection Secret,
// a Deployment that reads it, then readiness in status.msg. Mirrors the Go
// type of yoke's resource-orchestration post; the conformance suite's Go
// flight (test/conformance/goflights/app) declares the same shape.
import type { int32, ObjectMeta } from "@yoke-flight/sdk";

export interface App {
  apiVersion: "examples.com/v1";
  kind: "App";
  metadata: ObjectMeta;
  spec: AppSpec;
  status?: AppStatus;
}

export interface AppSpec {
  /** Container image of the application. */
  image: string;
  /**
   * Number of application pods.
   * @minimum 1
   * @default 1
   */
  replicas?: int32;
  database?: {
    /**
     * Cloud SQL machine tier.
     * @default "db-f1-micro"
     */
    tier?: string;
    /** @default "us-central1" */
    region?: string;
  };
}

export interface AppStatus {
  msg?: string;
}

/** Crossplane's GCP CloudSQLInstance (database.gcp.crossplane.io/v1beta1), the fields this example sets. */
export interface CloudSQLInstance {
  apiVersion: "database.gcp.crossplane.io/v1beta1";
  kind: "CloudSQLInstance";
  metadata: ObjectMeta;
  spec: {
    forProvider: {
      databaseVersion: string;
      region: string;
      settings: { tier: string };
    };
    writeConnectionSecretToReference: { name: string; namespace: string };
  };
}
