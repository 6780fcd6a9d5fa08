// JSON text as Go's encoding/json Encoder writes it, so a TypeScript
// flight's stdout matches a Go flight's byte for byte for the same values:
// <, >, & and U+2028/U+2029 escaped, lone surrogates replaced by U+FFFD, a
// trailing newline, numbers as Go writes a float64 (-0 as "-0"). Unlike
// JSON.stringify, values Go cannot encode (NaN, Infinity, functions,
// symbols, cycles) are errors that name their path, and bigints are written
// as numbers. Inside a flight.wasm the runtime's native encoder
// (packages/runtime/c/go_json.c) does the common case; this file is the
// reference it must agree with, and what it leaves to JavaScript.
import { FlightOutputError } from "./errors.js";
import "./host.js"; // declares globalThis.__yoke

/** Thrown by the fast path's replacer: fall back to the walk that knows paths. */
const UNUSUAL = new Error("unusual value");

function replacer(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) throw UNUSUAL;
      return value;
    case "function":
    case "symbol":
    case "bigint":
      throw UNUSUAL;
    default:
      if (value instanceof Map || value instanceof Set) throw UNUSUAL;
      return value;
  }
}

// Structural JSON never contains <, > or &, so they can only be inside
// strings; JSON.stringify escapes a lone surrogate as \udXXX; an escaped
// backslash is matched as a pair so "\\ud800" (text) is left alone.
const GO_ESCAPES = /[<>&\u2028\u2029]|\\u(d[89a-f][0-9a-f]{2})|\\\\/g;
const ESCAPED: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function goEscape(json: string): string {
  return json.replace(GO_ESCAPES, (m, surrogate?: string) => (surrogate ? "\\ufffd" : (ESCAPED[m] ?? m)));
}

export function encodeGoJSON(value: unknown): string {
  const native = globalThis.__yoke?.goJSON?.(value);
  return native ?? encodeInJavaScript(value);
}

/** What the runtime's native encoder gives up on, and Node: the same bytes in JavaScript. */
export function encodeInJavaScript(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, replacer);
  } catch (e) {
    if (e !== UNUSUAL && !(e instanceof TypeError)) throw e; // TypeError: a cycle
    json = encodeWithPaths(value);
  }
  return goEscape(json ?? "null") + "\n";
}

/** The slow, precise encoder: names the path of what cannot be encoded. */
function encodeWithPaths(root: unknown): string {
  const seen = new Set<object>();
  function encode(v: unknown, at: string): string | undefined {
    if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
      v = (v as { toJSON(key: string): unknown }).toJSON("");
    }
    switch (typeof v) {
      case "string":
        return JSON.stringify(v);
      case "boolean":
        return v ? "true" : "false";
      case "bigint":
        return v.toString();
      case "number":
        if (!Number.isFinite(v)) throw new FlightOutputError(`cannot encode ${v} at ${at}: JSON has no such number`);
        return Object.is(v, -0) ? "-0" : JSON.stringify(v); // Go's strconv writes -0
      case "undefined":
        return undefined;
      case "function":
      case "symbol":
        throw new FlightOutputError(`cannot encode a ${typeof v} at ${at}`);
    }
    if (v === null) return "null";
    const obj = v as object;
    if (obj instanceof Map || obj instanceof Set) {
      throw new FlightOutputError(`cannot encode a ${obj.constructor.name} at ${at}: convert it to an object or array`);
    }
    if (seen.has(obj)) throw new FlightOutputError(`cannot encode a cycle at ${at}`);
    seen.add(obj);
    let out: string;
    if (Array.isArray(obj)) {
      out = "[" + obj.map((item, i) => encode(item, `${at}[${i}]`) ?? "null").join(",") + "]";
    } else {
      const parts: string[] = [];
      for (const key of Object.keys(obj)) {
        const item = encode((obj as Record<string, unknown>)[key], `${at}.${key}`);
        if (item !== undefined) parts.push(JSON.stringify(key) + ":" + item);
      }
      out = "{" + parts.join(",") + "}";
    }
    seen.delete(obj);
    return out;
  }
  return encode(root, "$") ?? "null";
}
