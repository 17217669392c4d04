import { z } from 'zod';
import { CALL_ERROR_CLASSES } from '../domain/call.js';
import { VERDICTS, type Verdict } from '../domain/verdict.js';
import type { ReliabilityFigures } from '../judge/reliability.js';
import type { JudgeErrorClass, JudgeOutcome, JudgeUsage } from '../judge/types.js';
import type { Db } from './db.js';

export type VerdictRole = 'verdict' | 'single';

/** One stored judge decision (or error) on one pair. */
export interface StoredVerdict {
  judgeHash: string;
  pairHash: string;
  judgeType: string;
  outcome: JudgeOutcome;
  createdAt: string;
}

/** A run's verdict for one sample and compared lane, joined with the decision. */
export interface RunVerdict extends StoredVerdict {
  runId: string;
  sampleId: string;
  lane: string;
  role: VerdictRole;
}

const RawSchema = z.array(z.string());
const ErrorClassSchema = z.enum([...CALL_ERROR_CLASSES, 'missing']) satisfies z.ZodType<JudgeErrorClass>;

interface VerdictRow {
  judge_hash: string;
  pair_hash: string;
  judge_type: string;
  verdict: string | null;
  reason: string | null;
  consistent: number | null;
  acceptable: number | null;
  confidence: number | null;
  raw: string;
  error_class: string | null;
  error_message: string | null;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  created_at: string;
}

const COLUMNS = `v.judge_hash, v.pair_hash, v.judge_type, v.verdict, v.reason, v.consistent, v.acceptable, v.confidence,
  v.raw, v.error_class, v.error_message, v.calls, v.input_tokens, v.output_tokens, v.cost_usd, v.created_at`;

function toStored(row: VerdictRow): StoredVerdict {
  const raw = RawSchema.parse(JSON.parse(row.raw));
  const usage: JudgeUsage = { calls: row.calls, inputTokens: row.input_tokens, outputTokens: row.output_tokens, costUsd: row.cost_usd };
  const outcome: JudgeOutcome =
    row.verdict !== null
      ? {
          status: 'ok',
          verdict: z.enum(VERDICTS).parse(row.verdict) as Verdict,
          reason: row.reason ?? '',
          ...(row.consistent !== null ? { consistent: row.consistent === 1 } : {}),
          ...(row.acceptable !== null ? { acceptable: row.acceptable === 1 } : {}),
          ...(row.confidence !== null ? { confidence: row.confidence } : {}),
          raw,
          usage,
        }
      : {
          status: 'error',
          errorClass: ErrorClassSchema.parse(row.error_class),
          message: row.error_message ?? '',
          raw,
          usage,
        };
  return { judgeHash: row.judge_hash, pairHash: row.pair_hash, judgeType: row.judge_type, outcome, createdAt: row.created_at };
}

export interface VerdictWrite {
  runId: string;
  sampleId: string;
  lane: string;
  role: VerdictRole;
  judgeHash: string;
  judgeType: string;
  pairHash: string;
  /** Absent when the stored verdict is reused as it is: only the run's link is written. */
  outcome?: JudgeOutcome;
}

export interface VerdictStore {
  /** The stored decision of this judge on this pair, errors included. */
  find(judgeHash: string, pairHash: string): StoredVerdict | undefined;
  /** Records the judge's identity once. */
  saveSpec(judgeHash: string, spec: unknown): void;
  /** Writes decisions (replacing an earlier error) and the run's links, in one transaction. */
  write(writes: readonly VerdictWrite[]): void;
}

export function verdictStore(db: Db): VerdictStore {
  const find = db.prepare(`SELECT ${COLUMNS} FROM verdicts v WHERE v.judge_hash = ? AND v.pair_hash = ?`);
  const spec = db.prepare('INSERT INTO judge_specs (hash, spec) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING');
  const upsert = db.prepare(
    `INSERT INTO verdicts (judge_hash, pair_hash, judge_type, verdict, reason, consistent, acceptable, confidence, raw,
       error_class, error_message, calls, input_tokens, output_tokens, cost_usd, created_at)
     VALUES (@judgeHash, @pairHash, @judgeType, @verdict, @reason, @consistent, @acceptable, @confidence, @raw,
       @errorClass, @errorMessage, @calls, @inputTokens, @outputTokens, @costUsd, @createdAt)
     ON CONFLICT (judge_hash, pair_hash) DO UPDATE SET
       verdict = excluded.verdict, reason = excluded.reason, consistent = excluded.consistent,
       acceptable = excluded.acceptable, confidence = excluded.confidence, raw = excluded.raw,
       error_class = excluded.error_class, error_message = excluded.error_message, calls = excluded.calls,
       input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd,
       created_at = excluded.created_at`,
  );
  const link = db.prepare(
    `INSERT INTO run_verdicts (run_id, sample_id, lane, role, judge_hash, pair_hash) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, sample_id, lane, role) DO UPDATE SET judge_hash = excluded.judge_hash, pair_hash = excluded.pair_hash`,
  );
  const writeAll = db.transaction((writes: readonly VerdictWrite[]) => {
    const now = new Date().toISOString();
    for (const w of writes) {
      if (w.outcome) upsert.run(rowOf(w, w.outcome, now));
      link.run(w.runId, w.sampleId, w.lane, w.role, w.judgeHash, w.pairHash);
    }
  });
  return {
    find(judgeHash, pairHash) {
      const row = find.get(judgeHash, pairHash) as VerdictRow | undefined;
      return row ? toStored(row) : undefined;
    },
    saveSpec(judgeHash, value) {
      spec.run(judgeHash, JSON.stringify(value));
    },
    write(writes) {
      if (writes.length) writeAll(writes);
    },
  };
}

function rowOf(w: VerdictWrite, outcome: JudgeOutcome, now: string): Record<string, unknown> {
  const ok = outcome.status === 'ok' ? outcome : undefined;
  const failed = outcome.status === 'error' ? outcome : undefined;
  const bit = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0);
  return {
    judgeHash: w.judgeHash,
    pairHash: w.pairHash,
    judgeType: w.judgeType,
    verdict: ok?.verdict ?? null,
    reason: ok?.reason ?? null,
    consistent: bit(ok?.consistent),
    acceptable: bit(ok?.acceptable),
    confidence: ok?.confidence ?? null,
    raw: JSON.stringify(outcome.raw),
    errorClass: failed?.errorClass ?? null,
    errorMessage: failed?.message ?? null,
    calls: outcome.usage.calls,
    inputTokens: outcome.usage.inputTokens,
    outputTokens: outcome.usage.outputTokens,
    costUsd: outcome.usage.costUsd,
    createdAt: now,
  };
}

/** Every verdict a run uses (optionally one role), in sample then lane order: what analysis reads. */
export function listRunVerdicts(db: Db, runId: string, role?: VerdictRole): RunVerdict[] {
  const rows = db
    .prepare(
      `SELECT rv.run_id, rv.sample_id, rv.lane, rv.role, ${COLUMNS}
         FROM run_verdicts rv JOIN verdicts v ON v.judge_hash = rv.judge_hash AND v.pair_hash = rv.pair_hash
        WHERE rv.run_id = ? AND (? IS NULL OR rv.role = ?)
        ORDER BY rv.sample_id, rv.lane, rv.role`,
    )
    .all(runId, role ?? null, role ?? null) as (VerdictRow & { run_id: string; sample_id: string; lane: string; role: string })[];
  return rows.map((row) => ({
    ...toStored(row),
    runId: row.run_id,
    sampleId: row.sample_id,
    lane: row.lane,
    role: z.enum(['verdict', 'single']).parse(row.role),
  }));
}

/** A judging pass's figures for one compared lane. */
export interface JudgeReport {
  runId: string;
  lane: string;
  /** The judge section as configured (it holds env var names, never keys). */
  judgeConfig: unknown;
  figures: ReliabilityFigures;
  single?: ReliabilityFigures;
  /** What this pass paid the judge (reused verdicts cost nothing). */
  spentUsd: number;
  createdAt: string;
}

const UsageSchema = z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });
const FiguresSchema: z.ZodType<ReliabilityFigures> = z.object({
  items: z.number(),
  judged: z.number(),
  errors: z.number(),
  errorsByClass: z.partialRecord(ErrorClassSchema, z.number()),
  parseFailureRate: z.number(),
  verdicts: z.object({ cheap_better: z.number(), tie: z.number(), cheap_worse: z.number() }),
  consistency: z.object({ pairs: z.number(), consistent: z.number(), rate: z.number().nullable() }),
  cost: UsageSchema,
  agreement: z.object({ n: z.number(), accuracy: z.number(), kappa: z.number().nullable() }).nullable(),
});
const ReportFiguresSchema = z.object({ figures: FiguresSchema, single: FiguresSchema.optional() });

export function saveJudgeReport(db: Db, report: Omit<JudgeReport, 'createdAt'>): void {
  db.prepare(
    `INSERT INTO judge_reports (run_id, lane, judge_config, figures, spent_usd, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, lane) DO UPDATE SET judge_config = excluded.judge_config, figures = excluded.figures,
       spent_usd = excluded.spent_usd, created_at = excluded.created_at`,
  ).run(
    report.runId,
    report.lane,
    JSON.stringify(report.judgeConfig),
    JSON.stringify({ figures: report.figures, single: report.single }),
    report.spentUsd,
    new Date().toISOString(),
  );
}

export function listJudgeReports(db: Db, runId: string): JudgeReport[] {
  const rows = db
    .prepare('SELECT run_id, lane, judge_config, figures, spent_usd, created_at FROM judge_reports WHERE run_id = ? ORDER BY lane')
    .all(runId) as { run_id: string; lane: string; judge_config: string; figures: string; spent_usd: number; created_at: string }[];
  return rows.map((row) => {
    const { figures, single } = ReportFiguresSchema.parse(JSON.parse(row.figures));
    return {
      runId: row.run_id,
      lane: row.lane,
      judgeConfig: JSON.parse(row.judge_config) as unknown,
      figures,
      ...(single ? { single } : {}),
      spentUsd: row.spent_usd,
      createdAt: row.created_at,
    };
  });
}

/** Detaches a run from its verdicts and judge reports before it is judged again (the verdicts stay, keyed by judge and pair). */
export function clearRunVerdicts(db: Db, runId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM run_verdicts WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM judge_reports WHERE run_id = ?').run(runId);
  })();
}
