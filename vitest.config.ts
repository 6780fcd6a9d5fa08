import { defineConfig } from "vitest/config";

// One configuration for the whole workspace: tests live next to what they
// test (packages/*/test, examples/*/test) or in test/ when they cross packages.
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A private TMPDIR for the run; leftovers in it fail the run.
    // Every package's dist up to date with its src before any test imports it.
    globalSetup: ["./test/no-leftovers.ts", "./test/fresh-dist.ts"],
  },
});
