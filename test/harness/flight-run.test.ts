// `flight run` from the command line: output as `yoke takeoff --stdout`
// prints it, the fake cluster from a file, access flags, and errors on
// stderr with a non-zero exit, stack traces at the TypeScript lines.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flight } from "./build.js";

const bin = createRequire(import.meta.url)
  .resolve("@yoke-flight/cli/package.json")
  .replace(/package\.json$/, "bin/flight.js");
const dir = mkdtempSync(join(tmpdir(), "flight-run-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [bin, "run", ...args], { encoding: "utf8", input });
  return { exitCode: r.status, stdout: r.stdout, stderr: r.stderr };
};

const secretId = file("id.yaml", "apiVersion: v1\nkind: Secret\nname: db\nnamespace: default\n");
const cluster = file(
  "cluster.yaml",
  [
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: default\ndata:\n  password: czNjcjN0\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: default\n",
  ].join("---\n"),
);

describe("flight run", () => {
  it("prints the flight's stdout as is, as yoke takeoff --stdout does", async () => {
    const r = run(
      [await flight("echo-invocation"), "--input", "-"],
      '{"apiVersion":"examples.com/v1","kind":"App","metadata":{"name":"web","namespace":"prod"}}',
    );
    expect(r.exitCode).toBe(0);
    const [cm] = JSON.parse(r.stdout);
    expect(JSON.parse(cm.data.env)).toMatchObject({ YOKE_RELEASE: "examples.com.App.prod.web", YOKE_NAMESPACE: "prod" });
    expect(r.stdout.endsWith("\n")).toBe(true);
  });

  it("without --cluster-access, lookups are not granted", async () => {
    const r = run([await flight("lookup"), "--input", secretId, "--cluster", cluster]);
    expect(JSON.parse(r.stdout)[0].data.result).toBe("not granted: access to the cluster has not been granted for this flight invocation");
  });

  it("with --cluster-access, objects outside the release need --resource-access", async () => {
    const denied = run([await flight("lookup"), "--input", secretId, "--cluster", cluster, "--cluster-access"]);
    expect(JSON.parse(denied.stdout)[0].data.result).toBe("forbidden: forbidden: cannot access resource outside of target release ownership");
    const allowed = run([await flight("lookup"), "--input", secretId, "--cluster", cluster, "--cluster-access", "--resource-access", "default/Secret:db"]);
    expect(JSON.parse(allowed.stdout)[0].data.result).toMatch(/^found \{"apiVersion":"v1","data":\{"password":"czNjcjN0"\}/);
  });

  it("a flight that throws: the message and its TypeScript lines on stderr, exit 1", async () => {
    const r = run([await flight("throws"), "--input", "-"], '{"spec":{}}');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^flight run: the flight failed: Error: spec\.image is required\n\s+at requireImage \(.*flights\/throws\.ts:5:30\)/);
  });

  it("refuses what is not a flight output, input that is not JSON or YAML, and usage mistakes", async () => {
    const notJson = run([await flight("not-json"), "--input", "-"], "{}");
    expect(notJson.exitCode).toBe(1);
    expect(notJson.stderr).toContain("flight run: the flight failed:");
    const badInput = run([await flight("lookup"), "--input", "-"], "a: [unclosed");
    expect(badInput.exitCode).toBe(1);
    expect(badInput.stderr).toContain(
      "flight run: the flight failed: FlightInputError: the flight's input is not valid JSON or YAML at line 2, column 1: unexpected end of the stream within a flow collection",
    );
    expect(run([await flight("lookup")]).exitCode).toBe(2);
    expect(run([await flight("lookup"), "--input", "-", "--timeout", "soon"], "{}").stderr).toContain("--timeout must be a positive whole number");
    expect(run(["missing.wasm", "--input", "-"], "{}").exitCode).toBe(1);
  });

  it("passes everything after -- to the flight, even its own flags, and --env, as yoke takeoff does", async () => {
    const r = run([await flight("echo-invocation"), "--input", "-", "--env", "EXTRA=a=b", "--", "--help", "-n", "x"], "a: 1\n---\nb: 2\n");
    expect(r.exitCode, r.stderr).toBe(0);
    const { data } = JSON.parse(r.stdout)[0];
    expect(JSON.parse(data.args)).toEqual(["--help", "-n", "x"]);
    expect(JSON.parse(data.env).EXTRA).toBe("a=b");
    expect(data.input).toBe('{"a":1}');
    expect(r.stderr).toContain("input(): the input holds 2 YAML documents; the flight's input is the first");
  });

  it("stops a flight that never ends at --timeout", async () => {
    const r = run([await flight("endless"), "--input", "-", "--timeout", "300"], "{}");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("execution timeout (300ms) exceeded");
  });
});
