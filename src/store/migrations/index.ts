import { foundation } from './0001-foundation.js';
import { embeddingsClusters } from './0002-embeddings-clusters.js';
import { runsCalls } from './0003-runs-calls.js';
import { verdicts } from './0004-verdicts.js';
import { analyses } from './0005-analyses.js';
import { routingTables } from './0006-routing-tables.js';
import { runJudgeSpend } from './0007-run-judge-spend.js';

export interface Migration {
  /** Strictly increasing; a migration, once released, is never edited: add a new one. */
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. Later issues append here. */
export const migrations: readonly Migration[] = [foundation, embeddingsClusters, runsCalls, verdicts, analyses, routingTables, runJudgeSpend];
