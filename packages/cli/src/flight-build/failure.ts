// A build that failed for a reason in the author's code: the diagnostics as
// Messages (@yoke-flight/runtime's one shape, after esbuild's), from every
// tool the build runs; `flight` prints each as one file:line:column line.
import { isAbsolute, relative, resolve } from "node:path";
import { formatMessage, type Location, type Message } from "@yoke-flight/runtime";
import type * as esbuild from "esbuild";
import { UserError } from "../command.js";

/** A command that failed on the author's code, with what went wrong and where. */
export class MessagesFailure extends UserError {
  override name = "MessagesFailure";
  constructor(readonly messages: Message[]) {
    super(messages.map(formatMessage).join("\n"));
  }
}

export class BuildFailure extends MessagesFailure {
  override name = "BuildFailure";
}

/** A path as the user would type it from the current directory. */
export function relativeToCwd(path: string): string {
  const abs = isAbsolute(path) ? path : resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") ? abs : rel;
}

/** An esbuild message as ours: the same shape, paths as the user types them (esbuild's `id` names a log override, not the problem). */
export function fromEsbuild(m: esbuild.Message | esbuild.PartialMessage): Message {
  const location = (l: Partial<esbuild.Location> | null | undefined): Location | null =>
    l?.file ? { file: relativeToCwd(l.file), line: l.line ?? 0, column: l.column ?? 0, lineText: l.lineText ?? "" } : null;
  return {
    id: "",
    text: m.text ?? "",
    location: location(m.location),
    notes: (m.notes ?? []).map((n) => ({ text: n.text ?? "", location: location(n.location) })),
  };
}
