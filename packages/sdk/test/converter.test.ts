// The SDK's converter and schematics answers in Node, against a scripted
// host: the review the ATC expects back (yokecd/yoke cmd/atc/handler.go)
// and what a `yoke schematics get` run prints.
import { afterEach, describe, expect, it } from "vitest";
import { FlightInputError, conversionResponse, convert, isConverterRun, isSchematicsRun, schematics, setHost, type ConversionReview } from "@yoke-flight/sdk";
import { scriptedHost, type Script } from "./host.js";

function use(script: Script) {
  const h = scriptedHost(script);
  setHost(h.host);
  return h;
}
afterEach(() => setHost(undefined));

const widget = (version: string, spec: object) => ({
  apiVersion: `examples.com/${version}`,
  kind: "Widget",
  metadata: { name: "w", uid: "u" },
  spec,
  status: { ready: true },
});
const review = (desiredAPIVersion: string, objects: object[]): ConversionReview => ({
  kind: "ConversionReview",
  apiVersion: "apiextensions.k8s.io/v1",
  request: { uid: "r-1", desiredAPIVersion, objects: objects as never },
});
const toV2 = (o: { spec: { size: number } }) => ({ kind: "Widget", spec: { replicas: o.spec.size } });

describe("conversionResponse", () => {
  it("converts each object, in order, setting apiVersion and carrying metadata and status", () => {
    const answer = conversionResponse(review("examples.com/v2", [widget("v1", { size: 1 }), widget("v1", { size: 2 })]), toV2 as never);
    expect(answer).toEqual({
      kind: "ConversionReview",
      apiVersion: "apiextensions.k8s.io/v1",
      request: null,
      response: {
        uid: "r-1",
        convertedObjects: [widget("v2", { replicas: 1 }), widget("v2", { replicas: 2 })],
        result: { metadata: {}, status: "Success" },
      },
    });
  });

  it("passes objects already at the desired version through without calling the function", () => {
    let calls = 0;
    const answer = conversionResponse(review("examples.com/v2", [widget("v2", { replicas: 3 })]), () => {
      calls++;
      return {};
    });
    expect(calls).toBe(0);
    expect(answer.response?.convertedObjects).toEqual([widget("v2", { replicas: 3 })]);
  });

  it("lets the function set its own status", () => {
    const answer = conversionResponse(review("examples.com/v2", [widget("v1", { size: 1 })]), () => ({ spec: {}, status: { ready: false } }));
    expect(answer.response?.convertedObjects?.[0]?.status).toEqual({ ready: false });
  });

  it("answers Failure when the function throws, returns a non-object or the wrong apiVersion", () => {
    const one = review("examples.com/v2", [widget("v1", { size: 1 })]);
    const fail = (fn: () => unknown) => {
      use({});
      return conversionResponse(one, fn as never).response;
    };
    expect(
      fail(() => {
        throw new Error("no way");
      }),
    ).toEqual({
      uid: "r-1",
      result: {
        metadata: {},
        status: "Failure",
        reason: "InternalError",
        message: "converting objects[0] (Widget w, examples.com/v1) to examples.com/v2: no way",
      },
    });
    expect(fail(() => null)?.result.message).toMatch(/returned null, not an object$/);
    expect(fail(async () => ({}))?.result.message).toMatch(/returned a Promise: conversion is synchronous/);
    expect(fail(() => ({ apiVersion: "examples.com/v1" }))?.result.message).toMatch(
      /returned apiVersion "examples.com\/v1", not the desired examples.com\/v2$/,
    );
    expect(conversionResponse(review("a/b/c", []), toV2 as never).response?.result).toMatchObject({ status: "Failure", reason: "BadRequest" });
  });
});

describe("convert", () => {
  it("reads the review from stdin and writes the answer as Go's encoder would", () => {
    const h = use({ stdin: JSON.stringify(review("examples.com/v2", [widget("v1", { size: 1 })])), args: ["converter"] });
    expect(isConverterRun()).toBe(true);
    convert(toV2 as never);
    expect(h.stdout()).toBe(
      '{"kind":"ConversionReview","apiVersion":"apiextensions.k8s.io/v1","request":null,"response":{"uid":"r-1",' +
        '"convertedObjects":[{"apiVersion":"examples.com/v2","kind":"Widget","metadata":{"name":"w","uid":"u"},"spec":{"replicas":1},"status":{"ready":true}}],' +
        '"result":{"metadata":{},"status":"Success"}}}\n',
    );
  });

  it("refuses input that is not a ConversionReview, naming what it got", () => {
    use({ stdin: '{"apiVersion":"examples.com/v1","kind":"Widget","metadata":{"name":"w"}}' });
    expect(() => convert(toV2 as never)).toThrow(
      new FlightInputError("a converter's input must be an apiextensions.k8s.io/v1 ConversionReview with a request, not a Widget (examples.com/v1)"),
    );
    use({ stdin: "" });
    expect(() => convert(toV2 as never)).toThrow(/input is empty/);
  });
});

describe("schematics", () => {
  it("does nothing outside a schematics run", () => {
    const h = use({ args: ["release"] });
    expect(isSchematicsRun()).toBe(false);
    schematics({ docs: "x" });
    expect(h.stdout()).toBe("");
  });

  it("answers the schematic named by the first arg and exits 0", () => {
    const h = use({ args: ["schematics", "--docs", "short"] });
    expect(() => schematics({ docs: (rest) => `docs ${rest.join(" ")}`, other: "no" })).toThrow("exit 0");
    expect(h.stdout()).toBe("docs short");
    const json = use({ args: ["schematics", "meta"] });
    expect(() => schematics({ meta: { a: 1 } })).toThrow("exit 0");
    expect(json.stdout()).toBe('{\n  "a": 1\n}\n');
  });

  it("exits 1 naming the known schematics for an unknown one", () => {
    const h = use({ args: ["schematics", "nope"] });
    expect(() => schematics({ docs: "x", version: "1" })).toThrow("exit 1");
    expect(h.stderr()).toBe('no schematic named "nope": this module answers docs, version\n');
  });
});
