import type { Command } from "../command.js";

// One entry per sub-command; each lives in its own file.
export const commands: Command[] = [];
