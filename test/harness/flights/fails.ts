// Fails in the ways the module itself must report, under any WASI host and
// with no source map (the input's spec.fail says which): values that are not
// Errors thrown from a nested function, an Error, and running out of memory.
import { input, output } from "@yoke-flight/sdk";

interface Spec { fail: "number" | "string" | "null" | "object" | "error" | "configmaps"; count?: number; size?: number }

function throwNumber(): never { throw 42; }
function throwString(): never { throw "text"; }
function throwNull(): never { throw null; }
function throwObject(): never { throw { a: 1 }; }
function throwError(): never { throw new Error("failing as asked"); }

function fail(kind: Spec["fail"]): never {
  const throwers = { number: throwNumber, string: throwString, null: throwNull, object: throwObject };
  return kind in throwers ? throwers[kind as keyof typeof throwers]() : throwError();
}

function configMaps(count: number, size: number) {
  const all = [];
  for (let i = 0; i < count; i++) all.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { value: "x".repeat(size) + i } });
  return all;
}

const spec = input<{ spec: Spec }>().spec;
if (spec.fail === "configmaps") output(configMaps(spec.count ?? 5000, spec.size ?? 1000));
else fail(spec.fail);
