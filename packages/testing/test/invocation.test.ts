// The release and namespace a run defaults to, whatever form the input takes:
// runFlight and `flight run` share invocationDefaults.
import { describe, expect, it } from "vitest";
import { invocationDefaults } from "@yoke-flight/testing";

const app = { apiVersion: "examples.com/v1", kind: "App", metadata: { name: "web", namespace: "team-a" } };
const expected = { release: "examples.com.App.team-a.web", namespace: "team-a" };

describe("invocationDefaults", () => {
  it("reads the custom resource from an object, JSON text, YAML text or bytes", () => {
    expect(invocationDefaults(app)).toEqual(expected);
    expect(invocationDefaults(JSON.stringify(app))).toEqual(expected);
    const yaml = "# the App\napiVersion: examples.com/v1\nkind: App\nmetadata:\n  name: web\n  namespace: team-a\n";
    expect(invocationDefaults(yaml)).toEqual(expected);
    expect(invocationDefaults(new TextEncoder().encode(`---\n${yaml}---\nkind: Other\n`))).toEqual(expected);
  });

  it("falls back to release and default for anything that is not a custom resource", () => {
    for (const input of [undefined, "", "hello world", "42", new Uint8Array([0xff, 0xfe]), "{not json", { kind: "NoName" }]) {
      expect(invocationDefaults(input as never)).toEqual({ release: "release", namespace: "default" });
    }
  });
});
