// A flight written in Go (GOOS=wasip1, no yoke import), built by this test,
// in runFlight: Go's runtime sleeps and runs timers through poll_oneoff's
// clock subscriptions, and a panic prints its own text (not "panic during
// panic", which is what a missing poll_oneoff gave). Node's own WASI
// (node:wasi) runs the same module as a second opinion, and yoke's own host
// gives the same output in test/conformance/wasip1_test.go (where yoke
// resolves). Skipped, loudly, where Go is not installed.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { WASI } from "node:wasi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goMarshal, runFlight } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";

const goMissing = spawnSync("go", ["version"], { encoding: "utf8" }).status !== 0;
if (goMissing) process.stderr.write("\n*** SKIPPED: Go flights in the harness (test/go-wasip1): go is not installed\n\n");

const dir = mkdtempSync(join(tmpdir(), "go-wasip1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wasm = join(dir, "flight.wasm");
const input = (what: string) => ({ apiVersion: "examples.com/v1", kind: "Go", metadata: { name: "go", namespace: "default" }, spec: { do: what } });

beforeAll(() => {
  if (goMissing) return;
  const build = spawnSync("go", ["build", "-o", wasm, "."], {
    cwd: fileURLToPath(new URL("./flight/", import.meta.url)),
    encoding: "utf8",
    env: { ...process.env, GOOS: "wasip1", GOARCH: "wasm", GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false" },
  });
  expect(build.stderr).toBe("");
  expect(build.status).toBe(0);
});

/** The module under node:wasi (a handful of runs with fast API calls off is safe: see test/node-wasi). */
function underNodeWasi(stdin: string) {
  setFlagsFromString("--no-turbo-fast-api-calls");
  const files = { stdin: join(dir, "in"), stdout: join(dir, "out"), stderr: join(dir, "err") };
  writeFileSync(files.stdin, stdin);
  const fds = { stdin: openSync(files.stdin, "r"), stdout: openSync(files.stdout, "w"), stderr: openSync(files.stderr, "w") };
  try {
    const wasi = new WASI({ version: "preview1", args: ["go"], env: {}, returnOnExit: true, ...fds });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), wasi.getImportObject() as WebAssembly.Imports);
    const exitCode = wasi.start(instance);
    return { exitCode, stdout: readFileSync(files.stdout, "utf8"), stderr: readFileSync(files.stderr, "utf8") };
  } finally {
    Object.values(fds).forEach((fd) => closeSync(fd));
  }
}

describe.skipIf(goMissing)("a Go flight in runFlight", () => {
  it("sleeps, and runs goroutine timers and tickers, as under node:wasi", async () => {
    const run = await runFlight(wasm, { input: input("timers") });
    expect(run).toSucceed();
    expect(run).toContainResource({ kind: "ConfigMap", name: "go-timers", data: { got: "timer fired", atLeast50ms: "true" } });
    expect(run.stderr).toBe("timer fired\n");
    // As yoke's host writes it (test/conformance/wasip1_test.go).
    expect(run.stdout).toBe('{"apiVersion":"v1","data":{"atLeast50ms":"true","got":"timer fired"},"kind":"ConfigMap","metadata":{"name":"go-timers"}}');
    const reference = underNodeWasi(goMarshal(input("timers")));
    expect(reference.exitCode).toBe(0);
    expect(run.stdout).toBe(reference.stdout);
  });

  it("shows a panic's own text and exits 2, as under node:wasi", async () => {
    const run = await runFlight(wasm, { input: input("panic") });
    expect(run.exitCode).toBe(2);
    expect(run).toFailWith(/^panic: the flight gave up: panic\n\ngoroutine 1 \[running\]:\nmain\.main\(\)/);
    expect(run.stderr).not.toContain("panic during panic");
    const reference = underNodeWasi(goMarshal(input("panic")));
    expect(reference.exitCode).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(reference.stderr.split("\n")[0]);
  });

  it("stops a flight sleeping past its timeout, with yoke's message, and runs the next", async () => {
    const started = performance.now();
    const run = await runFlight(wasm, { input: input("sleep forever"), timeoutMs: 500 });
    expect(run).toFailWith("execution timeout (500ms) exceeded");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await runFlight(wasm, { input: input("timers") })).toSucceed();
  });
});
