// The harness's default flight timeout (yoke's 10 s) and the test runner's
// agree: under vitest's own defaults, a test running a looping flight fails
// with yoke's message, because importing @yoke-flight/testing/vitest gives
// the test room for the whole flight timeout.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { DEFAULT_TIMEOUT_MS } from "@yoke-flight/testing";
import { FLIGHT_TEST_TIMEOUT_MS } from "@yoke-flight/testing/vitest";

const vitestBin = createRequire(import.meta.url)
  .resolve("vitest/package.json")
  .replace(/package\.json$/, "vitest.mjs");
const config = fileURLToPath(new URL("./runner-defaults/vitest.config.ts", import.meta.url));

it("gives tests yoke's default flight timeout and some room", () => {
  expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
  expect(FLIGHT_TEST_TIMEOUT_MS).toBeGreaterThan(DEFAULT_TIMEOUT_MS);
});

it("under vitest's default testTimeout, a looping flight fails with yoke's message", () => {
  // The child is a vitest of its own: not one of this run's workers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST"));
  const child = spawnSync(process.execPath, [vitestBin, "run", "--config", config], { encoding: "utf8", env: { ...env, NO_COLOR: "1" }, timeout: 60_000 });
  const output = child.stdout + child.stderr;
  expect(output).not.toContain("Test timed out");
  expect(output).toContain("1 passed");
  expect(child.status).toBe(0);
}, 60_000);
