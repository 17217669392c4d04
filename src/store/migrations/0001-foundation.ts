import type { Migration } from './index.js';

export const foundation: Migration = {
  version: 1,
  name: 'datasets, samples, quarantine',
  sql: `
    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    );

    -- One row per distinct sample content in a dataset. body is the canonical
    -- sample JSON (validated with zod again when read back).
    CREATE TABLE samples (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      content_hash TEXT NOT NULL,
      tag TEXT,
      timestamp TEXT,
      body TEXT NOT NULL,
      source_file TEXT NOT NULL,
      source_line INTEGER NOT NULL,
      PRIMARY KEY (dataset_id, id)
    );
    CREATE UNIQUE INDEX samples_content ON samples(dataset_id, content_hash);
    CREATE INDEX samples_seq ON samples(dataset_id, seq);

    CREATE TABLE quarantine (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      file TEXT NOT NULL,
      line INTEGER NOT NULL,
      field TEXT NOT NULL,
      reason TEXT NOT NULL,
      raw TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (dataset_id, file, line, reason)
    );
  `,
};
