// Answering `yoke schematics get <name>` for a schematic stored in its
// command form: the custom section `yoke.schematics.cmd:<name>` holds a JSON
// array of args, and yoke runs the module with argv ["schematics", ...args],
// no stdin, no env and no cluster access, and prints its stdout
// (yokecd/yoke pkg/yoke/yoke_schematics.go GetSchematic).
// `flight build --schematic-cmd name` stores ["name"].
import { host } from "./host.js";

/** A schematic's value: text as is, anything else as indented JSON; a function is called with the remaining args. */
export type SchematicAnswer = string | object | ((args: string[]) => string | object);

/** True when yoke runs the module to read a schematic (argv[0] is "schematics"). */
export function isSchematicsRun(): boolean {
  return host().args()[0] === "schematics";
}

/**
 * In a schematics run, writes the answer named by the first arg (a leading
 * `-` or `--` is ignored, so ["--docs"] finds `docs`) and exits 0; an
 * unknown name exits 1 naming the known ones. In any other run it returns
 * and the flight goes on: call it first thing in the flight.
 */
export function schematics(answers: Record<string, SchematicAnswer>): void {
  if (!isSchematicsRun()) return;
  const [first = "", ...rest] = host().args().slice(1);
  const name = first.replace(/^--?/, "");
  const answer = Object.hasOwn(answers, name) ? answers[name] : undefined;
  if (answer === undefined) {
    const known = Object.keys(answers).join(", ") || "none";
    host().write(2, `no schematic named ${JSON.stringify(first)}: this module answers ${known}\n`);
    host().exit(1);
  }
  const value = typeof answer === "function" ? answer(rest) : answer;
  host().write(1, typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`);
  host().exit(0);
}
