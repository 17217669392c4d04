import { z } from 'zod';
import { CALL_ERROR_CLASSES, type CallStatus } from '../domain/call.js';
import type { Db } from './db.js';

/** One lane's answer or classified failure for one sample of a run, as stored. */
export interface CallRecord {
  runId: string;
  sampleId: string;
  lane: string;
  provider: string;
  model: string;
  baseUrl?: string;
  requestHash: string;
  response?: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Tokens (and so cost) estimated from text length, not reported by a provider. */
  estimated: boolean;
  latencyMs?: number;
  /** What this answer cost when it was made (also on reused rows, so per-lane costs compare). */
  costUsd?: number;
  /** Provider calls made for this row; 0 when the answer was reused. */
  attempts: number;
  status: CallStatus;
  errorMessage?: string;
  /** The call whose answer was reused, when served from the cache. */
  cachedFrom?: number;
}

export interface StoredCall extends CallRecord {
  id: number;
  createdAt: string;
}

const StatusSchema = z.enum(['ok', ...CALL_ERROR_CLASSES]);

interface CallRow {
  id: number;
  run_id: string;
  sample_id: string;
  lane: string;
  provider: string;
  model: string;
  base_url: string | null;
  request_hash: string;
  response: string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  estimated: number;
  latency_ms: number | null;
  cost_usd: number | null;
  attempts: number;
  status: string;
  error_message: string | null;
  cached_from: number | null;
  created_at: string;
}

const COLUMNS = `id, run_id, sample_id, lane, provider, model, base_url, request_hash, response, finish_reason,
  input_tokens, output_tokens, estimated, latency_ms, cost_usd, attempts, status, error_message, cached_from, created_at`;

function toCall(row: CallRow): StoredCall {
  return {
    id: row.id,
    runId: row.run_id,
    sampleId: row.sample_id,
    lane: row.lane,
    provider: row.provider,
    model: row.model,
    baseUrl: row.base_url ?? undefined,
    requestHash: row.request_hash,
    response: row.response ?? undefined,
    finishReason: row.finish_reason ?? undefined,
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    estimated: row.estimated === 1,
    latencyMs: row.latency_ms ?? undefined,
    costUsd: row.cost_usd ?? undefined,
    attempts: row.attempts,
    status: StatusSchema.parse(row.status),
    errorMessage: row.error_message ?? undefined,
    cachedFrom: row.cached_from ?? undefined,
    createdAt: row.created_at,
  };
}

export interface CallStore {
  /** Commits one call at once (WAL: a later kill -9 loses nothing committed); replaces an earlier row of the same (run, sample, lane). */
  save(record: CallRecord): number;
  /** The newest successful call with this request hash, from any run: the response cache. Errors are never served. */
  cached(requestHash: string): StoredCall | undefined;
}

/** Prepared statements for the hot path of a replay. */
export function callStore(db: Db): CallStore {
  const upsert = db.prepare(
    `INSERT INTO calls (run_id, sample_id, lane, provider, model, base_url, request_hash, response, finish_reason,
       input_tokens, output_tokens, estimated, latency_ms, cost_usd, attempts, status, error_message, cached_from, created_at)
     VALUES (@runId, @sampleId, @lane, @provider, @model, @baseUrl, @requestHash, @response, @finishReason,
       @inputTokens, @outputTokens, @estimated, @latencyMs, @costUsd, @attempts, @status, @errorMessage, @cachedFrom, @createdAt)
     ON CONFLICT (run_id, sample_id, lane) DO UPDATE SET
       provider = excluded.provider, model = excluded.model, base_url = excluded.base_url,
       request_hash = excluded.request_hash, response = excluded.response, finish_reason = excluded.finish_reason,
       input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, estimated = excluded.estimated,
       latency_ms = excluded.latency_ms, cost_usd = excluded.cost_usd, attempts = excluded.attempts,
       status = excluded.status, error_message = excluded.error_message, cached_from = excluded.cached_from,
       created_at = excluded.created_at
     RETURNING id`,
  );
  const lookup = db.prepare(`SELECT ${COLUMNS} FROM calls WHERE request_hash = ? AND status = 'ok' ORDER BY id DESC LIMIT 1`);
  return {
    save(record) {
      const row = upsert.get({
        runId: record.runId,
        sampleId: record.sampleId,
        lane: record.lane,
        provider: record.provider,
        model: record.model,
        baseUrl: record.baseUrl ?? null,
        requestHash: record.requestHash,
        response: record.response ?? null,
        finishReason: record.finishReason ?? null,
        inputTokens: record.inputTokens ?? null,
        outputTokens: record.outputTokens ?? null,
        estimated: record.estimated ? 1 : 0,
        latencyMs: record.latencyMs ?? null,
        costUsd: record.costUsd ?? null,
        attempts: record.attempts,
        status: record.status,
        errorMessage: record.errorMessage ?? null,
        cachedFrom: record.cachedFrom ?? null,
        createdAt: new Date().toISOString(),
      }) as { id: number };
      return row.id;
    },
    cached(requestHash) {
      const row = lookup.get(requestHash) as CallRow | undefined;
      return row ? toCall(row) : undefined;
    },
  };
}

/** Every call of a run (optionally one lane), in sample then lane order. */
export function listCalls(db: Db, runId: string, lane?: string): StoredCall[] {
  const rows =
    lane === undefined
      ? db.prepare(`SELECT ${COLUMNS} FROM calls WHERE run_id = ? ORDER BY sample_id, lane`).all(runId)
      : db.prepare(`SELECT ${COLUMNS} FROM calls WHERE run_id = ? AND lane = ? ORDER BY sample_id`).all(runId, lane);
  return (rows as CallRow[]).map(toCall);
}

/** The status already stored per sample for one lane of a run: what a resume skips. */
export function callStatuses(db: Db, runId: string, lane: string): Map<string, CallStatus> {
  const rows = db.prepare('SELECT sample_id, status FROM calls WHERE run_id = ? AND lane = ?').all(runId, lane) as {
    sample_id: string;
    status: string;
  }[];
  return new Map(rows.map((row) => [row.sample_id, StatusSchema.parse(row.status)]));
}

export interface CallBuffer {
  /** Queues a call; `committed` runs once it is in the store. */
  add(record: CallRecord, committed?: () => void): void;
  /** Commits everything queued, in one transaction. */
  flush(): void;
}

/**
 * Small batched transactions for the replay hot path: a commit per call costs more than
 * the rest of our per-call work. At most `maxRows` calls or `maxDelayMs` of completed
 * calls wait uncommitted; a call counts (progress, summary) only once committed.
 */
export function bufferedCalls(db: Db, store: CallStore, options: { maxRows?: number; maxDelayMs?: number } = {}): CallBuffer {
  const maxRows = options.maxRows ?? 64;
  const maxDelayMs = options.maxDelayMs ?? 50;
  let queue: { record: CallRecord; committed?: () => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const commit = db.transaction((rows: typeof queue) => {
    for (const row of rows) store.save(row.record);
  });
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const rows = queue;
    queue = [];
    commit(rows);
    for (const row of rows) row.committed?.();
  };
  return {
    add(record, committed) {
      queue.push({ record, committed });
      if (queue.length >= maxRows) flush();
      else timer ??= setTimeout(flush, maxDelayMs);
    },
    flush,
  };
}
