// vitest globalSetup: the whole test run gets a temp directory of its own
// (TMPDIR, which os.tmpdir(), Go and the tools the tests start all honour),
// and anything a test leaves in it fails the run, naming what was left.
// Nothing remains either way: the directory is removed at the end.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "yoke-flight-test-run-"));
  const previous = process.env.TMPDIR;
  // Set before vitest starts its workers, which inherit it.
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the code too.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temp directory: ${left.sort().join(", ")}; ` +
          "remove what a test creates in afterAll or finally",
      );
    }
  };
}
