// The annotations an Airway's instances may carry to override the Airway
// for that one instance (yokecd/yoke pkg/flight/flight.go
// AnnotationOverrideFlight / AnnotationOverrideMode). The ATC runs the
// override URL instead of spec.wasmUrls.flight (internal/atc/reconciler_instance.go)
// and uses a known mode instead of spec.mode, ignoring an unknown one; its
// admission webhook lets only users who may update the Airway set or change
// them (cmd/atc/handler.go, a SubjectAccessReview for "update" on airways).
import { AIRWAY_MODES, type AirwayMode } from "./airway.js";

export const ANNOTATION_OVERRIDE_FLIGHT = "overrides.yoke.cd/flight";
export const ANNOTATION_OVERRIDE_MODE = "overrides.yoke.cd/mode";

/** The override annotations, typed: merge into an instance's metadata.annotations. */
export interface OverrideAnnotations {
  /** A flight URL (http(s)://, oci://) the ATC runs for this instance instead of the Airway's. */
  [ANNOTATION_OVERRIDE_FLIGHT]?: string;
  /** The mode the ATC uses for this instance instead of the Airway's. */
  [ANNOTATION_OVERRIDE_MODE]?: AirwayMode;
}

export interface Overrides {
  flight?: string;
  mode?: AirwayMode;
}

interface WithMetadata {
  metadata?: { annotations?: Record<string, string>; [field: string]: unknown };
}

/** The instance with its override annotations set, after checking them as `overrideProblems` does. */
export function withOverrides<T extends WithMetadata>(instance: T, overrides: Overrides): T {
  const annotations: Record<string, string> = { ...instance.metadata?.annotations };
  if (overrides.flight !== undefined) annotations[ANNOTATION_OVERRIDE_FLIGHT] = overrides.flight;
  if (overrides.mode !== undefined) annotations[ANNOTATION_OVERRIDE_MODE] = overrides.mode;
  const result = { ...instance, metadata: { ...instance.metadata, annotations } };
  const problems = overrideProblems(result);
  if (problems.length) throw new Error(`invalid override annotations:\n  ${problems.join("\n  ")}`);
  return result;
}

/** What is wrong with an instance's override annotations, each naming its field path; empty when fine. */
export function overrideProblems(instance: WithMetadata): string[] {
  const annotations = instance.metadata?.annotations ?? {};
  const problems: string[] = [];
  const at = (key: string) => `metadata.annotations["${key}"]`;
  const flight = annotations[ANNOTATION_OVERRIDE_FLIGHT];
  if (flight !== undefined && !/^(https?|oci):\/\/./.test(flight)) {
    problems.push(`${at(ANNOTATION_OVERRIDE_FLIGHT)}: ${JSON.stringify(flight)}: the ATC loads http(s):// and oci:// URLs`);
  }
  const mode = annotations[ANNOTATION_OVERRIDE_MODE];
  if (mode !== undefined && !AIRWAY_MODES.includes(mode as AirwayMode)) {
    problems.push(`${at(ANNOTATION_OVERRIDE_MODE)}: ${JSON.stringify(mode)} is not one of ${AIRWAY_MODES.join(", ")} (the ATC would ignore it)`);
  }
  return problems;
}
