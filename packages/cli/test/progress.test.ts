import { afterEach, expect, it } from "vitest";
import { progress } from "../src/progress.js";

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, s: { isTTY, write: (t: string) => (written.push(t), true) } as unknown as NodeJS.WriteStream };
};
const ci = process.env.CI;
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
});

it("shows steps on one redrawn line on a terminal and clears it when done", () => {
  delete process.env.CI;
  const { written, s } = stream(true);
  const p = progress(s);
  p.step("bundling");
  p.step("linking");
  p.done();
  expect(written).toEqual(["\r\x1b[2K… bundling", "\r\x1b[2K… linking", "\r\x1b[2K"]);
});

it("stays quiet when piped or in CI", () => {
  const piped = stream(false);
  progress(piped.s).step("bundling");
  expect(piped.written).toEqual([]);
  process.env.CI = "true";
  const inCi = stream(true);
  progress(inCi.s).step("bundling");
  expect(inCi.written).toEqual([]);
});
