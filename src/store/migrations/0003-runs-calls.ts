import type { Migration } from './index.js';

export const runsCalls: Migration = {
  version: 3,
  name: 'runs, calls',
  sql: `
    -- One replay of a dataset through the lanes. config is the frozen config (JSON,
    -- no secrets: keys live only in env vars); config_hash identifies "the same
    -- command" for resuming. summary is JSON written when the run stops.
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      config TEXT NOT NULL,
      config_hash TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted', 'failed', 'incomplete')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      finished_at TEXT,
      clustering_id INTEGER REFERENCES clusterings(id),
      summary TEXT
    );
    CREATE INDEX runs_dataset ON runs(dataset_id, config_hash, created_at);

    -- One lane's answer (or classified failure) for one sample in one run.
    -- cached_from names the call whose answer was reused instead of calling again.
    CREATE TABLE calls (
      id INTEGER PRIMARY KEY,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      sample_id TEXT NOT NULL,
      lane TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      base_url TEXT,
      request_hash TEXT NOT NULL,
      response TEXT,
      finish_reason TEXT,
      input_tokens INTEGER,
      output_tokens INTEGER,
      estimated INTEGER NOT NULL DEFAULT 0,
      latency_ms INTEGER,
      cost_usd REAL,
      attempts INTEGER NOT NULL,
      status TEXT NOT NULL,
      error_message TEXT,
      cached_from INTEGER,
      created_at TEXT NOT NULL,
      UNIQUE (run_id, sample_id, lane)
    );
    CREATE INDEX calls_cache ON calls(request_hash, id) WHERE status = 'ok';
  `,
};
