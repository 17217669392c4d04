import { InputError } from '../domain/errors.js';
import { readAnalysis } from '../store/analyses.js';
import type { Db } from '../store/db.js';
import { listRuns } from '../store/runs.js';
import { resolveDataset } from './commands/embed.js';

/**
 * The run a command works on when none is named: for `report`, the newest run with a
 * stored analysis; for `judge` and `analyse`, the newest complete run; so a newer run that
 * failed or was interrupted does not hide the last good one. Falls back to the newest run,
 * whose own state the command then explains.
 */
export function latestRunId(db: Db, datasetName: string | undefined, want: 'analysed' | 'complete'): string {
  const dataset = resolveDataset(db, datasetName);
  const runs = listRuns(db, dataset.id);
  if (runs.length === 0) throw new InputError(`dataset "${dataset.name}" has no runs; run "router-eval replay" first`);
  const complete = runs.find((run) => run.status === 'complete');
  const chosen = want === 'analysed' ? (runs.find((run) => readAnalysis(db, run.id) !== undefined) ?? complete) : complete;
  return (chosen ?? runs[0]!).id;
}
