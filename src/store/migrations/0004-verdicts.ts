import type { Migration } from './index.js';

export const verdicts: Migration = {
  version: 4,
  name: 'verdicts, run verdicts, judge reports',
  sql: `
    -- What a judge is (identity JSON without limits, pricing or keys), by its hash.
    CREATE TABLE judge_specs (
      hash TEXT PRIMARY KEY,
      spec TEXT NOT NULL
    );

    -- One judge's decision on one pair, content-addressed: the same judge on the same
    -- sample and answers is never asked twice. Errors are stored too (never guessed)
    -- and are re-attempted on the next judging pass. raw holds every judge reply (JSON array).
    CREATE TABLE verdicts (
      judge_hash TEXT NOT NULL REFERENCES judge_specs(hash),
      pair_hash TEXT NOT NULL,
      judge_type TEXT NOT NULL,
      verdict TEXT CHECK (verdict IN ('cheap_better', 'tie', 'cheap_worse')),
      reason TEXT,
      consistent INTEGER,
      acceptable INTEGER,
      confidence REAL,
      raw TEXT NOT NULL,
      error_class TEXT,
      error_message TEXT,
      calls INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      cost_usd REAL NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (judge_hash, pair_hash),
      CHECK ((verdict IS NULL) <> (error_class IS NULL))
    );

    -- Which verdict a run uses for each sample and compared lane: role 'verdict' is the
    -- pair's verdict, 'single' the cascade judge's view of the lane's answer alone.
    CREATE TABLE run_verdicts (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      sample_id TEXT NOT NULL,
      lane TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('verdict', 'single')),
      judge_hash TEXT NOT NULL,
      pair_hash TEXT NOT NULL,
      PRIMARY KEY (run_id, sample_id, lane, role),
      FOREIGN KEY (judge_hash, pair_hash) REFERENCES verdicts(judge_hash, pair_hash)
    );

    -- The reliability figures printed with every judging pass, per compared lane.
    CREATE TABLE judge_reports (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      lane TEXT NOT NULL,
      judge_config TEXT NOT NULL,
      figures TEXT NOT NULL,
      spent_usd REAL NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, lane)
    );
  `,
};
