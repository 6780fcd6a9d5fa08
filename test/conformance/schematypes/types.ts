// TypeScript mirrors of types.go: schemaFrom on each must give what yoke's
// Go SchemaFrom gives for the Go type (expected/*.json). Pipeline and App
// are the examples' own types (examples/*/src/types.ts).
import type { Conditions, Duration, int, int32, int64, IntOrString, ObjectMeta, Quantity, Time, uint, uint32 } from "@yoke-flight/sdk";

export interface Scalars {
  name: string;
  count: int;
  small: int32;
  big?: int64;
  unsigned: uint;
  port?: uint32;
  ratio: number;
  enabled: boolean;
  optional?: string;
}

export interface Collections {
  tags: string[];
  labels?: Record<string, string>;
  counts?: { [key: string]: int };
  extra?: Record<string, unknown>;
  anything: unknown;
  items?: Item[];
  byName?: Record<string, Item>;
  matrix?: int[][];
}

export interface Item {
  id: string;
  notes?: string;
}

export interface Kubernetes {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  port: IntOrString;
  memory?: Quantity;
  since?: Time;
  every: Duration;
  conditions?: Conditions;
}

export interface Tags {
  mode: "fast" | "safe" | "off";
  /**
   * Container image.
   * @default "busybox:1.36"
   */
  image?: string;
  /**
   * @minimum 1
   * @maximum 10
   * @default 1
   */
  replicas: int;
  /**
   * @exclusiveMinimum 0
   * @exclusiveMaximum 100
   * @multipleOf 0.5
   */
  percent?: number;
  /**
   * @minLength 3
   * @maxLength 63
   * @pattern ^[a-z][a-z0-9-]*$
   */
  name: string;
  /** @format email */
  email?: string;
  /**
   * @minItems 1
   * @maxItems 5
   * @uniqueItems
   */
  hosts?: string[];
  /** @validation {"rule": "self.start < self.end", "message": "start must be before end"} */
  window: Window;
  /** A field with a description. */
  documented: string;
}

export interface Window {
  start: int;
  end: int;
}

export interface Tree {
  name: string;
  children?: Tree[];
  parent?: Tree;
  index?: Record<string, Tree>;
}
