import pLimit, { type LimitFunction } from 'p-limit';
import type { Pricing } from '../config/lanes.js';
import { ProviderError, type CallErrorClass, type ProviderResult } from '../domain/call.js';
import { InputError } from '../domain/errors.js';
import { costUsd } from '../providers/pricing.js';
import { BudgetGuard } from './budget.js';
import { RateBucket } from './rateBucket.js';
import { abortableSleep, backoffMs, isRetryable, type RetryPolicy, DEFAULT_RETRY } from './retry.js';

export interface PoolLimits {
  concurrency: number;
  rpm?: number;
  tpm?: number;
  /** Turns reported usage into cost; without it cost is unknown. */
  pricing?: Pricing;
  /** Whether this pool's cost is real spend counted against the budget (false for recorded answers). */
  billable?: boolean;
}

export interface CallTask {
  /** Content address of the request: identical tasks in flight at the same time run once. */
  requestHash: string;
  /** Estimated input tokens (for tpm and the budget's upper bound). */
  inputTokens: number;
  /** Upper bound of output tokens (for tpm and the budget's upper bound). */
  maxOutputTokens: number;
  call(signal: AbortSignal): Promise<ProviderResult>;
}

export type SkipReason = 'budget' | 'lane_stopped' | 'interrupted';

interface Finished {
  attempts: number;
  /** Of the last attempt. */
  latencyMs: number;
  /** Another task with the same request hash made the call; this one paid nothing. */
  shared: boolean;
}
export type CallOutcome =
  | ({ kind: 'ok'; result: ProviderResult; costUsd: number | undefined } & Finished)
  | ({ kind: 'error'; errorClass: CallErrorClass; message: string; stopsLane: boolean } & Finished)
  | { kind: 'skipped'; reason: SkipReason };

export type WaitReason = 'rpm' | 'tpm' | 'rate_limit' | 'backoff';
export type ExecutorEvent =
  | { type: 'waiting'; pool: string; reason: WaitReason; untilMs: number }
  | { type: 'retry'; pool: string; attempt: number; errorClass: CallErrorClass; delayMs: number }
  | { type: 'pool_stopped'; pool: string; reason: string }
  | { type: 'budget_reached'; spentUsd: number; maxCostUsd: number };

export interface ExecutorOptions {
  retry?: Partial<RetryPolicy>;
  /** USD across every billable pool. */
  maxCostUsd?: number;
  onEvent?: (event: ExecutorEvent) => void;
  random?: () => number;
}

export interface Pool {
  readonly name: string;
  run(task: CallTask): Promise<CallOutcome>;
  /** Why the pool stopped (auth, quota), or undefined while it runs. */
  readonly stoppedReason: string | undefined;
}

export interface Executor {
  pool(name: string, limits: PoolLimits): Pool;
  /** Stop scheduling: every task not yet calling resolves as skipped 'interrupted'. */
  interrupt(): void;
  /** Waits up to `timeoutMs` for calls in flight, then aborts the rest (they resolve skipped). */
  drain(timeoutMs: number): Promise<void>;
  readonly spentUsd: number;
  readonly budgetReached: boolean;
  readonly interrupted: boolean;
}

/** Waits shorter than this are not reported (a busy pool would otherwise flood the listeners). */
const REPORTED_WAIT_MS = 100;

/**
 * The one execution layer (DESIGN.md §4): per-pool concurrency, rpm/tpm limits,
 * bounded retries honouring retry-after with a cap, a shared cool-down on 429, the
 * budget guard and progress events. Generic: a pool is a lane, a judge or an embedder.
 */
export function createExecutor(options: ExecutorOptions = {}): Executor {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.random ?? Math.random;
  const emit = options.onEvent ?? (() => {});
  const budget = new BudgetGuard(options.maxCostUsd);
  const interruption = new AbortController();
  // One controller per call: a shared signal would gather a listener per request in flight.
  const callControllers = new Set<AbortController>();
  const inFlight = new Map<string, Promise<CallOutcome>>();
  const active = new Set<Promise<unknown>>();
  const cancelled = (): boolean => interruption.signal.aborted;

  function pool(name: string, limits: PoolLimits): Pool {
    const billable = limits.billable ?? true;
    if (options.maxCostUsd !== undefined && billable && !limits.pricing) {
      throw new InputError(`${name}: no pricing known for its model, so a budget cannot be enforced; set its "pricing"`);
    }
    const limit: LimitFunction = pLimit(limits.concurrency);
    const rpm = limits.rpm ? RateBucket.perMinute(limits.rpm) : undefined;
    const tpm = limits.tpm ? RateBucket.perMinute(limits.tpm) : undefined;
    let pausedUntil = 0;
    let stoppedReason: string | undefined;

    const waitFor = async (reason: WaitReason, ms: number): Promise<void> => {
      if (ms >= REPORTED_WAIT_MS) emit({ type: 'waiting', pool: name, reason, untilMs: Date.now() + ms });
      await abortableSleep(ms, interruption.signal);
    };

    /** Holds the task until the cool-down, rpm and tpm all allow it; false when interrupted meanwhile. */
    const admit = async (tokens: number): Promise<boolean> => {
      for (;;) {
        if (cancelled()) return false;
        const pause = pausedUntil - Date.now();
        if (pause > 0) {
          await waitFor('rate_limit', pause);
          continue;
        }
        const rpmWait = rpm?.waitMs(1) ?? 0;
        if (rpmWait > 0) {
          await waitFor('rpm', rpmWait);
          continue;
        }
        const tpmWait = tpm?.waitMs(tokens) ?? 0;
        if (tpmWait > 0) {
          await waitFor('tpm', tpmWait);
          continue;
        }
        rpm?.take(1);
        tpm?.take(tokens);
        return true;
      }
    };

    const stop = (reason: string): void => {
      if (stoppedReason !== undefined) return;
      stoppedReason = reason;
      emit({ type: 'pool_stopped', pool: name, reason });
    };

    const attemptAll = async (task: CallTask): Promise<CallOutcome> => {
      if (stoppedReason !== undefined) return { kind: 'skipped', reason: 'lane_stopped' };
      const bound = billable && limits.pricing ? costUsd(limits.pricing, task.inputTokens, task.maxOutputTokens) : 0;
      if (!(await budget.reserve(bound, cancelled))) {
        if (budget.reached && options.maxCostUsd !== undefined && !cancelled()) {
          emit({ type: 'budget_reached', spentUsd: budget.spentUsd, maxCostUsd: options.maxCostUsd });
        }
        return { kind: 'skipped', reason: cancelled() ? 'interrupted' : 'budget' };
      }
      let spent = 0;
      try {
        const tokens = task.inputTokens + task.maxOutputTokens;
        for (let attempt = 1; ; attempt++) {
          if (stoppedReason !== undefined) return { kind: 'skipped', reason: 'lane_stopped' };
          if (!(await admit(tokens))) return { kind: 'skipped', reason: 'interrupted' };
          const started = performance.now();
          const controller = new AbortController();
          callControllers.add(controller);
          try {
            const result = await task.call(controller.signal);
            const latencyMs = Math.round(performance.now() - started);
            tpm?.adjust(tokens - (result.inputTokens + result.outputTokens));
            const cost = limits.pricing ? costUsd(limits.pricing, result.inputTokens, result.outputTokens) : undefined;
            spent = billable ? (cost ?? 0) : 0;
            return { kind: 'ok', result, costUsd: cost, attempts: attempt, latencyMs, shared: false };
          } catch (error) {
            if (controller.signal.aborted) return { kind: 'skipped', reason: 'interrupted' };
            if (!(error instanceof ProviderError)) throw error;
            const latencyMs = Math.round(performance.now() - started);
            // A rejected request consumed no tokens.
            tpm?.adjust(tokens);
            const failed: CallOutcome = {
              kind: 'error',
              errorClass: error.errorClass,
              message: error.message,
              stopsLane: error.details.stopsLane ?? false,
              attempts: attempt,
              latencyMs,
              shared: false,
            };
            if (error.details.stopsLane) {
              stop(`${error.errorClass}: ${error.message}`);
              return failed;
            }
            if (!isRetryable(error) || attempt >= policy.maxAttempts) return failed;
            const delay =
              error.details.retryAfterMs !== undefined
                ? Math.min(error.details.retryAfterMs, policy.retryAfterCapMs)
                : backoffMs(attempt, policy, random);
            // A 429 speaks for the whole pool: everyone cools down, not just this task.
            if (error.errorClass === 'rate_limit') pausedUntil = Math.max(pausedUntil, Date.now() + delay);
            emit({ type: 'retry', pool: name, attempt, errorClass: error.errorClass, delayMs: delay });
            await waitFor(error.errorClass === 'rate_limit' ? 'rate_limit' : 'backoff', delay);
            if (cancelled()) return { kind: 'skipped', reason: 'interrupted' };
          } finally {
            callControllers.delete(controller);
          }
        }
      } finally {
        budget.release(bound, spent);
      }
    };

    return {
      name,
      get stoppedReason() {
        return stoppedReason;
      },
      run(task) {
        const same = inFlight.get(task.requestHash);
        if (same) return same.then((outcome) => (outcome.kind === 'skipped' ? outcome : { ...outcome, shared: true }));
        const running = limit(() => (cancelled() ? skippedInterrupted() : attemptAll(task)));
        inFlight.set(task.requestHash, running);
        active.add(running);
        const forget = (): void => {
          inFlight.delete(task.requestHash);
          active.delete(running);
        };
        running.then(forget, forget);
        return running;
      },
    };
  }

  return {
    pool,
    interrupt() {
      interruption.abort();
      budget.wakeAll();
    },
    async drain(timeoutMs) {
      const settled = Promise.allSettled([...active]);
      // The deadline is cancelled once the calls settle, so it never holds the process open.
      const deadline = new AbortController();
      const timedOut = await Promise.race([
        settled.then(() => false),
        abortableSleep(timeoutMs, deadline.signal).then(() => !deadline.signal.aborted),
      ]);
      deadline.abort();
      if (timedOut) {
        for (const controller of callControllers) controller.abort();
        await Promise.allSettled([...active]);
      }
    },
    get spentUsd() {
      return budget.spentUsd;
    },
    get budgetReached() {
      return budget.reached;
    },
    get interrupted() {
      return cancelled();
    },
  };
}

async function skippedInterrupted(): Promise<CallOutcome> {
  return { kind: 'skipped', reason: 'interrupted' };
}
