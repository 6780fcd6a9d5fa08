// Runs the real `flight` command, as a user would.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const FLIGHT_BIN = fileURLToPath(new URL("../bin/flight.js", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export function flight(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [FLIGHT_BIN, ...args], {
    cwd: options.cwd ?? FIXTURES,
    input: options.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}
