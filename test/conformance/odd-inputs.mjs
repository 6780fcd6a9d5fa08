// Odd inputs for one flight (flights/stdin.ts), run by `flight run` here and
// by yoke's EvalFlight in the Go suite (odd_inputs_test.go) with the same
// bytes: both must print the same. The rows with their expected output are
// odd-inputs.json, written by generate.mjs from what `flight run` prints.
// A row's stdin is a list of parts, concatenated: { text }, { base64 } or
// { repeat, times } (the Go suite reads the same three).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What yoke and `flight run` are told besides stdin. */
export const RELEASE = "odd";
export const NAMESPACE = "default";

const pipeline = (name) => `apiVersion: examples.com/v1\nkind: Pipeline\nmetadata:\n  name: ${name}\n  namespace: default\n`;
const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)).toString("base64");

export const oddInputs = [
  { name: "empty", stdin: [] },
  { name: "blank lines and a comment", stdin: [{ text: "\n  \n# nothing here\n" }] },
  {
    name: "a custom resource as JSON, as the ATC passes it",
    stdin: [{ text: '{"apiVersion":"examples.com/v1","kind":"Pipeline","metadata":{"name":"demo","namespace":"default"}}' }],
  },
  { name: "several YAML documents: the first is the input", stdin: [{ text: `# a comment\n---\n${pipeline("first")}---\n${pipeline("second")}---\n` }] },
  { name: "binary data: every byte value", stdin: [{ base64: everyByte }] },
  { name: "invalid UTF-8 inside a YAML value", stdin: [{ text: "kind: Pipeline\nmetadata:\n  name: a" }, { base64: "/w==" }, { text: "b\n" }] },
  {
    name: "a JSON array 200,000 deep",
    stdin: [
      { repeat: "[", times: 200_000 },
      { repeat: "]", times: 200_000 },
    ],
  },
  {
    // Above the 1.5 MiB an object may have in Kubernetes.
    name: "a huge input (4 MiB)",
    stdin: [{ text: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"blob":"' }, { repeat: "x", times: 4 << 20 }, { text: '"}}' }],
  },
  { name: "a string, not an object", stdin: [{ text: "hello world\n" }] },
  { name: "a number", stdin: [{ text: "42" }] },
  { name: "null", stdin: [{ text: "null\n" }] },
  { name: "a list", stdin: [{ text: "- a\n- b\n" }] },
  {
    name: "arguments after the release, and extra environment where yoke's own variables win",
    stdin: [{ text: pipeline("demo") }],
    args: ["one", "two words"],
    env: { EXTRA: "from --env", YOKE_RELEASE: "not this" },
  },
  { name: "input() unguarded: the flight's own error fails the run", stdin: [{ text: "hello world\n" }], args: ["strict"] },
];

/** A row's stdin bytes. */
export function stdinBytes(row) {
  return Buffer.concat(
    row.stdin.map((part) =>
      "text" in part
        ? Buffer.from(part.text, "utf8")
        : "base64" in part
          ? Buffer.from(part.base64, "base64")
          : Buffer.from(part.repeat.repeat(part.times), "utf8"),
    ),
  );
}

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const flightBin = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");

/** `flight run dist/stdin.wasm --input <the row's bytes> --release odd -n default [--env ...] [-- args]`, as a user runs it. */
export function flightRun(row) {
  const dir = mkdtempSync(join(tmpdir(), "odd-input-"));
  try {
    const input = join(dir, "stdin");
    writeFileSync(input, stdinBytes(row));
    const env = Object.entries(row.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
    const args = row.args ? ["--", ...row.args] : [];
    const result = spawnSync(
      process.execPath,
      [flightBin, "run", here("./dist/stdin.wasm"), "--input", input, "--release", RELEASE, "-n", NAMESPACE, ...env, ...args],
      {
        encoding: "utf8",
        maxBuffer: 64 << 20,
      },
    );
    return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
