// YAML parsing, loaded on first use. This is a CommonJS module on purpose:
// esbuild initialises a CommonJS dependency lazily, at its first require(),
// so a flight whose input is JSON (always, under the ATC) never pays for
// setting up js-yaml (about 0.6 ms per run in QuickJS).
type JsYaml = typeof import("js-yaml");
const jsYaml = () => require("js-yaml") as JsYaml;

export function parseYaml(text: string): unknown {
  return jsYaml().load(text);
}

export function parseYamlAll(text: string): unknown[] {
  return jsYaml().loadAll(text);
}

export function stringifyYaml(value: unknown): string {
  return jsYaml().dump(value, { noRefs: true, lineWidth: -1 });
}
