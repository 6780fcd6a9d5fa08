// Kubernetes shapes a flight author uses in custom resource types. The
// special names (int, int32, int64, Quantity, IntOrString, Time, Duration,
// Conditions) are recognised by schemaFrom (@yoke-flight/openapi), which
// turns them into the same OpenAPI schema yoke's Go SchemaFrom gives the
// Go types they stand for.
import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

export type ObjectMeta = IObjectMeta;

/** An integer (JSON number without fraction): `type: integer` in the schema, as yoke gives Go's int. */
export type int = number;
/** Same as int. */
export type integer = number;
/** A 32-bit integer (Go int32): `type: integer`. */
export type int32 = number;
/** A 64-bit integer (Go int64): `type: integer`. */
export type int64 = number;
/** An unsigned integer (Go uint): `type: integer, minimum: 0`. */
export type uint = number;
/** An unsigned 32-bit integer (Go uint32): `type: integer, minimum: 0`. */
export type uint32 = number;
/** An unsigned 64-bit integer (Go uint64): `type: integer, minimum: 0`. */
export type uint64 = number;

/** A Kubernetes quantity such as "250m" or "1Gi" (k8s.io/apimachinery resource.Quantity). */
export type Quantity = string | number;
/** An integer or a string, such as a port number or name (intstr.IntOrString). */
export type IntOrString = string | number;
/** An RFC 3339 timestamp (metav1.Time). */
export type Time = string;
/** A Go duration string such as "1m30s" (metav1.Duration). */
export type Duration = string;

/** metav1.Condition */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  observedGeneration?: int64;
  lastTransitionTime: Time;
  reason: string;
  message: string;
}

/** A list of conditions keyed by type (flight.Conditions in yoke's Go SDK). */
export type Conditions = Condition[];

/** Any Kubernetes object: what a flight emits and what a lookup returns. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
