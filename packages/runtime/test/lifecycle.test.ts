// How a flight runs: promise jobs and timers to completion, uncaught errors
// to stderr with a non-zero exit, stdout reserved for the output.
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { buildJs, flight, run } from "./helpers.js";

/** Node's main-thread stack is smaller than QuickJS's limit allows for: run like the harness does. */
function runOnBigStack(wasm: Uint8Array, stdin: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.runtime).then(({ runWasm }) => {
      const r = runWasm(new WebAssembly.Module(workerData.wasm), { stdin: workerData.stdin });
      const t = (b) => new TextDecoder().decode(b);
      parentPort.postMessage({ exitCode: r.exitCode, stdout: t(r.stdout), stderr: t(r.stderr) });
    });`;
  const runtime = pathToFileURL(createRequire(import.meta.url).resolve("@yoke-flight/runtime")).href;
  const worker = new Worker(code, { eval: true, workerData: { wasm, stdin, runtime }, resourceLimits: { stackSizeMb: 16 } });
  return new Promise((resolve, reject) => {
    worker.once("message", (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe.each([true, false])("with preload=%s", (preload) => {
  it("runs an async flight and top-level await to completion", () => {
    const module = flight(
      `
      const steps = [];
      async function step(n) { await null; steps.push(n); return n; }
      const a = await step(1);
      const b = await Promise.all([step(2), step(3)]);
      setTimeout(() => { steps.push("timer"); __yoke.write(1, JSON.stringify(steps)); }, 5);
      queueMicrotask(() => steps.push("micro"));
    `,
      { preload },
    );
    const out = run(module);
    expect(out).toEqual({ exitCode: 0, stdout: '[1,2,3,"micro","timer"]', stderr: "" });
  });

  it("prints an uncaught error's message and stack to stderr and exits 1", () => {
    const module = flight(
      `
      function deep() { throw new TypeError("the pipeline has no name"); }
      function outer() { deep(); }
      outer();
    `,
      { preload },
    );
    const out = run(module);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/^TypeError: the pipeline has no name\n\s+at deep \(flight\.js:2:\d+\)\n\s+at outer \(flight\.js:3:\d+\)/);
  });

  it("fails on a rejected top-level await with the rejection's message", () => {
    const out = run(flight(`await Promise.reject(new Error("lookup failed", { cause: new Error("forbidden") }));`, { preload }));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^Error: lookup failed\n[\s\S]*Caused by: Error: forbidden/);
  });
});

describe("failures", () => {
  it("fails on an unhandled rejection, like Node", () => {
    const out = run(flight(`Promise.reject(new RangeError("nobody caught me")); __yoke.write(1, "[]");`));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("Unhandled promise rejection: RangeError: nobody caught me");
  });

  it("does not fail on a rejection handled later in the same run", () => {
    const out = run(flight(`const p = Promise.reject(new Error("x")); await null; p.catch(() => {}); __yoke.write(1, "[]");`));
    expect(out).toEqual({ exitCode: 0, stdout: "[]", stderr: "" });
  });

  it("fails when top-level await waits for something that never happens", () => {
    const out = run(flight(`await new Promise(() => {}); __yoke.write(1, "[]");`));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("top-level await never settled");
  });

  it("reports a thrown non-Error value", () => {
    const out = run(flight(`throw { reason: "bad input" };`));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('Uncaught { reason: "bad input" }');
  });

  it("turns runaway recursion into QuickJS's catchable stack overflow error, not a crash", () => {
    const out = run(
      flight(`
      function f(n) { return f(n + 1) + 1; }
      try { f(0); } catch (e) { __yoke.write(1, e.name + ": " + e.message); }
    `),
    );
    expect(out).toEqual({ exitCode: 0, stdout: "InternalError: stack overflow", stderr: "" });
  });

  it("turns deeply nested JSON input into a catchable error on a 16 MB stack (as the harness runs it)", async () => {
    const wasm = buildJs(`try { JSON.parse(__yoke.readStdin()); } catch (e) { __yoke.write(1, e.name + ": " + e.message); }`);
    const out = await runOnBigStack(wasm, "[".repeat(200_000));
    expect(out).toEqual({ exitCode: 0, stdout: "SyntaxError: stack overflow", stderr: "" });
  });

  it("exits with the code the flight asks for", () => {
    expect(run(flight(`__yoke.write(2, "bye\\n"); __yoke.exit(3);`))).toEqual({ exitCode: 3, stdout: "", stderr: "bye\n" });
  });
});

describe("globals", () => {
  it("sends console output to stderr, never stdout", () => {
    const out = run(flight(`console.log("a", { b: [1, "two"] }, 3); console.error("%s=%d", "x", 42); __yoke.write(1, "[]");`));
    expect(out).toEqual({ exitCode: 0, stdout: "[]", stderr: 'a { b: [ 1, "two" ] } 3\nx=42\n' });
  });

  it("reads env and args as yoke passes them", () => {
    const out = run(flight(`__yoke.write(1, JSON.stringify({ env: __yoke.env(), args: __yoke.args() }));`), {
      args: ["my-release", "--flag"],
      env: { YOKE_RELEASE: "my-release", YOKE_NAMESPACE: "prod", NAMESPACE: "prod", YOKE_VERSION: "v0.20.0" },
    });
    expect(JSON.parse(out.stdout)).toEqual({
      env: { YOKE_RELEASE: "my-release", YOKE_NAMESPACE: "prod", NAMESPACE: "prod", YOKE_VERSION: "v0.20.0" },
      args: ["my-release", "--flag"],
    });
  });

  it("reads stdin as UTF-8 text", () => {
    const out = run(flight(`__yoke.write(1, __yoke.readStdin().toUpperCase());`), { stdin: "héllo 𝄞" });
    expect(out.stdout).toBe("HÉLLO 𝄞");
  });

  it("gives Math.random a fresh seed and Date the real time on every run", () => {
    const module = flight(`__yoke.write(1, JSON.stringify([Math.random(), Date.now()]));`);
    const [r1, t1] = JSON.parse(run(module).stdout);
    const [r2] = JSON.parse(run(module).stdout);
    expect(r1).not.toBe(r2);
    expect(Math.abs(t1 - Date.now())).toBeLessThan(5_000);
  });

  it("has base64 and UTF-8 codecs", () => {
    const out = run(
      flight(`
      const bytes = new TextEncoder().encode("pässwörd ☃");
      __yoke.write(1, JSON.stringify([btoa("user:pa55"), atob("dXNlcjpwYTU1"), Array.from(bytes).length, new TextDecoder().decode(bytes)]));
    `),
    );
    expect(JSON.parse(out.stdout)).toEqual([Buffer.from("user:pa55").toString("base64"), "user:pa55", Buffer.byteLength("pässwörd ☃"), "pässwörd ☃"]);
  });

  it("rejects writes to anything but stdout and stderr", () => {
    const out = run(flight(`try { __yoke.write(3, "x"); } catch (e) { __yoke.write(1, e.message); }`));
    expect(out.stdout).toContain("only write to stdout (1) or stderr (2)");
  });
});
