// flight run --diff's printing: colored on a terminal (red removals, green
// additions, yellow changes), plain otherwise, and YAML/JSON for tools.
// The diff itself is computed against a real API server in test/control-plane/live.test.ts.
import { describe, expect, it } from "vitest";
import type { DiffEntry } from "@yoke-flight/testing";
import { formatDiff } from "../src/diff-output.js";

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: { a: "1" } });
const ENTRIES: DiffEntry[] = [
  { action: "create", ref: "default/core/v1/configmap/new", desired: cm("new"), changes: [] },
  { action: "change", ref: "default/core/v1/configmap/changed", desired: cm("changed"), changes: [{ path: "data.a", live: "0", desired: "1" }] },
  { action: "remove", ref: "default/core/v1/configmap/old", desired: cm("old"), changes: [] },
  { action: "unchanged", ref: "default/core/v1/configmap/same", desired: cm("same"), changes: [] },
];

describe("formatDiff", () => {
  it("prints plain text off a terminal", () => {
    expect(formatDiff(ENTRIES, "text", false)).toBe(
      [
        "+ create    v1 ConfigMap default/new",
        "+     apiVersion: v1",
        "+     kind: ConfigMap",
        "+     metadata:",
        "+       name: new",
        "+       namespace: default",
        "+     data:",
        "+       a: '1'",
        "~ change    v1 ConfigMap default/changed",
        '-     data.a: "0"',
        '+     data.a: "1"',
        "- remove    v1 ConfigMap default/old",
        "  unchanged v1 ConfigMap default/same",
        "1 to create, 1 to change, 1 to remove, 1 unchanged",
        "",
      ].join("\n"),
    );
  });

  it("colors on a terminal", () => {
    const lines = formatDiff(ENTRIES, "text", true).split("\n");
    expect(lines[0]).toBe("\x1b[32m+ create    v1 ConfigMap default/new\x1b[0m");
    expect(lines).toContain("\x1b[33m~ change    v1 ConfigMap default/changed\x1b[0m");
    expect(lines).toContain('\x1b[31m-     data.a: "0"\x1b[0m');
    expect(lines).toContain("\x1b[31m- remove    v1 ConfigMap default/old\x1b[0m");
    expect(lines).toContain("\x1b[2m  unchanged v1 ConfigMap default/same\x1b[0m");
  });

  it("gives the entries as JSON or YAML", () => {
    const json = JSON.parse(formatDiff(ENTRIES, "json", true)) as { action: string }[];
    expect(json.map((e) => e.action)).toEqual(["create", "change", "remove", "unchanged"]);
    expect(formatDiff(ENTRIES, "yaml", true)).not.toContain("\x1b[");
  });
});
