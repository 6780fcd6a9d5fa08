// Every Airway the project produces, held to a real kube-apiserver v1.36.3:
// the CRD the ATC makes from it (airwayCRD) is accepted exactly when our
// structural checker says so, and becomes Established; instances are
// validated and defaulted by the server as pinned here; and the checker's
// verdict on a table of good and bad schemas is the server's.
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import { airwayCRD, airwayProblems, structuralProblems, type Airway, type JSONSchemaProps } from "@yoke-flight/openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleAirways, fixtureAirway, fixtureAirways, templateAirway, type ProducedAirway } from "./lib/airways.js";
import { useControlPlane } from "./lib/control-plane.js";
import { apply, create as createObject, established, verdict, type Verdict } from "./lib/kube.js";

const controlPlane = useControlPlane();
const examples = await exampleAirways();
const produced: ProducedAirway[] = [...examples, templateAirway(), ...fixtureAirways()];
let kc: KubeConfig;
beforeAll(() => {
  kc = controlPlane().kubeConfig();
});

const schemaProblems = (airway: Airway) => airway.spec.template.versions.flatMap((v) => structuralProblems(v.schema.openAPIV3Schema));

describe("every Airway the project produces", () => {
  it("airway.ts and the checked-in airway.yaml give the same CRD", () => {
    for (const example of ["pipeline", "app"]) {
      const [ts, yaml] = [".ts", ".yaml"].map((ext) => examples.find((e) => e.source === `examples/${example}/airway${ext}`)!.airway);
      expect(JSON.parse(JSON.stringify(airwayCRD(yaml!)))).toEqual(JSON.parse(JSON.stringify(airwayCRD(ts!))));
    }
  });

  it.each(produced)("$source: the server accepts its CRD exactly when our checker does, and it becomes Established", async ({ airway }) => {
    const crd = airwayCRD(airway);
    const ours = schemaProblems(airway);
    const server = await verdict(apply(kc, crd));
    expect({ accepted: server.ok, by: "server", why: server.ok ? [] : [server.message] }).toEqual({
      accepted: ours.length === 0,
      by: "server",
      why: ours.length === 0 ? [] : [expect.any(String)],
    });
    if (!server.ok) return;
    const ready = await established(kc, crd.metadata.name);
    expect(ready.status?.conditions?.find((c) => c.type === "NonStructuralSchema")).toBeUndefined();
    expect(ready.status?.acceptedNames?.kind).toBe(airway.spec.template.names.kind);
  });
});

/** Creates the instance as a dry run with strict field validation, as `kubectl apply` does. */
async function create(airway: Airway, body: Record<string, unknown>): Promise<Verdict<Record<string, unknown>>> {
  const t = airway.spec.template;
  return verdict(
    kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: t.group,
      version: t.versions[0]!.name,
      namespace: "default",
      plural: t.names.plural,
      body: { apiVersion: `${t.group}/${t.versions[0]!.name}`, kind: t.names.kind, metadata: { name: "instance" }, ...body },
      dryRun: "All",
      fieldValidation: "Strict",
    }),
  );
}

const airwayOf = (source: string) => produced.find((p) => p.source === source)!.airway;

type Case = [what: string, source: string, body: Record<string, unknown>, expected: { accepted: Record<string, unknown> } | { rejected: string }];
const invalid = (kind: string) => `${kind}.${kind === "Rules" || kind === "Kubernetes" ? "fixtures.yoke-flight.dev" : "examples.com"} "instance" is invalid`;
const CASES: Case[] = [
  ["defaults a missing image", "examples/pipeline/airway.yaml", { spec: {} }, { accepted: { spec: { image: "busybox:1.36" } } }],
  ["no spec, no defaults", "examples/pipeline/airway.yaml", {}, { accepted: {} }],
  [
    "type",
    "examples/pipeline/airway.yaml",
    { spec: { backoffLimit: "3" } },
    { rejected: `${invalid("Pipeline")}: spec.backoffLimit: Invalid value: "string": spec.backoffLimit in body must be of type integer: "string"` },
  ],
  [
    "maximum",
    "examples/pipeline/airway.yaml",
    { spec: { backoffLimit: 11 } },
    { rejected: `${invalid("Pipeline")}: spec.backoffLimit: Invalid value: 11: spec.backoffLimit in body should be less than or equal to 10` },
  ],
  [
    "minimum",
    "examples/pipeline/airway.yaml",
    { spec: { backoffLimit: -1 } },
    { rejected: `${invalid("Pipeline")}: spec.backoffLimit: Invalid value: -1: spec.backoffLimit in body should be greater than or equal to 0` },
  ],
  [
    "unknown field",
    "examples/pipeline/airway.yaml",
    { spec: { bogus: true } },
    { rejected: `Pipeline in version "v1" cannot be handled as a Pipeline: strict decoding error: unknown field "spec.bogus"` },
  ],
  ["required spec", "examples/app/airway.yaml", {}, { rejected: `${invalid("App")}: spec: Required value` }],
  [
    "defaults replicas, not the absent database",
    "examples/app/airway.yaml",
    { spec: { image: "app:1" } },
    { accepted: { spec: { image: "app:1", replicas: 1 } } },
  ],
  [
    "defaults inside a present database",
    "examples/app/airway.yaml",
    { spec: { image: "app:1", database: {} } },
    { accepted: { spec: { image: "app:1", replicas: 1, database: { tier: "db-f1-micro", region: "us-central1" } } } },
  ],
  [
    "minimum replicas",
    "examples/app/airway.yaml",
    { spec: { image: "app:1", replicas: 0 } },
    { rejected: `${invalid("App")}: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1` },
  ],
  [
    "template defaults",
    "flight init template (flight airway airway.ts)",
    { spec: { image: "nginx" } },
    { accepted: { spec: { image: "nginx", replicas: 1, port: 8080 } } },
  ],
  [
    "template port bound",
    "flight init template (flight airway airway.ts)",
    { spec: { image: "nginx", port: 70000 } },
    { rejected: `${invalid("Backend")}: spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535` },
  ],
  ...rulesCases(),
  [
    "pattern (Quantity)",
    "test/conformance/schematypes/types.ts Kubernetes",
    { port: 80, every: "1m", memory: "lots" },
    {
      rejected: `${invalid("Kubernetes")}: memory: Invalid value: "lots": memory in body should match '${"^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"}'`,
    },
  ],
  [
    "int-or-string and Quantity",
    "test/conformance/schematypes/types.ts Kubernetes",
    { port: "http", every: "1m", memory: "1Gi" },
    { accepted: { port: "http", every: "1m", memory: "1Gi" } },
  ],
];

function rulesCases(): Case[] {
  const source = "packages/openapi/test/fixtures/rules.ts Resource";
  const spec = { nested: {}, port: 1, literal: "only", flag: true, rules: "ok" };
  return [
    ["valid, with the default settings", source, { spec }, { accepted: { spec: { ...spec, settings: { a: 1 } } } }],
    [
      "enum",
      source,
      { spec: { ...spec, level: "mid" } },
      {
        rejected: `${invalid("Rules")}: [spec.level: Unsupported value: "mid": supported values: "low", "high", <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]`,
      },
    ],
    ["CEL rule", source, { spec: { ...spec, rules: "" } }, { rejected: `${invalid("Rules")}: spec.rules: Invalid value: "": failed rule: self.size() > 0` }],
    [
      "CEL rule with a message",
      source,
      { spec: { ...spec, rules: "0123456789" } },
      { rejected: `${invalid("Rules")}: spec.rules: Invalid value: "0123456789": too long` },
    ],
  ];
}

describe("instances, validated and defaulted by the server", () => {
  it.each(CASES)("%s (%s)", async (_what, source, body, expected) => {
    const result = await create(airwayOf(source), body);
    if ("accepted" in expected) {
      expect(result).toMatchObject({ ok: true });
      const { apiVersion, kind, metadata, ...rest } = (result as { object: Record<string, unknown> }).object;
      expect(rest).toEqual(expected.accepted);
    } else {
      expect(result).toMatchObject({ ok: false, message: expected.rejected });
    }
  });
});

/** The table of schemas: the server's verdict on a CRD with each as its spec's schema, against our structural checker's. */
const SCHEMAS: [string, JSONSchemaProps | Record<string, unknown>][] = [
  ["typed object", { type: "object", properties: { a: { type: "string" } } }],
  ["int-or-string", { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }],
  ["preserve unknown fields without type", { "x-kubernetes-preserve-unknown-fields": true }],
  ["map of integers", { type: "object", additionalProperties: { type: "integer" } }],
  [
    "map-list keyed by a required name",
    {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      items: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
    },
  ],
  [
    "map-list key with a default",
    {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      items: { type: "object", properties: { name: { type: "string", default: "x" } } },
    },
  ],
  [
    "map-list key neither required nor defaulted",
    {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      items: { type: "object", properties: { name: { type: "string" } } },
    },
  ],
  ["map-list without keys", { type: "array", "x-kubernetes-list-type": "map", items: { type: "object", properties: { name: { type: "string" } } } }],
  ["set of strings", { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } }],
  ["list-type on a string", { type: "string", "x-kubernetes-list-type": "set" }],
  ["unknown list-type", { type: "array", "x-kubernetes-list-type": "bag", items: { type: "string" } }],
  ["nullable string with an enum", { type: "string", nullable: true, enum: ["a", "b"] }],
  ["CEL rule", { type: "string", "x-kubernetes-validations": [{ rule: "self.size() > 0" }] }],
  ["missing type", { properties: { a: { type: "string" } } }],
  ["unknown type", { type: "null" }],
  ["$ref", { type: "object", $ref: "#/definitions/x" }],
  ["definitions", { type: "object", definitions: { x: { type: "string" } } }],
  ["patternProperties", { type: "object", patternProperties: { "^a": { type: "string" } } }],
  ["additionalProperties: false", { type: "object", additionalProperties: false }],
  ["properties with additionalProperties", { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "string" } }],
  ["uniqueItems", { type: "array", items: { type: "string" }, uniqueItems: true }],
  ["array without items", { type: "array" }],
  ["tuple items", { type: "array", items: [{ type: "string" }] }],
  ["preserve-unknown-fields: false", { type: "object", "x-kubernetes-preserve-unknown-fields": false }],
  [
    "anyOf of value validations",
    { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] },
  ],
  [
    "oneOf of value validations",
    { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, oneOf: [{ required: ["a"] }, { required: ["b"] }] },
  ],
  ["allOf of value validations", { type: "string", allOf: [{ minLength: 1 }, { maxLength: 5 }] }],
  ["not of a value validation", { type: "string", not: { enum: ["x"] } }],
  ["anyOf with a type inside", { type: "string", anyOf: [{ type: "string" }] }],
  ["anyOf with properties inside", { type: "object", properties: { a: { type: "string" } }, anyOf: [{ properties: { a: { minLength: 1 } } }] }],
  ["minimum on a string", { type: "string", minimum: 1 }],
  ["pattern on an integer", { type: "integer", pattern: "^1$" }],
  ["maxItems on an object", { type: "object", maxItems: 1 }],
  ["required property not in properties", { type: "object", required: ["ghost"], properties: { a: { type: "string" } } }],
  ["description-only nested object", { type: "object", properties: { a: { type: "object", description: "free" } } }],
  ["int-or-string with a pattern", { "x-kubernetes-int-or-string": true, pattern: "^[0-9]+$" }],
];

describe("our structural checker gives the server's verdict", () => {
  it.each(SCHEMAS)("%s", async (name, schema) => {
    const root: JSONSchemaProps = { type: "object", properties: { spec: schema as JSONSchemaProps } };
    const airway = fixtureAirway("Table", root);
    const server = await verdict(createObject(kc, airwayCRD(airway) as never, { dryRun: true }));
    const ours = structuralProblems(root);
    expect({ name, rejected: !server.ok, ours, server: server.ok ? "" : server.message }).toEqual({
      name,
      rejected: ours.length > 0,
      ours: server.ok ? [] : expect.anything(),
      server: expect.any(String),
    });
  });
});

/**
 * The ATC's first write of an instance's status holds only `conditions`
 * (internal/atc/reconciler_instance.go). The server's verdict on that write,
 * against our checker's verdict on the Airway (airwayProblems): a status
 * schema that requires fields is refused by both, and the examples' and the
 * template's status types require none.
 */
const CONDITIONS_ONLY = {
  conditions: [{ type: "Ready", status: "False", reason: "InProgress", message: "Flight is being applied", lastTransitionTime: "2026-01-01T00:00:00Z" }],
};
const statusAirway = (kind: string, required: string[]) =>
  fixtureAirway(kind, {
    type: "object",
    properties: { spec: { type: "object" }, status: { type: "object", required, properties: { msg: { type: "string" } } } },
  });
const STATUS_CASES: [source: string, airway: () => Airway, spec: Record<string, unknown>, serverSays: string][] = [
  ["examples/pipeline/airway.ts", () => airwayOf("examples/pipeline/airway.ts"), {}, ""],
  ["examples/app/airway.ts", () => airwayOf("examples/app/airway.ts"), { image: "app:1" }, ""],
  ["flight init template", () => airwayOf("flight init template (flight airway airway.ts)"), { image: "nginx" }, ""],
  [
    "a status with a required msg",
    () => statusAirway("StatusRequired", ["msg"]),
    {},
    'StatusRequired.fixtures.yoke-flight.dev "status-statusrequireds" is invalid: status.msg: Required value',
  ],
  ["a status with an optional msg", () => statusAirway("StatusOptional", []), {}, ""],
];

/** The server's answer to the ATC's first status write on a fresh instance. */
async function conditionsOnlyWrite(airway: Airway, spec: Record<string, unknown>): Promise<Verdict<unknown>> {
  const t = airway.spec.template;
  const crd = airwayCRD(airway);
  await apply(kc, crd);
  await established(kc, crd.metadata.name);
  const api = kc.makeApiClient(CustomObjectsApi);
  const name = `status-${t.names.plural}`;
  const where = { group: t.group, version: t.versions[0]!.name, namespace: "default", plural: t.names.plural };
  const created = await api.createNamespacedCustomObject({
    ...where,
    body: { apiVersion: `${t.group}/${t.versions[0]!.name}`, kind: t.names.kind, metadata: { name }, spec },
  });
  return verdict(api.replaceNamespacedCustomObjectStatus({ ...where, name, body: { ...created, status: CONDITIONS_ONLY } }));
}

describe("the ATC's first status write (conditions only)", () => {
  const verdicts = new Map<string, Verdict<unknown>>();
  beforeAll(async () => {
    for (const [source, airway, spec] of STATUS_CASES) verdicts.set(source, await conditionsOnlyWrite(airway(), spec));
  }, 60_000);

  for (const [source, airway, , serverSays] of STATUS_CASES) {
    it(`${source}: the server ${serverSays ? "rejects it" : "accepts it"}`, () => {
      const server = verdicts.get(source)!;
      expect(server.ok ? "" : server.message).toBe(serverSays);
    });
    it(`${source}: our checker (airwayProblems) gives the server's verdict`, () => {
      const server = verdicts.get(source)!;
      const ours = airwayProblems(airway()).filter((p) => p.includes("status"));
      expect({ source, accepted: ours.length === 0 }).toEqual({ source, accepted: server.ok });
    });
  }
});
