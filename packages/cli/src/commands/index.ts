import type { Command } from "../command.js";
import { build } from "./build.js";

// One entry per sub-command; each lives in its own file.
export const commands: Command[] = [build];
