#!/usr/bin/env node
import { main, unexpected } from "../dist/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`flight: ${unexpected(error)}`);
    process.exitCode = 1;
  },
);
