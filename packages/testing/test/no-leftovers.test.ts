// Using @yoke-flight/testing leaves nothing behind in the temp directory:
// not on import, and not after runs in both modes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs `script` (an async function body) in a fresh Node with its own TMPDIR; returns what is left in it. */
function leftoversOf(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "testing-tmp-"));
  dirs.push(dir);
  const run = spawnSync(process.execPath, ["-e", `(async () => { ${script} })().catch((e) => { console.error(e); process.exitCode = 1; })`], {
    cwd: root,
    env: { ...process.env, TMPDIR: dir },
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return readdirSync(dir);
}

it("importing the package creates no temp directory", () => {
  expect(leftoversOf('await import("@yoke-flight/testing");')).toEqual([]);
});

it("running a flight in-process and as .wasm leaves nothing behind", () => {
  const script = `
    const { runFlight } = await import("@yoke-flight/testing");
    const input = { apiVersion: "examples.com/v1", kind: "Pipeline", metadata: { name: "demo", namespace: "default" }, spec: {} };
    const options = { input, clusterAccess: true };
    const wasm = await runFlight("examples/pipeline/dist/flight.wasm", options);
    const inProcess = await runFlight({ entry: "examples/pipeline/src/flight.ts" }, options);
    if (!wasm.ok || !inProcess.ok) throw new Error(wasm.error ?? inProcess.error);
  `;
  expect(leftoversOf(script)).toEqual([]);
});
