import type { Migration } from './index.js';

export const analyses: Migration = {
  version: 5,
  name: 'analyses',
  sql: `
    -- The latest analysis of a run (re-analysing replaces it): context holds what it was
    -- computed from (lanes, policies, holdout, cluster labels), analysis the pure core's
    -- result. Both JSON, parsed with zod on read.
    CREATE TABLE analyses (
      run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      context TEXT NOT NULL,
      analysis TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
  `,
};
