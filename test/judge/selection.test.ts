import { describe, expect, it } from 'vitest';
import { JudgeConfigSchema } from '../../src/config/judge.js';
import { agreement, reliabilityFigures } from '../../src/judge/reliability.js';
import { judgeForTag, judgeSpecHash, rubricFor, singleJudgeForTag } from '../../src/judge/select.js';
import { reconcile, seededOrder, verdictFromWinner } from '../../src/judge/swap.js';
import { NO_USAGE } from '../../src/judge/types.js';

const llm = { provider: 'openai', model: 'gpt-4o-mini' } as const;
const context = { lanes: { cheap: 'cheap', strong: 'strong' } };

describe('per-tag judge selection', () => {
  const config = JudgeConfigSchema.parse({
    type: 'by-tag',
    default: { type: 'pairwise', ...llm, rubric: 'GLOBAL', rubrics: { extraction: 'EXTRACT' } },
    tags: { math: { type: 'numeric' }, format: { type: 'regex', pattern: '^ok$' } },
    single: { type: 'single', ...llm },
  });

  it('picks the tag judge, else the default', () => {
    expect(judgeForTag(config, 'math').type).toBe('numeric');
    expect(judgeForTag(config, 'format').type).toBe('regex');
    expect(judgeForTag(config, 'chat').type).toBe('pairwise');
    expect(judgeForTag(config, undefined).type).toBe('pairwise');
    expect(singleJudgeForTag(config, 'math')?.model).toBe('gpt-4o-mini');
  });

  it('resolves the rubric per tag and gives each its own identity', () => {
    const pairwise = judgeForTag(config, 'extraction');
    if (pairwise.type !== 'pairwise') throw new Error('expected pairwise');
    expect(rubricFor(pairwise, 'extraction')).toBe('EXTRACT');
    expect(rubricFor(pairwise, 'chat')).toBe('GLOBAL');
    expect(judgeSpecHash(pairwise, 'extraction', context)).not.toBe(judgeSpecHash(pairwise, 'chat', context));
    // Limits and pricing do not change verdicts, so they do not change the identity.
    const tuned = { ...pairwise, concurrency: 64, rpm: 10, pricing: { inputPerMTok: 1, outputPerMTok: 2 } };
    expect(judgeSpecHash(tuned, 'chat', context)).toBe(judgeSpecHash(pairwise, 'chat', context));
    expect(judgeSpecHash({ ...pairwise, model: 'gpt-4o' }, 'chat', context)).not.toBe(judgeSpecHash(pairwise, 'chat', context));
  });

  it('applies defaults: swap on, one re-ask, temperature 0', () => {
    const judge = JudgeConfigSchema.parse({ type: 'pairwise', ...llm });
    expect(judge).toMatchObject({ swap: true, reasks: 1, temperature: 0, structuredOutput: true });
    expect(JudgeConfigSchema.safeParse({ type: 'pairwise', ...llm, apiKeyEnv: 'sk-live-123' }).success).toBe(false);
    expect(JudgeConfigSchema.safeParse({ type: 'bogus' }).success).toBe(false);
  });
});

describe('swap reconciliation', () => {
  it('maps A/B back to the cheap answer in either order', () => {
    expect(verdictFromWinner('A', 'cheap_first')).toBe('cheap_better');
    expect(verdictFromWinner('A', 'strong_first')).toBe('cheap_worse');
    expect(verdictFromWinner('B', 'strong_first')).toBe('cheap_better');
    expect(verdictFromWinner('tie', 'strong_first')).toBe('tie');
  });
  it('keeps agreeing verdicts and turns disagreement into an inconsistent tie', () => {
    expect(reconcile('cheap_worse', 'cheap_worse')).toEqual({ verdict: 'cheap_worse', consistent: true });
    expect(reconcile('cheap_better', 'cheap_worse')).toEqual({ verdict: 'tie', consistent: false });
  });
  it('draws one order per pair from the seed, both orders occurring', () => {
    const orders = Array.from({ length: 200 }, (_, i) => seededOrder(7, `pair-${i}`));
    expect(orders).toEqual(Array.from({ length: 200 }, (_, i) => seededOrder(7, `pair-${i}`)));
    const cheapFirst = orders.filter((o) => o === 'cheap_first').length;
    expect(cheapFirst).toBeGreaterThan(70);
    expect(cheapFirst).toBeLessThan(130);
    expect(orders).not.toEqual(Array.from({ length: 200 }, (_, i) => seededOrder(8, `pair-${i}`)));
  });
});

describe('reliability figures', () => {
  it('counts consistency, distribution, parse failures and cost', () => {
    const usage = { calls: 2, inputTokens: 100, outputTokens: 10, costUsd: 0.01 };
    const figures = reliabilityFigures([
      { result: { status: 'ok', verdict: 'tie', consistent: true }, usage },
      { result: { status: 'ok', verdict: 'tie', consistent: false }, usage },
      { result: { status: 'ok', verdict: 'cheap_worse', consistent: true }, usage },
      { result: { status: 'error', errorClass: 'parse' }, usage },
    ]);
    expect(figures).toMatchObject({
      items: 4,
      judged: 3,
      errors: 1,
      errorsByClass: { parse: 1 },
      parseFailureRate: 0.25,
      verdicts: { cheap_better: 0, tie: 2, cheap_worse: 1 },
      consistency: { pairs: 3, consistent: 2 },
      cost: { calls: 8, inputTokens: 400, outputTokens: 40 },
      agreement: null,
    });
    expect(figures.consistency.rate).toBeCloseTo(2 / 3);
    expect(figures.cost.costUsd).toBeCloseTo(0.04);
  });

  it("computes accuracy and Cohen's kappa against gold labels", () => {
    // Textbook example: 50 items, yes/no, 20 yes-yes, 15 no-no, 5 yes-no, 10 no-yes: po 0.7, pe 0.5, kappa 0.4.
    const ratings: [string, string][] = [
      ...Array.from({ length: 20 }, (): [string, string] => ['y', 'y']),
      ...Array.from({ length: 15 }, (): [string, string] => ['n', 'n']),
      ...Array.from({ length: 5 }, (): [string, string] => ['y', 'n']),
      ...Array.from({ length: 10 }, (): [string, string] => ['n', 'y']),
    ];
    const result = agreement(ratings, ['y', 'n']);
    expect(result.accuracy).toBeCloseTo(0.7);
    expect(result.kappa).toBeCloseTo(0.4);
    expect(agreement([['y', 'y']], ['y', 'n']).kappa).toBeNull();
    const figures = reliabilityFigures([
      { result: { status: 'ok', verdict: 'tie' }, usage: NO_USAGE, gold: 'tie' },
      { result: { status: 'ok', verdict: 'cheap_worse' }, usage: NO_USAGE, gold: 'cheap_worse' },
      { result: { status: 'ok', verdict: 'cheap_worse' }, usage: NO_USAGE, gold: 'tie' },
      { result: { status: 'ok', verdict: 'tie' }, usage: NO_USAGE },
    ]);
    expect(figures.agreement?.n).toBe(3);
    expect(figures.agreement?.accuracy).toBeCloseTo(2 / 3);
    // po 2/3; judge: tie 1/3, worse 2/3; gold: tie 2/3, worse 1/3; pe = 2/9+2/9 = 4/9; kappa = (6/9-4/9)/(5/9) = 0.4.
    expect(figures.agreement?.kappa).toBeCloseTo(0.4);
  });
});
