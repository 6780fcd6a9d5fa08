// The error kinds of yoke's Go SDK (pkg/flight/wasi/k8s/errors.go), as
// classes and predicates. Predicates follow `cause` chains the way Go's
// errors.Is follows wrapping, so `new Error("...", { cause })` still matches.
import { CLUSTER_ACCESS_NOT_GRANTED } from "./abi.js";

export class ErrNotFound extends Error {
  override name = "ErrNotFound";
}

export class ErrForbidden extends Error {
  override name = "ErrForbidden";
}

export class ErrUnauthenticated extends Error {
  override name = "ErrUnauthenticated";
}

export class ErrClusterAccessNotGranted extends Error {
  override name = "ErrClusterAccessNotGranted";
  constructor() {
    // The exact text of yoke's ErrorClusterAccessNotGranted.
    super(CLUSTER_ACCESS_NOT_GRANTED);
  }
}

function is(error: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 32; depth++) {
    if (e instanceof kind) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export const isErrNotFound = (error: unknown): boolean => is(error, ErrNotFound);
export const isErrForbidden = (error: unknown): boolean => is(error, ErrForbidden);
export const isErrUnauthenticated = (error: unknown): boolean => is(error, ErrUnauthenticated);
export const isErrClusterAccessNotGranted = (error: unknown): boolean => is(error, ErrClusterAccessNotGranted);

/** A flight's input could not be read as its custom resource. */
export class FlightInputError extends Error {
  override name = "FlightInputError";
}

/** What a flight tried to write is not a valid flight output. */
export class FlightOutputError extends Error {
  override name = "FlightOutputError";
}
