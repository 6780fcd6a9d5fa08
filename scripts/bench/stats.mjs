// Small statistics helpers for the benchmarks.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
export const round = (x, digits = 3) => Number(x.toFixed(digits));

/** Times fn() n times after `warmup` untimed calls; returns the samples in ms. */
export function sample(fn, n, warmup = 5) {
  for (let i = 0; i < warmup; i++) fn();
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}
