import type { Db } from './db.js';

export interface QuarantinedRow {
  file: string;
  line: number;
  /** Dotted path of the offending field, or "row" when the whole record is unusable. */
  field: string;
  reason: string;
  raw: string;
}

/** Raw text kept per bad row: enough to see the problem, bounded so one huge row cannot bloat the store. */
export const MAX_RAW_CHARS = 4096;

/** Records bad rows; quarantining the same row for the same reason again is a no-op. */
export function quarantineRows(db: Db, datasetId: number, rows: readonly QuarantinedRow[]): void {
  const insert = db.prepare(
    `INSERT INTO quarantine (dataset_id, file, line, field, reason, raw, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const row of rows) {
      insert.run(datasetId, row.file, row.line, row.field, row.reason, truncateRaw(row.raw), now);
    }
  })();
}

export function listQuarantine(db: Db, datasetId: number, limit = 1000): QuarantinedRow[] {
  return db
    .prepare('SELECT file, line, field, reason, raw FROM quarantine WHERE dataset_id = ? ORDER BY file, line LIMIT ?')
    .all(datasetId, limit) as QuarantinedRow[];
}

function truncateRaw(raw: string): string {
  return raw.length <= MAX_RAW_CHARS ? raw : `${raw.slice(0, MAX_RAW_CHARS)}… [${raw.length - MAX_RAW_CHARS} more chars]`;
}
