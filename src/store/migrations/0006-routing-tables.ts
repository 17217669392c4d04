import type { Migration } from './index.js';

export const routingTables: Migration = {
  version: 6,
  name: 'routing tables',
  sql: `
    -- Every routing table exported from a run, as written to its file: body is the
    -- table's JSON (checksum included), parsed with zod on read.
    CREATE TABLE routing_tables (
      id INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      checksum TEXT NOT NULL,
      created_at TEXT NOT NULL,
      body TEXT NOT NULL
    );
    CREATE INDEX routing_tables_run ON routing_tables (run_id, id);
  `,
};
