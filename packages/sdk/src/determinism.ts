// What a flight uses instead of the clock and Math.random when its output
// must be the same on every run: the ATC runs a flight again whenever
// anything it manages changes, and output that differs each time (a fresh
// timestamp, a random name) is re-applied each time. See README "The SDK".
import type { Time } from "./types.js";

/**
 * A deterministic pseudo-random number generator: the same seed gives the
 * same sequence of numbers in [0, 1) on every run, in every engine (the
 * `.wasm`, Node, yoke). Use it where `Math.random()` would make each
 * reconcile's output differ, e.g. a spread-out schedule or a suffix.
 *
 * Seed it with what identifies the thing you generate: the custom resource's
 * `metadata.uid` (set by the API server, stable for the object's life; the
 * ATC passes it) or `metadata.name`, plus `metadata.generation` if a new
 * value per spec change is wanted. Not for secrets: anyone who knows the
 * seed knows the numbers (generate a Secret once and read it back with
 * `k8s.find` instead).
 *
 * @example
 * const random = seededRandom(cr.metadata.uid ?? cr.metadata.name);
 * const minute = Math.floor(random() * 60);   // the same minute on every run
 */
export function seededRandom(seed: string): () => number {
  let state = fnv1a(seed);
  // mulberry32: small, fast, and good enough for spreading values.
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The current time as Kubernetes writes it (metav1.Time: RFC 3339, whole
 * seconds, UTC, e.g. "2025-05-01T12:00:00Z").
 *
 * **Not deterministic**: it differs on every run, like `Date.now()` (the
 * wall clock yoke gives the flight). Output that contains it changes on every
 * reconcile, so yoke re-applies it each time. Use it only where a moment must
 * be recorded, such as a condition's `lastTransitionTime` when its status
 * changes (`setCondition` does exactly that), and keep the previous value
 * (from the live object or the custom resource's status) otherwise.
 */
export function now(): Time {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
