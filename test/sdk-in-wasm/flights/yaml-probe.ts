// Reads a JSON array of YAML documents and reports, for each, what the
// runtime's native YAML reader gives (undefined: it leaves it to js-yaml)
// and what input() gives.
import { parseInput } from "@yoke-flight/sdk";

const yoke = (globalThis as { __yoke?: { readStdin(): string; write(fd: 1 | 2, text: string): void; parseYaml?(text: string): unknown } }).__yoke!;
const docs = JSON.parse(yoke.readStdin()) as string[];
yoke.write(1, JSON.stringify(docs.map((doc) => {
  const native = yoke.parseYaml!(doc);
  let viaInput: unknown;
  try {
    viaInput = parseInput(doc);
  } catch (e) {
    viaInput = { error: (e as Error).message };
  }
  return { native: native === undefined ? "fallback" : native, viaInput };
})));
