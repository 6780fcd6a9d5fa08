// Values that exercise every rule of Go's json.Encoder output (escaping,
// UTF-16 to UTF-8, float64 formatting, key order, what is left out, what is
// an error). The go-json flight encodes them inside the engine (natively
// where it can) and go-json.test.ts encodes them with the SDK in Node: the
// bytes must agree. Built the same way on both sides, random parts seeded.

class Point {
  constructor(public x: number, public y: number) {}
  get sum(): number { return this.x + this.y; }
}

function randomStrings(count: number): string[] {
  let seed = 0x2545f491;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  const pool = [0x00, 0x08, 0x0c, 0x1f, 0x22, 0x26, 0x3c, 0x3e, 0x5c, 0x7f, 0x80, 0xe9, 0xff, 0x100, 0x7ff, 0x800,
    0x2028, 0x2029, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffd, 0xfeff, 0xffff, 0x41, 0x7a, 0x20];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = "";
    const len = next() % 12;
    for (let j = 0; j < len; j++) s += String.fromCharCode(next() % 3 === 0 ? next() % 0x10000 : pool[next() % pool.length]!);
    out.push(s);
  }
  return out;
}

export function corpus(): Array<[name: string, value: () => unknown]> {
  const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join("");
  const latin1 = Array.from({ length: 128 }, (_, i) => String.fromCharCode(128 + i)).join("");
  // biome-ignore lint/suspicious/noSparseArray: a hole, which Go JSON writes as null
  const withHoles = [1, , 3];
  const arrayWithProps = Object.assign([1, 2], { extra: true });
  const deleted: Record<string, number> = { a: 1, b: 2, c: 3 };
  delete deleted.b;
  const hidden = { shown: 1 };
  Object.defineProperty(hidden, "hidden", { value: 2, enumerable: false });
  const withGetter = { plain: 1, get computed() { return "got"; } };
  const bare = Object.create(null) as Record<string, unknown>;
  bare.k = "v";
  const cycle: Record<string, unknown> = { name: "loop" };
  cycle.self = cycle;
  let deep: unknown = "bottom";
  for (let i = 0; i < 300; i++) deep = [deep];
  const shared = { same: true };
  return [
    ["ascii", () => ascii],
    ["latin1", () => latin1],
    ["html and line separators", () => ({ "<key>&": "a<b>&c\u2028\u2029" })],
    ["surrogates", () => ["\ud800", "\udc00", "\ud800x", "x\udbff", "\udc00\ud800", "😀", "\ud83d\ude00\ud83d", "\\ud800"]],
    ["wide strings", () => ["日本語", "ÿ€", "a\u0800b", "\ufeff", "\uffff"]],
    ["random strings", () => randomStrings(300)],
    ["integers", () => [0, -0, 1, -1, 2147483647, -2147483648, 2147483648, 2 ** 53, 2 ** 53 + 2, -(2 ** 60)]],
    ["floats", () => [1.5, 0.1 + 0.2, 1 / 3, 1e20, 1e21, 1.5e21, 1e-6, 1e-7, 1.5e-7, 123e-20, 5e-324, 1.7976931348623157e308, 1e100, -1e-100, 100.25]],
    ["literals", () => [true, false, null, undefined, "", [], {}]],
    ["key order", () => ({ b: 1, a: 2, "2": 3, "1": 4, z: { y: 1, x: 2 } })],
    ["undefined members and items", () => ({ a: undefined, b: [undefined, 1], c: 1 })],
    ["holes", () => withHoles],
    ["array with extra properties", () => arrayWithProps],
    ["deleted property", () => deleted],
    ["symbol key and non-enumerable", () => ({ ...hidden, [Symbol("s")]: 1 })],
    ["non-enumerable", () => hidden],
    ["getter", () => withGetter],
    ["class instance", () => new Point(1, 2)],
    ["null prototype", () => bare],
    ["date", () => ({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) })],
    ["toJSON", () => ({ a: { toJSON: () => "replaced" }, b: { toJSON: () => undefined }, c: [{ toJSON: (k: string) => `key ${k}` }] })],
    ["shared object twice", () => [shared, shared]],
    ["boxed values", () => [new String("s"), new Number(1), new Boolean(false)]],
    ["bigint", () => ({ n: 9007199254740993n })],
    ["typed array", () => new Uint8Array([1, 2])],
    ["deep nesting", () => deep],
    ["top-level undefined", () => undefined],
    ["top-level string", () => "plain"],
    ["ConfigMaps", () => Array.from({ length: 50 }, (_, i) => ({
      apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, labels: { app: "x" } }, data: { n: String(i), html: "<b>&</b>" },
    }))],
    ["NaN", () => ({ spec: { replicas: NaN } })],
    ["Infinity", () => [Infinity]],
    ["function member", () => ({ f: () => 1 })],
    ["function item", () => [() => 1]],
    ["symbol value", () => ({ s: Symbol("x") })],
    ["Map", () => ({ m: new Map() })],
    ["Set", () => ({ s: new Set([1]) })],
    ["cycle", () => ({ a: cycle })],
  ];
}
