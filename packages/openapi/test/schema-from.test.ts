// Every schemaFrom rule on a type that exercises it (fixtures/rules.ts),
// including the errors. The Go-parity tests are in test/conformance/schemas.test.ts.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSchemaProgram, QUANTITY_PATTERN, schemaFrom, SchemaError, structuralProblems } from "@yoke-flight/openapi";

const file = fileURLToPath(new URL("./fixtures/rules.ts", import.meta.url));
const program = createSchemaProgram([file]);
const of = (type: string) => schemaFrom({ file, type, program });
const spec = of("Resource").properties!.spec!;
const field = (name: string) => spec.properties![name]!;

describe("schemaFrom rules", () => {
  it("skips apiVersion, kind and metadata at the top level only, and keeps the root's description", () => {
    const root = of("Resource");
    expect(Object.keys(root.properties!)).toEqual(["spec"]);
    expect(root.required).toEqual(["spec"]);
    expect(root.description).toBe("The root's own description.");
    expect(Object.keys(field("nested").properties!)).toEqual(["metadata", "kind"]);
  });

  it("required is the non-optional properties, in declaration order", () => {
    expect(spec.required).toEqual(["nested", "port", "literal", "flag", "rules"]);
  });

  it("integers through aliases of the SDK's int, and by tag; unsigned means minimum 0", () => {
    expect(field("port")).toEqual({ type: "integer" });
    expect(field("whole")).toEqual({ type: "integer" });
    expect(field("natural")).toEqual({ type: "integer", minimum: 0 });
  });

  it("string literal unions become enums, through aliases; | null makes the field nullable", () => {
    expect(field("level")).toEqual({ type: "string", enum: ["low", "high"], nullable: true });
    expect(field("literal")).toEqual({ type: "string", enum: ["only"] });
    expect(field("color")).toEqual({ type: "string", enum: ["red", "green"] });
    expect(field("flag")).toEqual({ type: "boolean" });
    expect(field("numbers")).toEqual({ type: "integer", enum: [1, 2, 3] });
  });

  it("records are additionalProperties; object, any and unknown preserve unknown fields", () => {
    expect(field("settings")).toEqual({ type: "object", additionalProperties: { type: "integer" }, default: { a: 1 } });
    expect(field("object")).toEqual({ type: "object", "x-kubernetes-preserve-unknown-fields": true });
    expect(field("anyValue")).toEqual({ type: "object", "x-kubernetes-preserve-unknown-fields": true });
    expect(field("open")).toEqual({ type: "object", properties: { known: { type: "string" } }, "x-kubernetes-preserve-unknown-fields": true });
  });

  it("IntOrString, arrays (readonly too), Date, Kubernetes markers and CEL rules", () => {
    expect(field("port2")).toEqual({ "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] });
    expect(field("list")).toEqual({ type: "array", items: { type: "string" } });
    expect(field("when")).toEqual({ type: "string", format: "date-time" });
    expect(field("set")).toEqual({ type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" });
    expect(field("maybe")).toEqual({ type: "string", nullable: true });
    expect(field("rules")["x-kubernetes-validations"]).toEqual([{ rule: "self.size() > 0" }, { rule: "self.size() < 10", message: "too long" }]);
  });

  it("methods are not data; generic recursion is cut like any other", () => {
    expect(spec.properties!.method).toBeUndefined();
    expect(field("generic").properties!.next).toMatchObject({
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      description: expect.stringMatching(/:Box<string>$/),
    });
  });

  it("a type alias of an interface is the interface", () => {
    expect(of("Alias")).toEqual(spec);
  });

  it("the Quantity pattern is yoke's", () => {
    expect(QUANTITY_PATTERN).toBe("^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");
  });

  it("every schema here is structural", () => {
    expect(structuralProblems(of("Resource"))).toEqual([]);
  });
});

describe("schemaFrom errors name the file:line, the type and the property path", () => {
  const cases: [string, RegExp][] = [
    [
      "ObjectUnion",
      /rules\.ts:\d+:\d+: ObjectUnion\.shape: the union \{ a: string; \} \| \{ b: number; \} cannot be made structural; a structural schema gives every field one type/,
    ],
    ["StringOrNumber", /StringOrNumber\.port: the union string \| number cannot be made structural; for a port number or name use IntOrString/],
    ["Tuple", /Tuple\.pair: tuples \(\[string, number\]\) cannot be made structural/],
    ["Mixed", /Mixed\.labels: named properties and an index signature together cannot be made structural/],
    ["BadTag", /BadTag\.count: @minimum lots: expected a number/],
    ["UnknownTag", /UnknownTag\.count: unknown JSDoc tag @minimun; schema tags are @description/],
    ["BadRules", /BadRules\.count: @xValidations .*expected a JSON array of rules/],
    ["IntOnString", /IntOnString\.name: @integer : only a number can be an integer, this is string/],
    ["Fn", /Fn\.callback: functions cannot be part of a resource/],
    ["Missing", /rules\.ts: no exported type Missing \(exported types: Resource, Port, Level, Spec, Box, Alias/],
  ];
  it.each(cases)("%s", (type, message) => {
    expect(() => of(type)).toThrow(SchemaError);
    expect(() => of(type)).toThrow(message);
  });

  it("a syntax error is reported at its file:line:column", () => {
    const broken = fileURLToPath(new URL("./fixtures/syntax-error.ts", import.meta.url));
    expect(() => schemaFrom({ file: broken, type: "X" })).toThrow(/syntax-error\.ts:2:\d+: /);
  });

  it("carries the location as data for the flight command's messages (esbuild's fields: 1-based line, 0-based column)", () => {
    const error = (() => {
      try {
        of("ObjectUnion");
      } catch (e) {
        return e as SchemaError;
      }
    })();
    expect(error?.text).toMatch(/^ObjectUnion\.shape: the union/);
    expect(error?.location).toMatchObject({ file: expect.stringMatching(/rules\.ts$/), line: expect.any(Number), column: expect.any(Number) });
    expect(error?.location?.lineText).toContain("shape");
    expect(error?.message).toBe(`${error?.location?.file}:${error?.location?.line}:${(error?.location?.column ?? 0) + 1}: ${error?.text}`);
  });
});

describe("the structural check", () => {
  it("names each problem with its path (the server's verdicts: test/control-plane/schemas.test.ts)", () => {
    expect(
      structuralProblems({
        type: "object",
        properties: {
          a: {},
          b: { type: "array" },
          c: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "string" }, { type: "integer" }] },
          d: { type: "array", items: { type: "string" }, uniqueItems: true },
          e: { type: "object", properties: { x: { type: "string" } }, additionalProperties: { type: "string" } },
          f: {
            type: "array",
            items: { type: "object", properties: { k: { type: "string" } } },
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["k"],
          },
          g: { type: "string", minimum: 1, oneOf: [{ minLength: 1 }, { maxLength: 0 }] },
        },
        required: ["ghost"],
        ...({ $ref: "#/definitions/x" } as object),
      }),
    ).toEqual([
      "<root>: $ref is not allowed in a structural schema",
      "a: type is missing (required unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)",
      "b: an array needs items",
      "c.anyOf[0]: type is not allowed in a value validation (anyOf, allOf, oneOf, not) (x-kubernetes-int-or-string allows exactly anyOf: [{type: integer}, {type: string}], in this order)",
      "c.anyOf[1]: type is not allowed in a value validation (anyOf, allOf, oneOf, not)",
      "d: uniqueItems: true is rejected for CRDs (quadratic to check); use x-kubernetes-list-type: set (@listType set)",
      "e: properties and additionalProperties are mutually exclusive",
      "f: list map key k must be required or have a default",
    ]);
  });
});
