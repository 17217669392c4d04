/**
 * A small seeded PRNG (mulberry32) and the draws the demo generator needs. The
 * generator must be byte-for-byte reproducible, so nothing here reads the clock or
 * Math.random.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A new array with the items in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** An independent stream derived from this one, so adding draws in one part of the generator does not shift another. */
  fork(label: string): Rng {
    let hash = 2166136261;
    for (const char of label) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619);
    return new Rng((this.state ^ hash) >>> 0);
  }
}

/**
 * Exactly `total` items split by the given shares (largest remainder), in random
 * order: every stratum gets its planted proportion exactly, not just on average.
 */
export function stratified<T extends string>(rng: Rng, total: number, shares: Readonly<Record<T, number>>): T[] {
  const entries = Object.entries(shares) as [T, number][];
  const sum = entries.reduce((acc, [, share]) => acc + share, 0);
  const exact = entries.map(([key, share]) => ({ key, value: (total * share) / sum }));
  const counts = exact.map((e) => ({ key: e.key, count: Math.floor(e.value), rest: e.value - Math.floor(e.value) }));
  let missing = total - counts.reduce((acc, c) => acc + c.count, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.count++;
  }
  return rng.shuffle(counts.flatMap((c) => Array.from({ length: c.count }, () => c.key)));
}
