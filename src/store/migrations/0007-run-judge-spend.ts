import type { Migration } from './index.js';

export const runJudgeSpend: Migration = {
  version: 7,
  name: 'judge spend per run, over every judge pass',
  sql: `
    -- Judge reports hold the figures of the latest pass only; the budget and the CI
    -- summary need what every pass of the run paid the judge.
    ALTER TABLE runs ADD COLUMN judge_spent_usd REAL NOT NULL DEFAULT 0;
  `,
};
