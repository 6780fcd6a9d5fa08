// YAML parsing, loaded on first use. This is a CommonJS module on purpose:
// esbuild initialises a CommonJS dependency lazily, at its first require(),
// so a flight whose input is JSON (always, under the ATC) never pays for
// setting up js-yaml (about 0.6 ms per run in QuickJS).
export function parseYaml(text: string): unknown {
  const yaml = require("js-yaml") as typeof import("js-yaml");
  return yaml.load(text);
}
