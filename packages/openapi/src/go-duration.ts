// Go's time.Duration as text, the one home for it (an Airway's timeout and
// fixDriftInterval, the ATC's requeue times, yoke's timeout message):
// time.ParseDuration's syntax and time.Duration.String()'s format.

/** What time.ParseDuration accepts (without a sign). */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** A Go duration ("10s", "1m30s", "500ms") in milliseconds. */
export function parseGoDuration(text: string): number {
  if (!GO_DURATION.test(text)) throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

/** time.Duration.String() for a whole number of milliseconds. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const secs = `${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
  if (h) return `${h}h${m}m${secs}`;
  if (m) return `${m}m${secs}`;
  return secs;
}
