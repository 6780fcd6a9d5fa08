// Encodes the go-json corpus inside the engine and reports, per case, the
// bytes (or the error) and whether the runtime's native encoder did it.
import { encodeGoJSON } from "@yoke-flight/sdk";
import { corpus } from "./go-json-corpus.js";

const yoke = (globalThis as { __yoke?: { goJSON?(v: unknown): string | undefined; write(fd: 1 | 2, text: string): void } }).__yoke!;
const report = corpus().map(([name, make]) => {
  const native = yoke.goJSON!(make()) !== undefined;
  try {
    return { name, native, text: encodeGoJSON(make()) };
  } catch (e) {
    return { name, native, error: (e as Error).message };
  }
});
yoke.write(1, JSON.stringify(report));
