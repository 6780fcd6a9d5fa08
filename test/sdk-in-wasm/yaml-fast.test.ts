// The runtime's native YAML reader (packages/runtime/c/yaml_fast.c) against
// js-yaml, which the SDK uses everywhere else: on every document it reads
// it must give js-yaml's value exactly, and what it does not read it leaves
// to js-yaml (input() then gives js-yaml's value or error).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { buildFlight } from "@yoke-flight/cli";
import { runWasm } from "@yoke-flight/runtime";
import { customResource, toYaml } from "../../scripts/bench/documents.mjs";

const root = new URL("../../", import.meta.url).pathname;
const deployment = `# a Deployment as kubectl prints it
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  labels: {}
  annotations:
    "quoted key": 'single ''quoted'''
    url: http://example.com:8080/path#anchor
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
        args: []
        resources:
          limits: { }
          requests:
            cpu: 500m
            memory: 128Mi
        env:
        -
          name: EMPTY
        - name: ESCAPES
          value: "tab\\there \\u00e9 \\U0001F600 \\x41 \\"q\\" \\\\"
      -   name: sidecar
          image: busybox
`;

/** [document, read natively?] */
const cases: Array<[string, boolean]> = [
  [deployment, false], // "limits: { }": a flow mapping, left to js-yaml
  [deployment.replace("limits: { }", "limits: {}"), true],
  [toYaml(customResource(30)) + "\n", true],
  ["a: 1\nb: -2\nc: 0.5\nd: -0.25\ne: 123456789012345\nf: 0\ng: ~\nh: null\ni: Null\nj: TRUE\nk: False\n", true],
  ["ints: [1, 2]\n", false],
  ["n: 1234567890123456\n", false],
  ["n: 0x1F\n", false],
  ["n: 012\n", false],
  ["n: 1e3\n", false],
  ["n: .inf\n", false],
  ["n: -0\n", false],
  ["when: 2026-01-02\n", false],
  ["version: 1.2.3\n", false],
  ["size: 10Gi\nport: 8080tcp\n", true],
  ["8080: http\n", true],
  ["1.5: x\n", false],
  ["true: x\n", false],
  ["a: &x 1\nb: *x\n", false],
  ["a: !!str 1\n", false],
  ["text: |\n  line one\n  line two\n", false],
  ["text: >\n  folded\n", false],
  ["text: plain\n  continued\n", false],
  ['text: "open\n  quote"\n', false],
  ["a: 1\na: 2\n", false],
  ["a: 1\n---\nb: 2\n", false],
  ["<<: {a: 1}\n", false],
  ["a:\n\tb: 1\n", false],
  ["- - nested\n", false],
  ["? complex\n: key\n", false],
  ["key: value: more\n", false],
  ["a: b:\n", false],
  ["yes: no\non: off\n", true],
  ["__proto__: polluted\nsafe: true\n", true],
  ["- a\n-\n- - b\n", false],
  ["- a\n-\n- c\n", true],
  ["list:\n- x: 1\n  y: [2]\n", false],
  ["list:\n- x: 1\n  y: []\nafter: z\n", true],
  ["deep:\n  deeper:\n    deepest:\n    - 1\n    - two\n  back: 3\n", true],
  ["  indented: doc\n  second: line\n", true],
  ["a: 1\n b: 2\n", false],
  ['"k\\u00e9y": "\\ud800"\n', false],
  ["unicode: héllo wörld ✓ 😀\n", true],
  ["bad: \uffff\n", false],
  ["lone: \ud800\n", false],
  ["nel: a\u0085b\n", false],
  ["%YAML 1.2\n---\na: 1\n", false],
  ["a: 1\r\nb: two\r\n", true],
  ["# only a comment\n", false],
  [readFileSync(join(root, "examples/pipeline/airway.yaml"), "utf8"), true],
  [readFileSync(join(root, "examples/app/airway.yaml"), "utf8"), true],
];

/** Random documents written by js-yaml's own dump(), seeded: tricky strings, numbers, nesting. */
function randomDocuments(count: number): string[] {
  let seed = 0x5eed;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const fragments = [
    "yes",
    "no",
    "null",
    "~",
    "123",
    "0x1F",
    "1e3",
    "a: b",
    "a #b",
    "#x",
    "- x",
    "'",
    '"',
    "\\",
    "é",
    "😀",
    "",
    " lead",
    "trail ",
    "2026-01-02",
    ".inf",
    "<<",
    "@x",
    "`x",
    "%x",
    "x:",
    "tab\tx",
    "multi\nline",
    "plain text",
    "128Mi",
    "500m",
    "v1.2.3",
    "-1",
    "0.5",
    "true",
    "[a]",
    "{b}",
    "*a",
    "&a",
    "!t",
    "|",
    ">",
    "? q",
    "k=v",
    "http://x:80/#y",
  ];
  const scalar = (): unknown => {
    switch (next(6)) {
      case 0:
        return [0, 1, -7, 42, 123456789, 2 ** 31, -(2 ** 40)][next(7)];
      case 1:
        return [0.5, -0.25, 1.5e-7, 2.34567, 1e21][next(5)];
      case 2:
        return next(2) === 0;
      case 3:
        return null;
      default:
        return fragments[next(fragments.length)]! + (next(3) === 0 ? fragments[next(fragments.length)] : "");
    }
  };
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? 2 : next(3);
    if (kind === 0) return Array.from({ length: next(4) }, () => value(depth + 1));
    if (kind === 1) return Object.fromEntries(Array.from({ length: next(5) }, () => [String(scalar()), value(depth + 1)]));
    return scalar();
  };
  const options = [{}, { flowLevel: 1 }, { quotingType: '"' as const }, { forceQuotes: true }, { indent: 4 }, { noArrayIndent: true }];
  return Array.from({ length: count }, (_, i) => {
    const doc = { apiVersion: "v1", kind: "Random", spec: value(0), items: [value(1), value(1)] };
    return yaml.dump(doc, options[i % options.length]);
  });
}
const random = randomDocuments(400);

const dir = mkdtempSync(join(tmpdir(), "yaml-fast-"));
let results: Array<{ native: unknown; viaInput: unknown }>;

beforeAll(async () => {
  const outFile = join(dir, "yaml-probe.wasm");
  await buildFlight({ entry: new URL("./flights/yaml-probe.ts", import.meta.url).pathname, outFile });
  const run = runWasm(new WebAssembly.Module(readFileSync(outFile)), { stdin: JSON.stringify([...cases.map(([doc]) => doc), ...random]) });
  // parseInput() reads the first document quietly (input() notes when there are several; see the SDK's tests).
  expect(new TextDecoder().decode(run.stderr)).toBe("");
  results = JSON.parse(new TextDecoder().decode(run.stdout));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jsYaml(doc: string): unknown {
  try {
    return JSON.parse(JSON.stringify(yaml.load(doc)));
  } catch (e) {
    return { error: (e as { reason?: string }).reason ?? (e as Error).message };
  }
}

describe("the native YAML reader", () => {
  it.each(cases.map(([doc, native], i) => [i, JSON.stringify(doc.slice(0, 40)), native] as const))(
    "case %i %s: read natively = %s, and the value is js-yaml's",
    (i, _name, native) => {
      const { native: got, viaInput } = results[i]!;
      const expected = jsYaml(cases[i]![0]);
      expect(got === "fallback" ? "fallback" : "native").toBe(native ? "native" : "fallback");
      if (got !== "fallback") expect(got).toEqual(expected);
      if (!(expected as { error?: string })?.error) expect(viaInput).toEqual(expected);
    },
  );

  it("gives js-yaml's value for every random document it reads (a fair share of them)", () => {
    const got = results.slice(cases.length);
    let native = 0;
    got.forEach(({ native: value }, i) => {
      if (value === "fallback") return;
      native++;
      expect(value, random[i]).toEqual(jsYaml(random[i]!));
    });
    expect(native).toBeGreaterThan(random.length / 10); // most carry some fragment only js-yaml reads
  });

  it("keeps -0.25 and 0.5 as numbers and large integers exact", () => {
    expect(results[3]!.native).toEqual({ a: 1, b: -2, c: 0.5, d: -0.25, e: 123456789012345, f: 0, g: null, h: null, i: null, j: true, k: false });
  });
});
