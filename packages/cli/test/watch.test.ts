// `flight build --watch` rebuilds on change, survives errors, stops on Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runWasm } from "@yoke-flight/runtime";
import { FLIGHT_BIN } from "./cli.js";

const flightSource = (value: string) => `(globalThis as any).__yoke.write(1, JSON.stringify(${JSON.stringify(value)}));\n`;

it("rebuilds when the source changes, reports errors and keeps watching, stops on SIGINT", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flight-watch-"));
  const entry = join(dir, "flight.ts");
  const out = join(dir, "flight.wasm");
  writeFileSync(entry, flightSource("first"));

  const child = spawn(process.execPath, [FLIGHT_BIN, "build", entry, "-o", out, "--watch", "--no-typecheck"], { cwd: dir });
  try {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const output = () => new TextDecoder().decode(runWasm(new WebAssembly.Module(readFileSync(out))).stdout);
    const builds = () => stdout.split("\n").filter((l) => l.includes("flight.wasm")).length;

    await until(() => builds() === 1 && stderr.includes("watching"), "the first build");
    expect(output()).toBe('"first"');

    writeFileSync(entry, flightSource("second"));
    await until(() => builds() === 2, "the rebuild");
    expect(output()).toBe('"second"');

    writeFileSync(entry, "const x = ;\n");
    await until(() => stderr.includes("flight.ts:1:11: error"), "the error");
    writeFileSync(entry, flightSource("third"));
    await until(() => builds() === 3, "the rebuild after the error");
    expect(output()).toBe('"third"');

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  } finally {
    // Pass or fail, the watcher stops and its directory goes.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
