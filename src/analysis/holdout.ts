import { InputError } from '../domain/errors.js';
import { seededShuffle } from './stats.js';

export interface HoldoutSplit {
  fit: Set<string>;
  eval: Set<string>;
  /** time: every sample had a timestamp; random: none had; mixed: timestamped ones by time, the rest at random. */
  method: 'time' | 'random' | 'mixed';
  /** The earliest timestamp in the evaluation part of the time split (null without one). */
  evalFrom: string | null;
}

export interface HoldoutOptions {
  /** Share of samples held out for evaluation, in (0, 1). */
  fraction: number;
  seed: number;
}

/**
 * Splits samples into a fit part and an evaluation part. Timestamped samples are split
 * by time: the earliest (1 - fraction) fit, the latest fraction evaluate (ties in time are
 * ordered by id, so the split is deterministic). Samples without a usable timestamp are
 * split by a seeded shuffle with the same fraction.
 */
export function holdoutSplit(samples: readonly { sampleId: string; timestamp?: string }[], options: HoldoutOptions): HoldoutSplit {
  const { fraction, seed } = options;
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`--holdout: expected a fraction between 0 and 1 (exclusive), got ${fraction}`);
  const timed: { id: string; t: number; ts: string }[] = [];
  const untimed: string[] = [];
  for (const s of samples) {
    const t = s.timestamp === undefined ? NaN : Date.parse(s.timestamp);
    if (Number.isNaN(t)) untimed.push(s.sampleId);
    else timed.push({ id: s.sampleId, t, ts: s.timestamp as string });
  }
  timed.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fitTimed = Math.round(timed.length * (1 - fraction));
  // Shuffle a sorted copy so the result does not depend on input order.
  const shuffled = seededShuffle([...untimed].sort(), seed);
  const fitUntimed = Math.round(shuffled.length * (1 - fraction));
  const fit = new Set([...timed.slice(0, fitTimed).map((x) => x.id), ...shuffled.slice(0, fitUntimed)]);
  const evalSet = new Set([...timed.slice(fitTimed).map((x) => x.id), ...shuffled.slice(fitUntimed)]);
  if (fit.size === 0 || evalSet.size === 0) {
    throw new InputError(
      `--holdout ${fraction}: ${samples.length} sample(s) leave the ${fit.size === 0 ? 'fit' : 'evaluation'} part empty; ` +
        'use a fraction nearer 0.5 or more samples',
    );
  }
  return {
    fit,
    eval: evalSet,
    method: untimed.length === 0 ? 'time' : timed.length === 0 ? 'random' : 'mixed',
    evalFrom: timed[fitTimed]?.ts ?? null,
  };
}
