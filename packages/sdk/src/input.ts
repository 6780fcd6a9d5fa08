// The flight's input: the custom resource yoke passes on stdin, as JSON (the
// ATC) or YAML (`yoke takeoff ... < cr.yaml`), like yoke's Go examples that
// decode stdin with a YAML-or-JSON decoder.
import { FlightInputError } from "./errors.js";
import { host, runState } from "./host.js";
import { parseYaml } from "./yaml.cjs";

export interface InputOptions {
  /** Return undefined for empty input instead of throwing. */
  optional?: boolean;
}

/** The raw text of stdin, read once. */
export function inputText(): string {
  const state = runState();
  state.input ??= { text: host().readStdin() };
  return state.input.text;
}

/**
 * The custom resource this flight was invoked with, parsed from JSON or YAML.
 * The type parameter describes it; nothing is validated at run time.
 */
export function input<T = unknown>(options: InputOptions & { optional: true }): T | undefined;
export function input<T = unknown>(options?: InputOptions): T;
export function input<T = unknown>(options: InputOptions = {}): T | undefined {
  const text = inputText();
  if (text.trim() === "") {
    if (options.optional) return undefined;
    throw new FlightInputError(
      "the flight's input is empty: yoke passes the custom resource on stdin (use input({ optional: true }) if it is optional)",
    );
  }
  return parseInput(text) as T;
}

export function parseInput(text: string): unknown {
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(text);
    } catch (jsonError) {
      // Fall through: a flow-style YAML document also starts with { or [.
      try {
        return parseYaml(text);
      } catch {
        throw new FlightInputError(`the flight's input is not valid JSON: ${(jsonError as Error).message}`);
      }
    }
  }
  try {
    // Inside a flight.wasm the runtime reads the common subset of YAML
    // natively (packages/runtime/c/yaml_fast.c) and leaves the rest to js-yaml.
    const fast = globalThis.__yoke?.parseYaml?.(text);
    return fast !== undefined ? fast : parseYaml(text);
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : "";
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    throw new FlightInputError(`the flight's input is not valid JSON or YAML${where}: ${reason}`);
  }
}
