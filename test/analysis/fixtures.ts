import type { JudgedSample, LaneInfo, LaneOutcome, Verdict } from '../../src/analysis/index.js';
import { mulberry32 } from '../../src/analysis/index.js';

export const TWO_LANES: LaneInfo[] = [
  { name: 'cheap', costRank: 0, isReference: false },
  { name: 'strong', costRank: 1, isReference: true },
];

export interface SampleSpec {
  id?: string;
  cluster?: number;
  distance?: number;
  verdict?: Verdict;
  tag?: string;
  segments?: Record<string, string>;
  timestamp?: string;
  inputChars?: number;
  cheap?: Partial<LaneOutcome>;
  strong?: Partial<LaneOutcome>;
  single?: { acceptable: boolean; confidence: number };
}

let counter = 0;

/** A two-lane judged sample: cheap costs 0.001 and answers in 100 ms, strong 0.01 and 1000 ms, unless told otherwise. */
export function sample(spec: SampleSpec = {}): JudgedSample {
  return {
    sampleId: spec.id ?? `s${++counter}`,
    cluster: spec.cluster ?? 0,
    distance: spec.distance ?? 0.1,
    ...(spec.tag !== undefined ? { tag: spec.tag } : {}),
    segments: spec.segments ?? {},
    ...(spec.timestamp !== undefined ? { timestamp: spec.timestamp } : {}),
    inputChars: spec.inputChars ?? 100,
    lanes: {
      cheap: { costUsd: 0.001, latencyMs: 100, ok: true, ...spec.cheap },
      strong: { costUsd: 0.01, latencyMs: 1000, ok: true, ...spec.strong },
    },
    verdicts: { cheap: spec.verdict },
    ...(spec.single ? { single: spec.single } : {}),
  };
}

/** `count` copies of a spec. */
export function many(count: number, spec: SampleSpec): JudgedSample[] {
  return Array.from({ length: count }, () => sample(spec));
}

export interface TrafficOptions {
  seed: number;
  n: number;
  clusters: number;
  /** Probability a cheap answer is worse, everywhere. */
  baseWorse: number;
  /** A planted harmed segment: locale value and its probability of a worse cheap answer. */
  harmed?: { locale: string; worse: number };
}

const LOCALES = ['en-US', 'de-DE', 'ja-JP', 'fr-FR'];
const TIERS = ['free', 'pro'];
const TAGS = ['faq', 'code', 'billing'];

/** Synthetic judged traffic with segments independent of clusters. */
export function syntheticTraffic(o: TrafficOptions): JudgedSample[] {
  const rand = mulberry32(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: o.n }, (_, i) => {
    const locale = pick(LOCALES);
    const pWorse = o.harmed && locale === o.harmed.locale ? o.harmed.worse : o.baseWorse;
    const r = rand();
    const verdict: Verdict = r < pWorse ? 'cheap_worse' : r < pWorse + (1 - pWorse) / 2 ? 'tie' : 'cheap_better';
    return sample({
      id: `t${o.seed}-${i}`,
      cluster: Math.floor(rand() * o.clusters),
      distance: rand(),
      verdict,
      tag: pick(TAGS),
      segments: { locale, tier: pick(TIERS) },
      inputChars: 20 + Math.floor(rand() * 2000),
      cheap: { latencyMs: 50 + Math.floor(rand() * 200) },
      strong: { latencyMs: 500 + Math.floor(rand() * 2000) },
    });
  });
}
