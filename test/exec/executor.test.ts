import { describe, expect, it } from 'vitest';
import { LaneSchema, type LaneConfig } from '../../src/config/lanes.js';
import type { LaneProvider } from '../../src/domain/call.js';
import { createExecutor, type CallOutcome, type ExecutorOptions, type PoolLimits } from '../../src/exec/executor.js';
import { createLaneProvider } from '../../src/providers/registry.js';
import { failFirst, scriptSequence, type FakePlan } from '../fixtures/fakeUpstream.js';
import { useFakeUpstream } from '../fixtures/useFakeUpstream.js';

const upstream = useFakeUpstream();


const KEY_ENV = { OPENAI_API_KEY: 'sk-test-executor' };

function openaiProvider(overrides: Record<string, unknown> = {}): LaneProvider {
  const lane: LaneConfig = LaneSchema.parse({ provider: 'openai', model: 'gpt-4o-mini', baseURL: upstream().openaiBaseURL, ...overrides });
  return createLaneProvider('cheap', lane, KEY_ENV);
}

/** Runs `n` distinct prompts through one pool and returns the outcomes in order. */
async function runMany(
  n: number,
  limits: PoolLimits,
  options: ExecutorOptions = {},
  provider = openaiProvider(),
): Promise<CallOutcome[]> {
  const executor = createExecutor({ retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options });
  const pool = executor.pool('cheap', limits);
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      pool.run({
        requestHash: `h${i}`,
        inputTokens: 10,
        maxOutputTokens: 100,
        call: (signal) => provider.complete({ messages: [{ role: 'user', content: `question ${i}` }], maxOutputTokens: 100 }, signal),
      }),
    ),
  );
}

const kinds = (outcomes: CallOutcome[]): string[] => outcomes.map((o) => (o.kind === 'error' ? o.errorClass : o.kind === 'skipped' ? `skipped:${o.reason}` : 'ok'));

describe('executor against the fake upstream() with the real SDK', () => {
  it('never has more requests in flight than the pool concurrency', async () => {
    upstream().setLatency(15);
    const outcomes = await runMany(40, { concurrency: 5 });
    expect(kinds(outcomes).every((k) => k === 'ok')).toBe(true);
    expect(upstream().calls).toBe(40);
    expect(upstream().peakConcurrency).toBe(5);
  });

  it('holds an rpm limit: arrivals never exceed one second of burst plus the rate', async () => {
    // The bucket admits at the client; the server sees arrivals skewed by connection set-up, hence the slack of 3.
    const rpm = 1200; // 20/s, burst 20
    await runMany(45, { concurrency: 10, rpm });
    const arrivals = upstream().arrivals;
    expect(arrivals).toHaveLength(45);
    for (let i = 0; i < arrivals.length; i++) {
      for (let j = i; j < arrivals.length; j++) {
        const allowed = rpm / 60 + ((arrivals[j]! - arrivals[i]!) * rpm) / 60_000 + 3;
        expect(j - i + 1).toBeLessThanOrEqual(allowed);
      }
    }
  });

  it('retries a 429 after the server-given retry-after-ms, one HTTP request per attempt', async () => {
    upstream().setHandler(failFirst(2, { kind: 'status', status: 429, retryAfterMs: 80 }));
    const [outcome] = await runMany(1, { concurrency: 1 });
    expect(outcome).toMatchObject({ kind: 'ok', attempts: 3 });
    expect(upstream().calls).toBe(3);
    const [a, b, c] = upstream().arrivals;
    expect(b! - a!).toBeGreaterThanOrEqual(75);
    expect(c! - b!).toBeGreaterThanOrEqual(75);
  });

  it('caps a long retry-after (120 s) at retryAfterCapMs', async () => {
    upstream().setHandler(failFirst(1, { kind: 'status', status: 503, retryAfterSeconds: 120 }));
    const [outcome] = await runMany(1, { concurrency: 1 }, { retry: { retryAfterCapMs: 30 } });
    expect(outcome).toMatchObject({ kind: 'ok', attempts: 2 });
    expect(upstream().calls).toBe(2);
  });

  it('gives up after maxAttempts on persistent 5xx, and does not retry 400 or malformed bodies', async () => {
    upstream().setHandler(() => ({ kind: 'status', status: 500 }));
    const [server] = await runMany(1, { concurrency: 1 }, { retry: { maxAttempts: 3 } });
    expect(server).toMatchObject({ kind: 'error', errorClass: 'server', attempts: 3 });
    expect(upstream().calls).toBe(3);

    upstream().reset();
    upstream().setHandler(scriptSequence([{ kind: 'status', status: 400 }, { kind: 'malformed' }]));
    const outcomes = await runMany(2, { concurrency: 1 }, { retry: { maxAttempts: 3 } });
    expect(kinds(outcomes).sort()).toEqual(['invalid_request', 'parse']);
    expect(upstream().calls).toBe(2);
  });

  it('classifies a hanging request as a timeout and retries it', async () => {
    upstream().setHandler(failFirst(1, { kind: 'hang' }));
    const [outcome] = await runMany(1, { concurrency: 1 }, {}, openaiProvider({ timeoutMs: 100 }));
    expect(outcome).toMatchObject({ kind: 'ok', attempts: 2 });
  });

  it.each<[string, FakePlan, string]>([
    ['an auth error', { kind: 'status', status: 401 }, 'auth'],
    ['an exhausted quota', { kind: 'status', status: 429, errorCode: 'insufficient_quota', errorType: 'insufficient_quota' }, 'rate_limit'],
  ])('stops the lane at once on %s', async (_name, plan, errorClass) => {
    upstream().setHandler(() => plan);
    const outcomes = await runMany(6, { concurrency: 1 });
    expect(upstream().calls).toBe(1);
    expect(outcomes[0]).toMatchObject({ kind: 'error', errorClass, attempts: 1, stopsLane: true });
    expect(kinds(outcomes.slice(1))).toEqual(Array(5).fill('skipped:lane_stopped'));
  });

  it('runs identical concurrent requests once', async () => {
    upstream().setLatency(20);
    const executor = createExecutor();
    const pool = executor.pool('cheap', { concurrency: 4 });
    const provider = openaiProvider();
    const task = {
      requestHash: 'same',
      inputTokens: 5,
      maxOutputTokens: 10,
      call: (signal: AbortSignal) => provider.complete({ messages: [{ role: 'user', content: 'same question' }] }, signal),
    };
    const [first, second] = await Promise.all([pool.run(task), pool.run(task)]);
    expect(upstream().calls).toBe(1);
    expect(first).toMatchObject({ kind: 'ok', shared: false });
    expect(second).toMatchObject({ kind: 'ok', shared: true });
  });

  it('never schedules past the budget: spent plus in-flight upper bounds stay within maxCost', async () => {
    // Each call's bound: 10 input + 100 output tokens at $100/MTok = $0.011; real cost is far lower.
    const pricing = { inputPerMTok: 100, outputPerMTok: 100 };
    upstream().setHandler(() => ({ kind: 'ok', inputTokens: 10, outputTokens: 100 }));
    const executor = createExecutor({ maxCostUsd: 0.05 });
    const pool = executor.pool('cheap', { concurrency: 4, pricing });
    const provider = openaiProvider();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pool.run({
          requestHash: `b${i}`,
          inputTokens: 10,
          maxOutputTokens: 100,
          call: (signal) => provider.complete({ messages: [{ role: 'user', content: `q${i}` }] }, signal),
        }),
      ),
    );
    const ok = outcomes.filter((o) => o.kind === 'ok');
    expect(ok).toHaveLength(4);
    expect(upstream().calls).toBe(4);
    expect(executor.spentUsd).toBeLessThanOrEqual(0.05);
    expect(executor.budgetReached).toBe(true);
    expect(kinds(outcomes).filter((k) => k === 'skipped:budget')).toHaveLength(6);
  });

  it('refuses a budget for a billable pool whose price is unknown', () => {
    const executor = createExecutor({ maxCostUsd: 1 });
    expect(() => executor.pool('mystery', { concurrency: 1 })).toThrow(/pricing/);
  });

  it('after an interrupt, queued tasks are skipped and calls in flight finish', async () => {
    upstream().setLatency(50);
    const executor = createExecutor();
    const pool = executor.pool('cheap', { concurrency: 2 });
    const provider = openaiProvider();
    const runs = Array.from({ length: 6 }, (_, i) =>
      pool.run({ requestHash: `i${i}`, inputTokens: 1, maxOutputTokens: 1, call: (s) => provider.complete({ messages: [{ role: 'user', content: `i${i}` }] }, s) }),
    );
    while (upstream().calls < 2) await new Promise((r) => setTimeout(r, 5));
    executor.interrupt();
    await executor.drain(5000);
    const outcomes = await Promise.all(runs);
    expect(kinds(outcomes)).toEqual(['ok', 'ok', ...Array(4).fill('skipped:interrupted')]);
    expect(upstream().calls).toBe(2);
  });
});
