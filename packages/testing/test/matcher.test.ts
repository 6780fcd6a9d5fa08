// Resource access matchers: every case of yoke's own table
// (yokecd/yoke internal/matcher_test.go), plus MatcherContains.
import { describe, expect, it } from "vitest";
import { matchResource, matcherContains, parseMatcher, type KubeObject } from "@yoke-flight/testing";

const deployment: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "test", namespace: "foo" } };

describe("matchResource (yoke's TestMatchResource)", () => {
  it.each([
    "*",
    "foo/Deployment.apps:test",
    "Deployment.apps:test",
    "Deployment.apps",
    "*/*",
    "*/Deployment.apps",
    "foo/Deployment.apps:*",
    "*/Deployment.apps:*",
  ])("%s matches", (matcher) => expect(matchResource(deployment, matcher)).toBe(true));

  it.each(["", "/", "Deployment", "bar/Deployment.apps", "Deployment.custom:test", "Deployment.apps:other", "bar/*"])("%j does not match", (matcher) =>
    expect(matchResource(deployment, matcher)).toBe(false),
  );

  it('matches a core-group kind by its bare name, as the examples\' Airway does with "Secret"', () => {
    const secret: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" } };
    expect(matchResource(secret, "Secret")).toBe(true);
    expect(matchResource(secret, "default/Secret:db")).toBe(true);
    expect(matchResource(secret, "Secret.v1")).toBe(false);
  });
});

describe("matcherContains (for objects that do not exist yet)", () => {
  it.each([
    ["Secret", "default/Secret:db", true],
    ["default/Secret", "default/Secret:db", true],
    ["other/Secret", "default/Secret:db", false],
    ["*", "default/Secret:db", true],
    ["default/*", "default/Secret:db", true],
    ["Secret:cache", "default/Secret:db", false],
    ["Deployment.apps", "default/Secret:db", false],
  ] as const)("%s contains %s: %s", (parent, child, expected) => expect(matcherContains(parent, child)).toBe(expected));
});

it("parses the three parts, defaulting to *", () => {
  expect(parseMatcher("Deployment.apps")).toEqual(["*", "Deployment.apps", "*"]);
  expect(parseMatcher("ns/Kind:name")).toEqual(["ns", "Kind", "name"]);
  expect(parseMatcher("/")).toEqual(["", "", "*"]);
});
