import type { ProviderError } from '../domain/call.js';

export interface RetryPolicy {
  /** Total attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait granted to a server's retry-after (the SDKs alone would wait 120 s in full). */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, retryAfterCapMs: 30_000 };

/** 429, 408, 409, 5xx, connection failures and timeouts may pass on a later attempt; the rest never will. */
export function isRetryable(error: ProviderError): boolean {
  if (error.details.stopsLane) return false;
  return error.errorClass === 'rate_limit' || error.errorClass === 'timeout' || error.errorClass === 'server';
}

/** Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
