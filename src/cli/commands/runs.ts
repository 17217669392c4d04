import type { Command } from 'commander';
import { diffRuns, listRunRows } from '../../pipeline/runsDiff.js';
import { callFigures } from '../../report/ciSummary.js';
import { formatLaneSummaries, summarizeLanes } from '../../report/replaySummary.js';
import { formatRunRows, formatRunsDiff } from '../../report/runsText.js';
import { loadReport } from '../../report/summary.js';
import { formatReport } from '../../report/terminal.js';
import { listCalls } from '../../store/calls.js';
import { getRun } from '../../store/runs.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import { positiveInt } from '../flags.js';

interface ListFlags extends CommonFlags {
  dataset?: string;
  limit?: number;
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').summary('run history: list runs, show one, diff two').description('Run history kept in the store.');
  withCommonOptions(
    runs
      .command('list')
      .description('Runs, newest first: id, dataset, status, samples, spend and headline figures (diversion, regression, saving).')
      .option('-d, --dataset <name>', 'only runs of this dataset')
      .option('-n, --limit <n>', 'at most this many runs', positiveInt('--limit')),
  ).action((flags: ListFlags) => {
    const context = createContext(flags);
    const db = context.openDb();
    try {
      const rows = listRunRows(db, { dataset: flags.dataset, limit: flags.limit });
      if (context.out.json) context.out.printJson(rows);
      else context.out.print(formatRunRows(rows));
    } finally {
      db.close();
    }
  });
  withCommonOptions(
    runs
      .command('show')
      .description("One run: status, lanes (calls, reuse, spend, latency) and its report when it was analysed.")
      .argument('<run>', 'run id'),
  ).action((runId: string, flags: CommonFlags) => {
    const context = createContext(flags);
    const db = context.openDb();
    try {
      const run = getRun(db, runId);
      const report = loadReport(db, run.id) ?? null;
      const stored = listCalls(db, run.id);
      const calls = callFigures(stored);
      const laneList = [...new Map(stored.map((c) => [c.lane, { lane: c.lane, provider: c.provider, model: c.model }])).values()];
      const lanes = summarizeLanes(stored, laneList, new Set(stored.map((c) => c.sampleId)).size);
      if (context.out.json) {
        context.out.printJson({ id: run.id, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt ?? null, lanes, calls, report });
        return;
      }
      const lines = [
        `run ${run.id}: ${run.status}, started ${run.createdAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
        `calls: ${calls.new} new ($${calls.spentUsd.toFixed(4)}), ${calls.reused} reused (saved $${calls.savedUsd.toFixed(4)})${calls.recorded ? `, ${calls.recorded} recorded` : ''}`,
      ];
      if (lanes.length) lines.push(formatLaneSummaries(lanes));
      lines.push('', report ? formatReport(report) : `not analysed yet: router-eval report --run ${run.id}`);
      context.out.print(lines.join('\n'));
    } finally {
      db.close();
    }
  });
  withCommonOptions(
    runs
      .command('diff')
      .description(
        'Compare two analysed runs: clusters whose decision flipped, pass-rate changes with a two-proportion test (BH ' +
          'across clusters), segment flags that appeared or cleared, spend and latency. When the runs clustered ' +
          'differently, clusters are matched by centroid similarity and the match quality is reported.',
      )
      .argument('<a>', 'earlier run id')
      .argument('<b>', 'later run id'),
  ).action((a: string, b: string, flags: CommonFlags) => {
    const context = createContext(flags);
    const db = context.openDb();
    try {
      const diff = diffRuns(db, a, b);
      if (context.out.json) context.out.printJson(diff);
      else context.out.print(formatRunsDiff(diff));
    } finally {
      db.close();
    }
  });
}
