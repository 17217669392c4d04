import { canonicalJson, sha256 } from '../domain/hash.js';

/**
 * `--sample N` (issue 8): a stratified sample of a nightly traffic file too large for the
 * budget. Strata are cluster x segment values; each gets its proportional share of N
 * (largest remainders, so the total is exactly N). Inside a stratum, samples are taken in
 * the order of a seeded hash of their id rather than a shuffle: a sample's rank does not
 * depend on the rest of the traffic, so overlapping nightly files draw mostly the same
 * samples and their calls and verdicts are reused from the store.
 */
export function stratifiedSample<T extends { id: string; segments: Readonly<Record<string, string>> }>(
  samples: readonly T[],
  clusterOf: (sample: T) => number | undefined,
  size: number,
  seed: number,
): T[] {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`stratifiedSample: size must be a whole number >= 0, got ${size}`);
  if (size >= samples.length) return [...samples];
  const strata = new Map<string, { rank: string; index: number }[]>();
  samples.forEach((sample, index) => {
    const key = `${clusterOf(sample) ?? '-'}|${canonicalJson(sample.segments)}`;
    const members = strata.get(key) ?? [];
    members.push({ rank: sha256(`${seed}:${sample.id}`), index });
    strata.set(key, members);
  });
  const groups = [...strata.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, members]) => members);
  const exact = groups.map((g) => (g.length * size) / samples.length);
  const quotas = exact.map(Math.floor);
  let left = size - quotas.reduce((a, b) => a + b, 0);
  // Largest remainder first; ties to the larger stratum, then the first in key order.
  const order = exact.map((_, i) => i).sort((i, j) => exact[j]! - quotas[j]! - (exact[i]! - quotas[i]!) || groups[j]!.length - groups[i]!.length || i - j);
  for (const i of order) {
    if (left === 0) break;
    quotas[i]!++;
    left--;
  }
  const chosen = groups.flatMap((g, i) => [...g].sort((x, y) => (x.rank < y.rank ? -1 : 1)).slice(0, quotas[i]).map((m) => m.index));
  return chosen.sort((a, b) => a - b).map((i) => samples[i]!);
}
