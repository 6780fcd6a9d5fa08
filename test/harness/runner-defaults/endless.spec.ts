// Run under vitest's default testTimeout (5 s) by ../timeouts.test.ts.
import { beforeAll, expect, it } from "vitest";
import { runFlight } from "@yoke-flight/testing";
import "@yoke-flight/testing/vitest";
import { flight } from "../build.js";

let endless: string;
beforeAll(async () => {
  endless = await flight("endless");
});

it("a looping flight fails at yoke's default timeout, with yoke's message", async () => {
  expect(await runFlight(endless)).toFailWith("execution timeout (10s) exceeded");
});
