import type { LanesConfig } from '../config/lanes.js';
import type { Sample } from '../domain/sample.js';
import type { CallOutcome, Executor, SkipReason } from '../exec/executor.js';
import { estimateInputTokens, laneRequest, laneRequestHash, publicBaseURL, effectiveMaxOutputTokens, UNBOUNDED_OUTPUT_ESTIMATE } from '../providers/laneRequest.js';
import { resolvePricing } from '../providers/pricing.js';
import { createLaneProvider } from '../providers/registry.js';
import type { ProgressSink } from '../report/progress.js';
import { bufferedCalls, callStatuses, callStore, type CallRecord } from '../store/calls.js';
import type { Db } from '../store/db.js';

export interface LaneStageRequest {
  runId: string;
  samples: readonly Sample[];
  lanes: LanesConfig;
  executor: Executor;
  /** Where API keys are read from (never stored). */
  env: NodeJS.ProcessEnv;
  /** Serve identical earlier requests from the store. */
  cache: boolean;
  /** Re-attempt samples whose stored call failed. */
  retryErrors: boolean;
  progress?: ProgressSink;
}

export interface LaneStageResult {
  /** Samples left without a stored call, per lane and reason. */
  skipped: Record<string, Partial<Record<SkipReason, number>>>;
  /** Lanes stopped by an auth or quota error, with the reason. */
  stopped: Record<string, string>;
}

/**
 * Replays every sample through every lane, lanes side by side, each call committed
 * within moments of completing (small batched transactions). Samples that already have a call in this run are skipped (all
 * but failed ones with `retryErrors`), so resuming never pays twice.
 */
export async function replayLanes(db: Db, request: LaneStageRequest): Promise<LaneStageResult> {
  const calls = callStore(db);
  const writer = bufferedCalls(db, calls);
  const result: LaneStageResult = { skipped: {}, stopped: {} };
  const providers = Object.entries(request.lanes).map(([name, lane]) => ({ name, lane, provider: createLaneProvider(name, lane, request.env) }));

  try {
    await Promise.all(providers.map(async ({ name, lane, provider }) => {
      const pool = request.executor.pool(name, {
        concurrency: lane.concurrency,
        rpm: lane.rpm,
        tpm: lane.tpm,
        pricing: resolvePricing(lane.model, lane.pricing),
        billable: lane.provider !== 'recorded',
      });
      const stored = callStatuses(db, request.runId, name);
      const todo = request.samples.filter((sample) => {
        const status = stored.get(sample.id);
        return status === undefined || (request.retryErrors && status !== 'ok');
      });
      request.progress?.addTask(name, request.samples.length, request.samples.length - todo.length);
      const skipped: Partial<Record<SkipReason, number>> = {};
      const base = { runId: request.runId, lane: name, provider: lane.provider, model: lane.model, baseUrl: publicBaseURL('baseURL' in lane ? lane.baseURL : undefined) };
      const maxOutputTokens = effectiveMaxOutputTokens(lane) ?? UNBOUNDED_OUTPUT_ESTIMATE;

      const one = async (sample: Sample): Promise<void> => {
        const chat = laneRequest(sample, lane);
        const requestHash = laneRequestHash(name, lane, chat, sample);
        const row = { ...base, sampleId: sample.id, requestHash };
        const hit = request.cache && lane.provider !== 'recorded' ? calls.cached(requestHash) : undefined;
        if (hit) {
          writer.add({ ...row, ...answerOf(hit), attempts: 0, status: 'ok', cachedFrom: hit.id }, () =>
            request.progress?.record(name, { ok: true, reused: true }),
          );
          return;
        }
        const outcome = await pool.run({
          requestHash,
          inputTokens: estimateInputTokens(chat),
          maxOutputTokens,
          call: (signal) => provider.complete(chat, signal, { sample, lane: name }),
        });
        if (outcome.kind === 'skipped') {
          skipped[outcome.reason] = (skipped[outcome.reason] ?? 0) + 1;
          return;
        }
        writer.add(recordOf(row, outcome, outcome.shared ? calls.cached(requestHash)?.id : undefined), () =>
          request.progress?.record(name, { ok: outcome.kind === 'ok', reused: outcome.shared, costUsd: outcome.kind === 'ok' ? outcome.costUsd : 0 }),
        );
      };

      // A bounded window of queued samples: stopping (budget, interrupt, a stopped lane) leaves little queued.
      const window = Math.max(32, lane.concurrency * 4);
      const slots = new Slots(window);
      for (const sample of todo) {
        await slots.acquire();
        if (request.executor.interrupted || request.executor.budgetReached || pool.stoppedReason !== undefined) {
          slots.release();
          const reason: SkipReason = request.executor.interrupted ? 'interrupted' : request.executor.budgetReached ? 'budget' : 'lane_stopped';
          skipped[reason] = (skipped[reason] ?? 0) + 1;
          continue;
        }
        void one(sample).then(
          () => slots.release(),
          (error: unknown) => slots.fail(error),
        );
      }
      await slots.drained();
      if (Object.keys(skipped).length) result.skipped[name] = skipped;
      if (pool.stoppedReason !== undefined) result.stopped[name] = pool.stoppedReason;
    }));
  } finally {
    writer.flush();
  }
  return result;
}

type AnswerFields = Pick<CallRecord, 'response' | 'finishReason' | 'inputTokens' | 'outputTokens' | 'estimated' | 'latencyMs' | 'costUsd'>;

function answerOf(hit: AnswerFields): AnswerFields {
  const { response, finishReason, inputTokens, outputTokens, estimated, latencyMs, costUsd } = hit;
  return { response, finishReason, inputTokens, outputTokens, estimated, latencyMs, costUsd };
}

function recordOf(
  row: Pick<CallRecord, 'runId' | 'sampleId' | 'lane' | 'provider' | 'model' | 'baseUrl' | 'requestHash'>,
  outcome: Exclude<CallOutcome, { kind: 'skipped' }>,
  cachedFrom: number | undefined,
): CallRecord {
  const attempts = outcome.shared ? 0 : outcome.attempts;
  if (outcome.kind === 'error') {
    return { ...row, estimated: false, latencyMs: outcome.latencyMs, attempts, status: outcome.errorClass, errorMessage: outcome.message };
  }
  const { result } = outcome;
  return {
    ...row,
    response: result.text,
    finishReason: result.finishReason,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    estimated: result.estimated ?? false,
    latencyMs: outcome.latencyMs,
    costUsd: outcome.costUsd,
    attempts,
    status: 'ok',
    cachedFrom,
  };
}

/** At most `size` tasks in flight; the first task error is rethrown by acquire/drained. */
class Slots {
  private used = 0;
  private error: unknown;
  private failed = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    while (this.used >= this.size && !this.failed) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.failed) throw this.error;
    this.used += 1;
  }

  release(): void {
    this.used -= 1;
    this.wake();
  }

  fail(error: unknown): void {
    this.used -= 1;
    if (!this.failed) {
      this.failed = true;
      this.error = error;
    }
    this.wake();
  }

  async drained(): Promise<void> {
    while (this.used > 0) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.failed) throw this.error;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
