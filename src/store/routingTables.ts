import { parseRoutingTable } from '../artifact/runtime.js';
import type { RoutingTable } from '../artifact/schema.js';
import type { Db } from './db.js';

export interface StoredRoutingTable {
  id: number;
  runId: string;
  table: RoutingTable;
}

/** Stores an exported table (every export is kept); returns its row id. */
export function saveRoutingTable(db: Db, table: RoutingTable): number {
  const result = db
    .prepare('INSERT INTO routing_tables (run_id, checksum, created_at, body) VALUES (?, ?, ?, ?)')
    .run(table.source.runId, table.checksum, table.createdAt, JSON.stringify(table));
  return Number(result.lastInsertRowid);
}

/** The run's most recent table, validated (schema and checksum) like a file; undefined when none was exported. */
export function latestRoutingTable(db: Db, runId: string): StoredRoutingTable | undefined {
  const row = db
    .prepare('SELECT id, body FROM routing_tables WHERE run_id = ? ORDER BY id DESC LIMIT 1')
    .get(runId) as { id: number; body: string } | undefined;
  if (!row) return undefined;
  return { id: row.id, runId, table: parseRoutingTable(row.body, `routing table ${row.id} of run ${runId} in ${db.name}`) };
}
