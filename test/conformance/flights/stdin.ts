// Reports exactly what reached it: the input's length and a hash of it, what
// input() made of it (or its error), its arguments and one extra environment
// variable. odd-inputs.json runs it under yoke and under `flight run` with the
// same bytes; both must print the same. With the argument "strict" it calls
// input() unguarded, so the flight's own error is the run's failure.
import { args, env, input, inputText, output, release } from "@yoke-flight/sdk";

const text = inputText();
if (args().includes("strict")) input();

let parsed: string;
try {
  const value = input<Record<string, unknown> & { kind?: unknown; metadata?: { name?: unknown } }>({ optional: true });
  parsed = value === undefined ? "none" : Array.isArray(value) ? `list of ${value.length} items` : `object with ${Object.keys(value).length} keys, kind ${String(value.kind)}, name ${String(value.metadata?.name)}`;
} catch (e) {
  parsed = `${(e as Error).name}: ${(e as Error).message}`;
}

output([{
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "stdin" },
  data: { length: String(text.length), fnv1a: fnv1a(text), input: parsed, args: JSON.stringify(args()), extra: env("EXTRA") ?? "", release: release() },
}]);

/** FNV-1a of the text; of every n-th character past 256 Ki characters, since a character costs QuickJS about 0.4 µs. */
function fnv1a(s: string): string {
  const stride = Math.max(1, Math.floor(s.length / 262_144));
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i += stride) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
