import { describe, expect, it } from 'vitest';
import { holdoutSplit, seededShuffle } from '../../src/analysis/index.js';
import { InputError } from '../../src/domain/errors.js';

const day = (d: number) => `2025-03-${String(d).padStart(2, '0')}T12:00:00Z`;

describe('holdoutSplit', () => {
  it('fits on the earlier part and evaluates on the later part when every sample has a timestamp', () => {
    const samples = seededShuffle(
      Array.from({ length: 10 }, (_, i) => ({ sampleId: `id${i}`, timestamp: day(i + 1) })),
      5,
    );
    const split = holdoutSplit(samples, { fraction: 0.3, seed: 1 });
    expect(split.method).toBe('time');
    expect([...split.eval].sort()).toEqual(['id7', 'id8', 'id9']);
    expect(split.fit.size).toBe(7);
    expect(split.evalFrom).toBe(day(8));
  });

  it('compares instants, not strings, across time zone offsets', () => {
    const split = holdoutSplit(
      [
        { sampleId: 'late', timestamp: '2025-03-01T10:00:00-05:00' }, // 15:00Z
        { sampleId: 'early', timestamp: '2025-03-01T14:00:00Z' },
      ],
      { fraction: 0.5, seed: 1 },
    );
    expect([...split.eval]).toEqual(['late']);
  });

  it('splits untimed samples at random, reproducibly per seed and independent of input order', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({ sampleId: `id${i}` }));
    const a = holdoutSplit(samples, { fraction: 0.25, seed: 9 });
    const b = holdoutSplit([...samples].reverse(), { fraction: 0.25, seed: 9 });
    const c = holdoutSplit(samples, { fraction: 0.25, seed: 10 });
    expect(a.method).toBe('random');
    expect(a.eval.size).toBe(25);
    expect([...a.eval].sort()).toEqual([...b.eval].sort());
    expect([...a.eval].sort()).not.toEqual([...c.eval].sort());
    expect(a.evalFrom).toBeNull();
  });

  it('puts untimed samples at random and timed ones by time when both exist, covering every sample once', () => {
    const timed = Array.from({ length: 10 }, (_, i) => ({ sampleId: `t${i}`, timestamp: day(i + 1) }));
    const untimed = Array.from({ length: 10 }, (_, i) => ({ sampleId: `u${i}` }));
    const split = holdoutSplit([...timed, ...untimed, { sampleId: 'bad', timestamp: 'not a date' }], { fraction: 0.5, seed: 3 });
    expect(split.method).toBe('mixed');
    expect([...split.eval].filter((id) => id.startsWith('t')).sort()).toEqual(['t5', 't6', 't7', 't8', 't9']);
    expect(split.fit.size + split.eval.size).toBe(21);
    expect([...split.fit].some((id) => split.eval.has(id))).toBe(false);
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => holdoutSplit([], { fraction: 0, seed: 1 })).toThrow(InputError);
    expect(() => holdoutSplit([], { fraction: 1.5, seed: 1 })).toThrow(/--holdout/);
  });
});

describe('holdoutSplit on too few samples', () => {
  it('refuses a split that leaves a part empty, naming the flag', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ sampleId: `s${i}` }));
    expect(() => holdoutSplit(ten, { fraction: 0.04, seed: 1 })).toThrow(/--holdout 0\.04: 10 sample\(s\) leave the evaluation part empty/);
    expect(() => holdoutSplit(ten, { fraction: 0.96, seed: 1 })).toThrow(/leave the fit part empty/);
  });
});
