// runConverter: a converter module run as the ATC's conversion webhook runs
// it (yokecd/yoke cmd/atc/handler.go, POST /crdconvert/{airway}): the
// ConversionReview on stdin, argv ["converter"], no env, NO host functions,
// stdout json.Unmarshalled on top of the request review; then the checks the
// API server makes of the answer (k8s.io/apiextensions-apiserver
// pkg/apiserver/conversion/webhook_converter.go).
import { compiledModule, loadFlight, type ModuleSource } from "./flight-module.js";
import type { ProcessResult } from "./invocation.js";
import { timeoutExceeded } from "./messages.js";
import { TimeoutError, runStandalone } from "./pool.js";
import type { KubeObject } from "./refs.js";

export interface ConverterOptions {
  /** The objects the API server asks to convert, in any served version. */
  objects: KubeObject[];
  desiredAPIVersion: string;
  /** The review's request.uid (default: a fixed uid). */
  uid?: string;
  /** Default 10 000, yoke's default. */
  timeoutMs?: number;
}

/** A converter's run: its process's exit code, output (stderr mapped to the TypeScript) and duration, and the review. */
export interface ConverterRun extends Pick<ProcessResult, "exitCode" | "stdout" | "stderr" | "durationMs"> {
  /** The module exited 0 and the API server would accept its answer. */
  ok: boolean;
  /** Why the conversion failed: the ATC's error, the converter's Failure message, or the API server's objection. */
  error?: string;
  /** The review the ATC answers the API server with (undefined when the module failed). */
  review?: ConversionReviewAnswer;
  /** response.result.status */
  status?: string;
  /** response.result.message */
  message?: string;
  /** response.convertedObjects, in order (empty unless ok). */
  convertedObjects: KubeObject[];
}

export interface ConversionReviewAnswer {
  kind?: string;
  apiVersion?: string;
  request?: unknown;
  response?: {
    uid?: string;
    convertedObjects?: KubeObject[];
    result?: { status?: string; message?: string; reason?: string };
  };
}

const DEFAULT_UID = "705ab4f5-6393-11e8-b7cc-42010a800002";

/** Wazero's words when a module imports what the host does not provide. */
const notExported = (module: string, name: string) => `${JSON.stringify(name)} is not exported in module ${JSON.stringify(module)}`;

export async function runConverter(converter: ModuleSource, options: ConverterOptions): Promise<ConverterRun> {
  const loaded = loadFlight(converter, "runConverter");
  const module = compiledModule(loaded);
  const missing = WebAssembly.Module.imports(module).find((i) => i.module !== "wasi_snapshot_preview1");
  if (missing) {
    return failedRun(
      `failed to instantiate module: ${notExported(missing.module, missing.name)}: the ATC runs converters with no host functions; build with 'flight build --converter'`,
    );
  }
  const uid = options.uid ?? DEFAULT_UID;
  const request = {
    kind: "ConversionReview",
    apiVersion: "apiextensions.k8s.io/v1",
    request: { uid, desiredAPIVersion: options.desiredAPIVersion, objects: options.objects },
  };
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let job;
  try {
    job = await runStandalone(module, { args: ["converter"], stdin: JSON.stringify(request), release: "converter", hostFunctions: false }, timeoutMs);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    return failedRun(timeoutExceeded(timeoutMs), { durationMs: performance.now() - started });
  }
  const stderr = loaded.sourceMap ? loaded.sourceMap.rewrite(job.stderr) : job.stderr;
  const base = { exitCode: job.exitCode, stdout: job.stdout, stderr, durationMs: job.durationMs };
  if (job.crash) return failedRun(`the converter crashed: ${job.crash}${stderr ? `\n${stderr}` : ""}`, base);
  if (job.exitCode !== 0) return failedRun(stderr.trim() || "(no output captured on stderr)", base);

  let answer: unknown;
  try {
    answer = JSON.parse(job.stdout);
  } catch (e) {
    return failedRun(`failed to parse review response: ${(e as Error).message}`, base);
  }
  const review = unmarshalOnto(structuredClone(request), answer) as ConversionReviewAnswer;
  const result = review.response?.result;
  const problem = apiServerProblem(review, uid, options);
  return {
    ...base,
    ok: problem === undefined,
    error: problem,
    review,
    status: result?.status,
    message: result?.message,
    convertedObjects: problem === undefined ? (review.response!.convertedObjects ?? []) : [],
  };
}

/** What the API server says of the webhook's answer, or undefined when it takes it. */
function apiServerProblem(review: ConversionReviewAnswer, uid: string, options: ConverterOptions): string | undefined {
  const response = review.response;
  if (!response) return "conversion webhook response was nil";
  if (response.uid !== uid) return `expected response uid ${JSON.stringify(uid)}, got ${JSON.stringify(response.uid ?? "")}`;
  if (response.result?.status !== "Success") {
    return `conversion webhook failed: ${response.result?.message ?? response.result?.status ?? "no result status"}`;
  }
  const converted = response.convertedObjects ?? [];
  if (converted.length !== options.objects.length) {
    return `conversion webhook returned ${converted.length} objects, expected ${options.objects.length}`;
  }
  for (const [i, object] of converted.entries()) {
    const original = options.objects[i]!;
    const at = `invalid converted object at index ${i}`;
    if (object?.apiVersion !== options.desiredAPIVersion) {
      return `${at}: invalid apiVersion ${JSON.stringify(object?.apiVersion)}, expected ${JSON.stringify(options.desiredAPIVersion)}`;
    }
    if (object.kind !== original.kind) return `${at}: invalid kind ${JSON.stringify(object.kind)}, expected ${JSON.stringify(original.kind)}`;
    for (const field of ["name", "namespace", "uid"] as const) {
      const was = original.metadata?.[field];
      if ((object.metadata?.[field] ?? undefined) !== was) {
        return `${at}: metadata.${field} changed from ${JSON.stringify(was)} to ${JSON.stringify(object.metadata?.[field])}`;
      }
    }
  }
  return undefined;
}

/**
 * json.Unmarshal of `source` into a value already holding `target`: objects
 * merge field by field, null clears a field (Go sets the pointer to nil),
 * anything else replaces.
 */
export function unmarshalOnto(target: unknown, source: unknown): unknown {
  if (!isObject(target) || !isObject(source)) return source;
  for (const [key, value] of Object.entries(source)) {
    if (value === null) delete target[key];
    else target[key] = unmarshalOnto(target[key], value);
  }
  return target;
}

function failedRun(error: string, partial: Partial<ConverterRun> = {}): ConverterRun {
  return { ok: false, exitCode: -1, stdout: "", stderr: "", durationMs: 0, ...partial, error, convertedObjects: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
