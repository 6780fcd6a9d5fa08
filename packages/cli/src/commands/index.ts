import type { Command } from "../command.js";
import { build } from "./build.js";
import { run } from "./run.js";

// One entry per sub-command; each lives in its own file.
export const commands: Command[] = [build, run];
