// Imports a Node.js module, which a flight cannot use.
import { readFileSync } from "node:fs";

readFileSync("/etc/hostname");
