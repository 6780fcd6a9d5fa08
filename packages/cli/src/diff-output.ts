// How `flight run --diff` prints what `yoke takeoff` would do: a readable
// diff (colored on a terminal, plain otherwise), or the entries as YAML/JSON.
import { dump } from "js-yaml";
import type { DiffEntry } from "@yoke-flight/testing";

const COLORS = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", dim: "\x1b[2m", reset: "\x1b[0m" } as const;
type Color = keyof typeof COLORS;

export type DiffFormat = "text" | "yaml" | "json";

export function formatDiff(entries: DiffEntry[], format: DiffFormat, color: boolean): string {
  if (format === "json") return JSON.stringify(entries.map(plain), null, 2) + "\n";
  if (format === "yaml") return dump(entries.map(plain), { noRefs: true, lineWidth: -1 });
  const paint = (c: Color, text: string) => (color ? `${COLORS[c]}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  for (const e of entries) {
    const name = `${e.desired.apiVersion} ${e.desired.kind} ${e.desired.metadata.namespace ? `${e.desired.metadata.namespace}/` : ""}${e.desired.metadata.name}`;
    if (e.action === "create") {
      lines.push(paint("green", `+ create    ${name}`));
      for (const line of dump(e.desired, { lineWidth: -1 }).trimEnd().split("\n")) lines.push(paint("green", `+     ${line}`));
    } else if (e.action === "change") {
      lines.push(paint("yellow", `~ change    ${name}`));
      for (const c of e.changes) {
        lines.push(paint("red", `-     ${c.path}: ${c.live === undefined ? "(unset)" : JSON.stringify(c.live)}`));
        lines.push(paint("green", `+     ${c.path}: ${JSON.stringify(c.desired)}`));
      }
    } else if (e.action === "remove") {
      lines.push(paint("red", `- remove    ${name}`));
    } else {
      lines.push(paint("dim", `  unchanged ${name}`));
    }
  }
  const count = (a: DiffEntry["action"]) => entries.filter((e) => e.action === a).length;
  lines.push(`${count("create")} to create, ${count("change")} to change, ${count("remove")} to remove, ${count("unchanged")} unchanged`);
  return lines.join("\n") + "\n";
}

function plain(e: DiffEntry) {
  return { action: e.action, ref: e.ref, changes: e.changes, desired: e.desired };
}
