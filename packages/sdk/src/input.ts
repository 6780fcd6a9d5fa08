// The flight's input: the custom resource yoke passes on stdin, as JSON (the
// ATC) or YAML (`yoke takeoff ... < cr.yaml`). Like yoke's Go flights, which
// decode stdin with yaml.NewYAMLToJSONDecoder (k8s.io/apimachinery
// pkg/util/yaml), it reads the first YAML document; a string, number or
// boolean is refused with a message that says what to do.
import { FlightInputError } from "./errors.js";
import { host, runState } from "./host.js";
import { parseYaml } from "./yaml.cjs";

export interface InputOptions {
  /** Return undefined for empty input (or a first document that is empty or `null`) instead of throwing. */
  optional?: boolean;
}

/** The raw text of stdin (UTF-8 decoded), read once: for input that is not one custom resource. */
export function inputText(): string {
  const state = runState();
  state.input ??= { text: host().readStdin() };
  return state.input.text;
}

/**
 * The custom resource this flight was invoked with, parsed from JSON or
 * YAML. The type parameter describes it; nothing else is validated at run
 * time, but it must be an object (or a list, as a Go flight may decode into a
 * slice): `hello world` or `42` is refused.
 *
 * Several YAML documents: the first one is the input, as in a Go flight
 * that decodes stdin with `yaml.NewYAMLToJSONDecoder(os.Stdin).Decode`; a
 * note on stderr says how many were ignored. Read them all with
 * `yaml.parseAll(inputText())`.
 */
export function input<T = unknown>(options: InputOptions & { optional: true }): T | undefined;
export function input<T = unknown>(options?: InputOptions): T;
export function input<T = unknown>(options: InputOptions = {}): T | undefined {
  const text = inputText();
  const blank = text.trim() === "";
  const { value, documents } = blank ? { value: null, documents: 0 } : parseFirst(text);
  if (documents > 1) {
    host().write(
      2,
      `input(): the input holds ${documents} YAML documents; the flight's input is the first, ` +
        "as for a Go flight (yaml.NewYAMLToJSONDecoder); read them all with yaml.parseAll(inputText())\n",
    );
  }
  if (value === null || value === undefined) {
    if (options.optional) return undefined;
    throw new FlightInputError(
      `the flight's input is empty${blank ? "" : " (its first document is null)"}: ` +
        "yoke passes the custom resource on stdin (use input({ optional: true }) if it is optional)",
    );
  }
  if (typeof value !== "object") {
    throw new FlightInputError(
      `the flight's input must be an object (the custom resource), but it is ${describe(value)}; ` +
        "to read other input, use inputText() (and yaml.parse or yaml.parseAll)",
    );
  }
  return value as T;
}

/**
 * The first document of JSON or YAML text, parsed: what input() decodes,
 * without the check that it is an object. `undefined` when it has none.
 */
export function parseInput(text: string): unknown {
  return parseFirst(text).value;
}

/** The first document's value, and how many documents with content the text holds. */
function parseFirst(text: string): { value: unknown; documents: number } {
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return { value: JSON.parse(text), documents: 1 };
    } catch (jsonError) {
      if (isStackOverflow(jsonError)) throw tooDeep();
      // Fall through: a flow-style YAML document also starts with { or [, and so does a stream of several.
      try {
        return parseDocuments(text);
      } catch (e) {
        if (isStackOverflow(e)) throw tooDeep();
        throw new FlightInputError(`the flight's input is not valid JSON: ${(jsonError as Error).message}`);
      }
    }
  }
  try {
    return parseDocuments(text);
  } catch (e) {
    if (isStackOverflow(e)) throw tooDeep();
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : "";
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    throw new FlightInputError(`the flight's input is not valid JSON or YAML${where}: ${reason}`);
  }
}

/** Parses the first document that holds anything, and counts the documents. */
function parseDocuments(text: string): { value: unknown; documents: number } {
  // One document (no separator line): parsed whole, without splitting a large input into lines.
  if (!SEPARATOR_ANYWHERE.test(text)) return { value: parseYamlDocument(text), documents: 1 };
  const documents = splitDocuments(text);
  if (documents.length === 0) return { value: undefined, documents: 0 };
  const [doc] = documents;
  try {
    return { value: parseYamlDocument(doc!.text), documents: documents.length };
  } catch (e) {
    // Positions in the whole input, not in the document.
    const mark = (e as { mark?: { line: number } }).mark;
    if (mark) mark.line += doc!.line;
    throw e;
  }
}

/**
 * One YAML document. Inside a flight.wasm the runtime reads the common subset
 * of YAML natively (packages/runtime/c/yaml_fast.c) and leaves the rest to js-yaml.
 */
function parseYamlDocument(text: string): unknown {
  const fast = globalThis.__yoke?.parseYaml?.(text);
  return fast !== undefined ? fast : parseYaml(text);
}

const SEPARATOR_ANYWHERE = /^---[ \t]*(#.*)?\r?$/m;

/** A line that separates documents: `---`, then nothing or a comment (k8s.io/apimachinery's YAMLReader). */
const SEPARATOR = /^---[ \t]*(#.*)?\r?$/;
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?\r?$/;
const DIRECTIVE = /^%/;

/**
 * The documents that hold more than comments, with the line each starts on
 * (0-based). Directives (`%YAML 1.2`) stay with the document they precede.
 */
function splitDocuments(text: string): { text: string; line: number }[] {
  const lines = text.split("\n");
  const documents: { text: string; line: number }[] = [];
  let start = 0;
  const content = (end: number) => lines.slice(start, end).filter((l) => !BLANK_OR_COMMENT.test(l));
  lines.forEach((line, i) => {
    if (!SEPARATOR.test(line)) return;
    const body = content(i);
    if (body.length > 0 && body.every((l) => DIRECTIVE.test(l))) return; // directives: the separator opens their document
    if (body.length > 0) documents.push({ text: lines.slice(start, i).join("\n"), line: start });
    start = i + 1;
  });
  if (content(lines.length).length > 0) documents.push({ text: lines.slice(start).join("\n"), line: start });
  return documents;
}

function describe(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  return `a ${typeof value} (${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown})`;
}

function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError || (e as Error)?.name === "InternalError") && /stack/i.test((e as Error).message);
}

const tooDeep = () => new FlightInputError("the flight's input is nested too deeply to parse (the parser ran out of stack): it cannot be a custom resource");
