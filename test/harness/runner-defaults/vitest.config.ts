// A vitest project with vitest's defaults (testTimeout 5 s), as a user's
// would be: run by ../timeouts.test.ts to check that a looping flight fails
// with yoke's message, not the runner's.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { root: fileURLToPath(new URL(".", import.meta.url)), include: ["*.spec.ts"] },
});
