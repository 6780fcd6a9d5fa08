// The JavaScript half of the runtime, evaluated once when the runtime is
// initialised (and so captured in the pre-initialised snapshot). It gets the
// native `__yoke` object and installs what flight code expects of a
// JavaScript host: console (to stderr: stdout is the flight's output),
// timers, microtasks, base64 and UTF-8 codecs. It returns the hooks the C
// side calls back into.
(function (yoke) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // ---- console --------------------------------------------------------------
  function inspect(value, depth, seen) {
    switch (typeof value) {
      case "string": return depth === 0 ? value : JSON.stringify(value);
      case "undefined": return "undefined";
      case "function": return `[Function: ${value.name || "(anonymous)"}]`;
      case "bigint": return `${value}n`;
      case "symbol": return value.toString();
      case "number": return Object.is(value, -0) ? "-0" : String(value);
      case "boolean": return String(value);
    }
    if (value === null) return "null";
    if (value instanceof Error) return formatError(value);
    if (seen.includes(value)) return "[Circular]";
    if (depth > 4) return Array.isArray(value) ? "[Array]" : "[Object]";
    seen = seen.concat([value]);
    if (Array.isArray(value)) {
      return `[ ${value.map((v) => inspect(v, depth + 1, seen)).join(", ")} ]`.replace("[  ]", "[]");
    }
    if (value instanceof Map) {
      const items = [...value].map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
      return `Map(${value.size}) { ${items.join(", ")} }`;
    }
    if (value instanceof Set) {
      return `Set(${value.size}) { ${[...value].map((v) => inspect(v, depth + 1, seen)).join(", ")} }`;
    }
    if (value instanceof Date) return isNaN(value) ? "Invalid Date" : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (value instanceof Promise) return "Promise {}";
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const body = keys.map((k) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      return `${key}: ${inspect(value[k], depth + 1, seen)}`;
    });
    return `{ ${body.join(", ")} }`;
  }

  function format(args) {
    let out = "";
    let i = 0;
    if (typeof args[0] === "string" && args[0].includes("%") && args.length > 1) {
      out = args[0].replace(/%([sdifjoO%])/g, (m, f) => {
        if (f === "%") return "%";
        if (i + 1 >= args.length) return m;
        const v = args[++i];
        switch (f) {
          case "s": return typeof v === "string" ? v : inspect(v, 1, []);
          case "d": case "i": return String(f === "i" ? Math.trunc(Number(v)) : Number(v));
          case "f": return String(Number(v));
          case "j": try { return JSON.stringify(v); } catch { return "[Circular]"; }
          default: return inspect(v, 1, []);
        }
      });
      i++;
    } else if (args.length > 0) {
      out = inspect(args[0], 0, []);
      i = 1;
    }
    for (; i < args.length; i++) out += " " + inspect(args[i], 0, []);
    return out;
  }

  const counts = new Map();
  const timers = new Map();
  let groupIndent = "";
  const log = (...args) => {
    const text = format(args);
    yoke.write(2, (groupIndent ? text.replace(/^/gm, groupIndent) : text) + "\n");
  };
  define("console", {
    log, info: log, debug: log, warn: log, error: log, trace: log,
    dir: (v) => log(inspect(v, 1, [])),
    assert: (cond, ...args) => { if (!cond) log("Assertion failed" + (args.length ? ": " + format(args) : "")); },
    count: (label = "default") => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); log(`${label}: ${n}`); },
    countReset: (label = "default") => counts.delete(label),
    time: (label = "default") => timers.set(label, Date.now()),
    timeEnd: (label = "default") => { const t = timers.get(label); timers.delete(label); if (t !== undefined) log(`${label}: ${Date.now() - t}ms`); },
    timeLog: (label = "default", ...args) => { const t = timers.get(label); if (t !== undefined) log(`${label}: ${Date.now() - t}ms`, ...args); },
    group: (...args) => { if (args.length) log(...args); groupIndent += "  "; },
    groupEnd: () => { groupIndent = groupIndent.slice(2); },
    table: (v) => log(v),
  });

  // ---- errors ---------------------------------------------------------------
  // QuickJS records a stack only for Error objects. `flight build` rewrites
  // each `throw x` of a flight to `throw __yoke.thrown(x)`, which notes where
  // a value that is not an Error was thrown (only when a throw happens).
  let lastThrown;
  function thrown(value) {
    try {
      if (!(value instanceof Error)) lastThrown = { value, stack: new Error().stack };
    } catch {
      // (a Proxy's trap, out of memory): the value is still what gets thrown
    }
    return value;
  }
  // Configurable, like everything the prelude defines: the harness's in-process
  // sandbox removes it again after each run (it runs the prelude afresh).
  Object.defineProperty(yoke, "thrown", { value: thrown, configurable: true });

  function formatError(error) {
    if (!(error instanceof Error)) {
      const text = "Uncaught " + inspect(error, 1, []);
      if (!lastThrown || !Object.is(lastThrown.value, error) || typeof lastThrown.stack !== "string") return text;
      // The first frame is thrown() itself.
      return text + "\n" + lastThrown.stack.split("\n").slice(1).join("\n").replace(/\n+$/, "");
    }
    let text = error.stack ? `${error.name}: ${error.message}\n${error.stack.replace(/\n+$/, "")}` : String(error);
    let cause = error.cause;
    for (let depth = 0; cause !== undefined && depth < 8; depth++) {
      text += "\nCaused by: " + (cause instanceof Error
        ? (cause.stack ? `${cause.name}: ${cause.message}\n${cause.stack.replace(/\n+$/, "")}` : String(cause))
        : inspect(cause, 1, []));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    return text;
  }

  // ---- timers -----------------------------------------------------------------
  // A flight has no real event loop: once promise jobs are drained, timers run
  // in order of due time without waiting (the ATC, not the flight, decides
  // when to run again).
  let nextId = 1;
  let queue = [];
  const pending = new Map();
  let virtualNow = 0;
  function schedule(fn, ms, args, repeat) {
    if (typeof fn !== "function") throw new TypeError("the callback must be a function");
    const id = nextId++;
    const delay = Math.max(0, Number(ms) || 0);
    const timer = { id, fn, args, due: virtualNow + delay, delay, repeat, seq: id };
    pending.set(id, timer);
    queue.push(timer);
    return id;
  }
  function clear(id) { pending.delete(typeof id === "object" && id !== null ? id.id : id); }
  function nextTimer() {
    queue = queue.filter((t) => pending.has(t.id));
    if (queue.length === 0) return false;
    queue.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const timer = queue.shift();
    virtualNow = timer.due;
    if (timer.repeat) {
      timer.due = virtualNow + Math.max(1, timer.delay);
      timer.seq = nextId++;
      queue.push(timer);
    } else {
      pending.delete(timer.id);
    }
    timer.fn(...timer.args);
    return true;
  }
  define("setTimeout", (fn, ms, ...args) => schedule(fn, ms, args, false));
  define("setInterval", (fn, ms, ...args) => schedule(fn, ms, args, true));
  define("setImmediate", (fn, ...args) => schedule(fn, 0, args, false));
  define("clearTimeout", clear);
  define("clearInterval", clear);
  define("clearImmediate", clear);
  define("queueMicrotask", (fn) => {
    if (typeof fn !== "function") throw new TypeError("the callback must be a function");
    Promise.resolve().then(fn);
  });

  // ---- base64 -----------------------------------------------------------------
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const lookup = new Uint8Array(256).fill(255);
  for (let i = 0; i < 64; i++) lookup[alphabet.charCodeAt(i)] = i;
  define("btoa", (input) => {
    const s = String(input);
    let out = "";
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw new RangeError("btoa: the string contains characters outside of Latin1");
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] +
        (i + 1 < s.length ? alphabet[(n >> 6) & 63] : "=") + (i + 2 < s.length ? alphabet[n & 63] : "=");
    }
    return out;
  });
  define("atob", (input) => {
    const s = String(input).replace(/[\t\n\f\r ]/g, "").replace(/==?$/, "");
    if (s.length % 4 === 1) throw new RangeError("atob: the string is not correctly encoded");
    let out = "";
    let bits = 0, n = 0;
    for (let i = 0; i < s.length; i++) {
      const v = lookup[s.charCodeAt(i)];
      if (v === 255) throw new RangeError("atob: the string is not correctly encoded");
      n = (n << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((n >> bits) & 255);
      }
    }
    return out;
  });

  // ---- UTF-8 --------------------------------------------------------------------
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input = "") {
      const s = String(input);
      const out = new Uint8Array(s.length * 3);
      let j = 0;
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out[j++] = c;
        else if (c < 0x800) { out[j++] = 0xc0 | (c >> 6); out[j++] = 0x80 | (c & 63); }
        else if (c < 0x10000) { out[j++] = 0xe0 | (c >> 12); out[j++] = 0x80 | ((c >> 6) & 63); out[j++] = 0x80 | (c & 63); }
        else { out[j++] = 0xf0 | (c >> 18); out[j++] = 0x80 | ((c >> 12) & 63); out[j++] = 0x80 | ((c >> 6) & 63); out[j++] = 0x80 | (c & 63); }
      }
      return out.slice(0, j);
    }
  }
  class TextDecoder {
    constructor(label = "utf-8") {
      if (!/^utf-?8$/i.test(String(label))) throw new RangeError(`TextDecoder: only utf-8 is supported, not ${label}`);
    }
    get encoding() { return "utf-8"; }
    decode(input) {
      if (input === undefined) return "";
      const b = input instanceof Uint8Array ? input
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input);
      let out = "";
      for (let i = 0; i < b.length;) {
        const c = b[i];
        let cp = 0xfffd, n = 1;
        if (c < 0x80) cp = c;
        else if (c >= 0xc2 && c < 0xe0 && i + 1 < b.length && (b[i + 1] & 0xc0) === 0x80) { cp = ((c & 31) << 6) | (b[i + 1] & 63); n = 2; }
        else if (c >= 0xe0 && c < 0xf0 && i + 2 < b.length && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
          cp = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); n = 3;
          if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
        } else if (c >= 0xf0 && c < 0xf5 && i + 3 < b.length && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
          cp = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63); n = 4;
          if (cp < 0x10000 || cp > 0x10ffff) cp = 0xfffd;
        }
        out += String.fromCodePoint(cp);
        i += n;
      }
      return out;
    }
  }
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);

  return { formatError, nextTimer };
})
