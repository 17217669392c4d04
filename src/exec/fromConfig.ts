import type { ExecutorSettings } from '../config/lanes.js';
import { createExecutor, type Executor, type ExecutorOptions } from './executor.js';

/** An executor whose retry policy is the config's `executor` section; budget and listeners as given. */
export function executorFromConfig(settings: ExecutorSettings, extra: Omit<ExecutorOptions, 'retry'> = {}): Executor {
  return createExecutor({
    ...extra,
    retry: {
      maxAttempts: settings.maxAttempts,
      baseDelayMs: settings.backoffBaseMs,
      maxDelayMs: settings.backoffMaxMs,
      retryAfterCapMs: settings.retryAfterCapMs,
    },
  });
}
