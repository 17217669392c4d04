import { InputError } from '../domain/errors.js';
import type { Db } from './db.js';

export interface DatasetRow {
  id: number;
  name: string;
  createdAt: string;
}

/** The dataset with this name, created when absent. */
export function ensureDataset(db: Db, name: string): DatasetRow {
  db.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(
    name,
    new Date().toISOString(),
  );
  return getDataset(db, name);
}

/** The dataset with this name; a clear error listing the known ones when it does not exist. */
export function getDataset(db: Db, name: string): DatasetRow {
  const row = db.prepare('SELECT id, name, created_at AS createdAt FROM datasets WHERE name = ?').get(name) as
    | DatasetRow
    | undefined;
  if (row) return row;
  const known = listDatasets(db).map((d) => d.name);
  throw new InputError(
    `dataset "${name}" not found in ${db.name}` +
      (known.length ? `; known datasets: ${known.join(', ')}` : '; ingest some traffic first'),
  );
}

export function listDatasets(db: Db): (DatasetRow & { samples: number; quarantined: number })[] {
  return db
    .prepare(
      `SELECT d.id, d.name, d.created_at AS createdAt,
              (SELECT COUNT(*) FROM samples s WHERE s.dataset_id = d.id) AS samples,
              (SELECT COUNT(*) FROM quarantine q WHERE q.dataset_id = d.id) AS quarantined
         FROM datasets d ORDER BY d.id`,
    )
    .all() as (DatasetRow & { samples: number; quarantined: number })[];
}

/**
 * The dataset a command works on when none is named: the only one, or the most recent
 * one, which is what an analyst who just ingested expects.
 */
export function defaultDataset(db: Db): DatasetRow {
  const row = db.prepare('SELECT id, name, created_at AS createdAt FROM datasets ORDER BY id DESC LIMIT 1').get() as
    | DatasetRow
    | undefined;
  if (!row) throw new InputError(`no dataset in ${db.name}; run "router-eval ingest <files>" first`);
  return row;
}

export function datasetExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
}

/** Removes a dataset that holds no sample and no quarantined row (an ingest that stopped on a usage error). */
export function dropEmptyDataset(db: Db, id: number): void {
  db.prepare(
    `DELETE FROM datasets WHERE id = ?
       AND NOT EXISTS (SELECT 1 FROM samples WHERE dataset_id = ?)
       AND NOT EXISTS (SELECT 1 FROM quarantine WHERE dataset_id = ?)`,
  ).run(id, id, id);
}
