// yoke.cd/v1alpha1 Airway (yokecd/yoke pkg/apis/v1alpha1/airway.go): a CRD
// template bound to a flight. defineAirway checks what the ATC and the API
// server would reject, naming the field, and fills in apiVersion and kind.
import { GO_DURATION } from "./go-duration.js";
import type { JSONSchemaProps } from "./schema-props.js";
import { SPECIAL_TYPES } from "./special-types.js";
import { structuralProblems } from "./structural.js";

export type AirwayMode = "standard" | "static" | "dynamic" | "subscription";
export const AIRWAY_MODES: AirwayMode[] = ["standard", "static", "dynamic", "subscription"];

export interface WasmURLs {
  /** URL of the flight module: http(s):// or oci://. */
  flight: string;
  /** sha256 to verify the flight against. */
  flightChecksum?: string;
  /** URL of the converter module (conversion webhook). */
  converter?: string;
  converterChecksum?: string;
}

export interface PruneOptions {
  /** Delete owned CRDs on deletion. */
  crds?: boolean;
  /** Delete owned namespaces on deletion. */
  namespaces?: boolean;
}

export interface CustomResourceDefinitionNames {
  kind: string;
  plural: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CustomResourceColumnDefinition {
  name: string;
  type: "integer" | "number" | "string" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema: { openAPIV3Schema: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

/** apiextensions.k8s.io/v1 CustomResourceDefinitionSpec: the Airway's template. */
export interface CustomResourceDefinitionSpec {
  group: string;
  names: CustomResourceDefinitionNames;
  scope: "Namespaced" | "Cluster";
  versions: CustomResourceDefinitionVersion[];
  conversion?: { strategy: "None" | "Webhook"; webhook?: unknown };
  preserveUnknownFields?: boolean;
}

export interface AirwaySpec {
  wasmUrls: WasmURLs;
  /** Path within the custom resource to the value passed to the flight; by default the whole resource. */
  objectPath?: string[];
  /** Go duration ("1m", "30s"): requeue every instance this often to fix drift. */
  fixDriftInterval?: string;
  /** Let the flight look up resources in the cluster. */
  clusterAccess?: boolean;
  /** Matchers ($namespace/$Kind.Group:$name) for resources outside the release the flight may look up. */
  resourceAccessMatchers?: string[];
  /** For oci:// URLs: fetch without TLS verification. */
  insecure?: boolean;
  skipAdmissionWebhook?: boolean;
  mode?: AirwayMode;
  /** Revisions kept per instance; negative for no cap. Default 2. */
  historyCapSize?: number;
  template: CustomResourceDefinitionSpec;
  prune?: PruneOptions;
  /** Memory limit of a flight run, in MiB (default 4096). */
  maxMemoryMib?: number;
  /** Go duration: how long a flight may run (default 10s). */
  timeout?: string;
}

export interface Airway {
  apiVersion: "yoke.cd/v1alpha1";
  kind: "Airway";
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: AirwaySpec;
}

export type AirwayInput = Omit<Airway, "apiVersion" | "kind"> & Partial<Pick<Airway, "apiVersion" | "kind">>;

export class AirwayError extends Error {
  override name = "AirwayError";
  constructor(
    readonly problems: string[],
    name?: string,
  ) {
    super(`${name ? `Airway ${name}` : "the Airway"} is not valid:\n  ${problems.join("\n  ")}`);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The Airway with apiVersion and kind, after checking it as the API server and the ATC would. */
export function defineAirway(input: AirwayInput): Airway {
  const airway: Airway = { apiVersion: "yoke.cd/v1alpha1", kind: "Airway", metadata: input.metadata, spec: input.spec };
  const problems = airwayProblems(airway);
  if (problems.length) throw new AirwayError(problems, input.metadata?.name);
  return airway;
}

/**
 * Required status fields other than conditions: the ATC sets the Ready
 * condition before the flight runs (internal/atc/reconciler_instance.go
 * setReadyCondition: status.conditions only), a write such a schema refuses.
 */
function statusFieldsTheATCWouldOmit(schema: JSONSchemaProps): string[] {
  const status = schema.properties?.status;
  return (status?.required ?? []).filter((field) => field !== "conditions");
}

/** Every problem with the Airway, each naming its field path; empty when valid. */
export function airwayProblems(airway: Airway): string[] {
  const problems: string[] = [];
  const bad = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (airway.apiVersion !== "yoke.cd/v1alpha1") bad("apiVersion", `must be yoke.cd/v1alpha1, not ${airway.apiVersion}`);
  if (airway.kind !== "Airway") bad("kind", `must be Airway, not ${airway.kind}`);
  const spec = airway.spec;
  if (!spec) return [...problems, "spec: missing"];
  const template = spec.template;
  const name = airway.metadata?.name;
  if (!name) bad("metadata.name", "missing");
  else if (template?.names?.plural && template.group && name !== `${template.names.plural}.${template.group}`) {
    bad("metadata.name", `must be ${template.names.plural}.${template.group}: the Airway's name is its CRD's name, <plural>.<group>`);
  }

  if (!spec.wasmUrls?.flight) bad("spec.wasmUrls.flight", "missing: the URL of the flight module");
  for (const key of ["flight", "converter"] as const) {
    const url = spec.wasmUrls?.[key];
    if (url && !/^(https?|oci):\/\//.test(url)) bad(`spec.wasmUrls.${key}`, `${url}: the ATC fetches http(s):// and oci:// URLs only`);
  }
  for (const key of ["flightChecksum", "converterChecksum"] as const) {
    const sum = spec.wasmUrls?.[key];
    if (sum && !/^[0-9a-f]{64}$/.test(sum)) bad(`spec.wasmUrls.${key}`, "must be a sha256 in hex (64 characters)");
  }
  if (spec.mode !== undefined && !AIRWAY_MODES.includes(spec.mode)) bad("spec.mode", `${spec.mode} is not one of ${AIRWAY_MODES.join(", ")}`);
  for (const key of ["fixDriftInterval", "timeout"] as const) {
    if (spec[key] !== undefined && !GO_DURATION.test(spec[key]!)) bad(`spec.${key}`, `${spec[key]} is not a Go duration such as 30s, 5m or 1h30m`);
  }
  if (spec.maxMemoryMib !== undefined && !(Number.isInteger(spec.maxMemoryMib) && spec.maxMemoryMib > 0 && spec.maxMemoryMib <= 4096)) {
    bad("spec.maxMemoryMib", "must be an integer from 1 to 4096");
  }
  if (spec.historyCapSize !== undefined && !Number.isInteger(spec.historyCapSize)) bad("spec.historyCapSize", "must be an integer");
  if (spec.resourceAccessMatchers?.length && !spec.clusterAccess) {
    bad("spec.resourceAccessMatchers", "has no effect without spec.clusterAccess: true");
  }
  spec.resourceAccessMatchers?.forEach((m, i) => {
    if (!m || /\s/.test(m)) bad(`spec.resourceAccessMatchers[${i}]`, `${JSON.stringify(m)} is not a matcher ($namespace/$Kind.Group:$name)`);
  });

  if (!template) return [...problems, "spec.template: missing: the CustomResourceDefinition spec"];
  if (!template.group || !template.group.includes("."))
    bad("spec.template.group", `${template.group ?? "missing"}: a CRD group needs a dot, such as examples.com`);
  if (!template.names?.kind) bad("spec.template.names.kind", "missing");
  if (!template.names?.plural || !DNS_LABEL.test(template.names.plural))
    bad("spec.template.names.plural", `${template.names?.plural ?? "missing"}: must be a lowercase DNS label`);
  if (template.scope !== "Namespaced" && template.scope !== "Cluster")
    bad("spec.template.scope", `${template.scope ?? "missing"}: must be Namespaced or Cluster`);
  const versions = template.versions ?? [];
  if (!versions.length) bad("spec.template.versions", "needs at least one version");
  const storage = versions.filter((v) => v.storage);
  if (versions.length && storage.length !== 1) bad("spec.template.versions", `exactly one version must have storage: true (${storage.length} do)`);
  versions.forEach((v, i) => {
    const at = `spec.template.versions[${i}]`;
    if (!v.name || !DNS_LABEL.test(v.name)) bad(`${at}.name`, `${v.name ?? "missing"}: must be a version name such as v1`);
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) return bad(`${at}.schema.openAPIV3Schema`, "missing");
    for (const problem of structuralProblems(schema)) bad(`${at}.schema.openAPIV3Schema`, problem);
    for (const field of statusFieldsTheATCWouldOmit(schema)) {
      bad(
        `${at}.schema.openAPIV3Schema.properties.status.required`,
        `"${field}" is required, but the ATC's first status write holds only conditions and the API server rejects it ` +
          `(status.${field}: Required value): make ${field} optional in the status type (${field}?: ...)`,
      );
    }
  });
  return problems;
}

/**
 * The CRD template as the ATC applies it (internal/atc/reconciler_airway.go):
 * every version gets the status subresource and a schema; status gets
 * `conditions` (flight.Conditions) when it does not declare it (the whole
 * status, conditions optional, when absent); status is never required.
 */
export function atcTemplate(template: CustomResourceDefinitionSpec): CustomResourceDefinitionSpec {
  const copy = structuredClone(template);
  for (const version of copy.versions ?? []) {
    version.subresources = { ...version.subresources, status: {} };
    const root = ((version.schema ??= { openAPIV3Schema: { type: "object", properties: {} } }).openAPIV3Schema ??= { type: "object", properties: {} });
    root.properties ??= {};
    const status = root.properties.status;
    if (!status) {
      root.properties.status = { type: "object", properties: { conditions: SPECIAL_TYPES.Conditions!() } };
      continue;
    }
    status.properties ??= {};
    status.properties.conditions ??= SPECIAL_TYPES.Conditions!();
    if (root.required) root.required = root.required.filter((field) => field !== "status");
  }
  return copy;
}
