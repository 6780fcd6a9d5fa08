// A build that failed for a reason in the author's code: each diagnostic is
// one line starting with file:line:column.
import { isAbsolute, relative, resolve } from "node:path";
import { UserError } from "../command.js";

export class BuildFailure extends UserError {
  override name = "BuildFailure";
  constructor(readonly diagnostics: string[]) {
    super(diagnostics.join("\n"));
  }
}

/** A path as the user would type it from the current directory. */
export function relativeToCwd(path: string): string {
  const abs = isAbsolute(path) ? path : resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel.startsWith("..") ? abs : rel;
}
