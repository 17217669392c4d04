import { InputError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { latestRun } from '../store/runs.js';
import { resolveDataset } from './commands/embed.js';

/** The newest run of the named (or default) dataset. */
export function latestRunId(db: Db, datasetName: string | undefined): string {
  const dataset = resolveDataset(db, datasetName);
  const run = latestRun(db, dataset.id);
  if (!run) throw new InputError(`dataset "${dataset.name}" has no runs; run "router-eval replay" first`);
  return run.id;
}
