import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import type { Db } from './db.js';

export const RUN_STATUSES = ['running', 'complete', 'interrupted', 'failed', 'incomplete'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface Run {
  id: string;
  datasetId: number;
  /** The frozen config the run was started with (no secrets). */
  config: Record<string, unknown>;
  configHash: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  clusteringId?: number;
  /** Written when the run stops; stages add their own sections. */
  summary?: Record<string, unknown>;
}

const JsonObjectSchema = z.record(z.string(), z.unknown());

interface RunRow {
  id: string;
  dataset_id: number;
  config: string;
  config_hash: string;
  status: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  clustering_id: number | null;
  summary: string | null;
}

const COLUMNS = 'id, dataset_id, config, config_hash, status, created_at, updated_at, finished_at, clustering_id, summary';

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    config: JsonObjectSchema.parse(JSON.parse(row.config)),
    configHash: row.config_hash,
    status: z.enum(RUN_STATUSES).parse(row.status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at ?? undefined,
    clusteringId: row.clustering_id ?? undefined,
    summary: row.summary === null ? undefined : JsonObjectSchema.parse(JSON.parse(row.summary)),
  };
}

/** A run id people can read and type: r-YYYYMMDD-HHMMSS-xxxx (UTC, 4 random hex digits). */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `r-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function createRun(db: Db, input: { datasetId: number; config: Record<string, unknown>; configHash: string }): Run {
  const now = new Date();
  const id = newRunId(now);
  db.prepare(
    `INSERT INTO runs (id, dataset_id, config, config_hash, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'running', ?, ?)`,
  ).run(id, input.datasetId, JSON.stringify(input.config), input.configHash, now.toISOString(), now.toISOString());
  return getRun(db, id);
}

export function findRun(db: Db, id: string): Run | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

/** The run with this id; an InputError naming the latest runs when it does not exist. */
export function getRun(db: Db, id: string): Run {
  const run = findRun(db, id);
  if (run) return run;
  const recent = listRuns(db).slice(0, 5).map((r) => r.id);
  throw new InputError(`run "${id}" not found in ${db.name}` + (recent.length ? `; latest runs: ${recent.join(', ')}` : '; no runs yet'));
}

/** Newest first; optionally of one dataset. */
export function listRuns(db: Db, datasetId?: number): Run[] {
  const rows =
    datasetId === undefined
      ? db.prepare(`SELECT ${COLUMNS} FROM runs ORDER BY created_at DESC, rowid DESC`).all()
      : db.prepare(`SELECT ${COLUMNS} FROM runs WHERE dataset_id = ? ORDER BY created_at DESC, rowid DESC`).all(datasetId);
  return (rows as RunRow[]).map(toRun);
}

/** The newest run of a dataset, optionally with a given status (judge and analysis pick their run this way). */
export function latestRun(db: Db, datasetId: number, status?: RunStatus): Run | undefined {
  return listRuns(db, datasetId).find((run) => status === undefined || run.status === status);
}

/**
 * The newest unfinished run (running after a kill -9, interrupted, incomplete or failed)
 * of this dataset with this config: what re-running the same command resumes.
 */
export function latestIncompleteRun(db: Db, datasetId: number, configHash: string): Run | undefined {
  const row = db
    .prepare(
      `SELECT ${COLUMNS} FROM runs WHERE dataset_id = ? AND config_hash = ? AND status != 'complete'
        ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .get(datasetId, configHash) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function setRunStatus(db: Db, id: string, status: RunStatus, summary?: Record<string, unknown>): void {
  const now = new Date().toISOString();
  db.prepare(
    `UPDATE runs SET status = ?, updated_at = ?, finished_at = ?, summary = COALESCE(?, summary) WHERE id = ?`,
  ).run(status, now, status === 'running' ? null : now, summary === undefined ? null : JSON.stringify(summary), id);
}

export function setRunClustering(db: Db, id: string, clusteringId: number): void {
  db.prepare('UPDATE runs SET clustering_id = ?, updated_at = ? WHERE id = ?').run(clusteringId, new Date().toISOString(), id);
}

/** Adds what one judge pass paid to the run's running total. */
export function addJudgeSpend(db: Db, id: string, usd: number): void {
  db.prepare('UPDATE runs SET judge_spent_usd = judge_spent_usd + ? WHERE id = ?').run(usd, id);
}

/** What every judge pass of the run has paid, USD. */
export function judgeSpend(db: Db, id: string): number {
  return db.prepare('SELECT judge_spent_usd FROM runs WHERE id = ?').pluck().get(id) as number;
}
