// Benchmark flight: output encoding. Makes `count` ConfigMaps (about 1 KB
// each, or 12 values of `valueBytes` each) and, with `time: true`, reports
// on stderr how long the engine's own JSON.stringify and the SDK's
// Go-compatible encodeGoJSON take on them (best of `reps`); then writes
// them with output(), as a flight does.
import { encodeGoJSON, input, output } from "@yoke-flight/sdk";

const { count, reps = 3, time = false, valueBytes = 0 } = input<{ count: number; reps?: number; time?: boolean; valueBytes?: number }>();
const phrase = "value <with> & some text, ünïcödé and more text to make it longer ";
const filler = valueBytes ? phrase.repeat(Math.ceil(valueBytes / phrase.length)).slice(0, valueBytes) : phrase;
const configMaps: object[] = [];
for (let i = 0; i < count; i++) {
  const data: Record<string, string> = {};
  for (let k = 0; k < 12; k++) data[`key-${k}`] = filler + (i * 12 + k);
  configMaps.push({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `config-${i}`, namespace: "default", labels: { app: "bench", index: String(i) } },
    data,
  });
}

function best(fn: () => unknown): number {
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = Date.now();
    fn();
    min = Math.min(min, Date.now() - t);
  }
  return min;
}

if (time) {
  const stringifyMs = best(() => JSON.stringify(configMaps));
  const goJsonMs = best(() => encodeGoJSON(configMaps));
  console.error(JSON.stringify({ stringifyMs, goJsonMs, bytes: encodeGoJSON(configMaps).length }));
}
output(configMaps);
