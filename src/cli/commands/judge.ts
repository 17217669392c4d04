import type { Command } from 'commander';
import { IncompleteRunError, InputError, InterruptedError } from '../../domain/errors.js';
import { executorFromConfig } from '../../exec/fromConfig.js';
import { formatReliability } from '../../judge/reliability.js';
import { judgeRun, type JudgeRunSummary } from '../../pipeline/judge.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';
import { latestRunId } from '../runs.js';
import { positiveNumber } from '../flags.js';

interface JudgeFlags extends CommonFlags {
  run?: string;
  dataset?: string;
  maxCost?: number;
}

export function registerJudge(program: Command): void {
  withCommonOptions(
    program
      .command('judge')
      .summary("(re)judge a stored run's calls and print the judge's reliability")
      .description(
        'Judge every compared lane of a stored run against its strong lane with the config\'s "judge" section, ' +
          'over the stored calls (the lanes are never called again). Pairs this judge already decided are reused; ' +
          'a new judge pays only for the judge. Prints position consistency, verdict distribution, parse failures, ' +
          'judge cost and, where samples carry labels, agreement with them.',
      )
      .option('--run <id>', 'run to judge (default: the latest complete run of the dataset)')
      .option('-d, --dataset <name>', 'dataset whose latest run is judged (default: config "dataset" or the most recent one)')
      .option('--max-cost <usd>', 'stop scheduling judge calls before this spend (USD)', positiveNumber('--max-cost', 'a positive amount in USD')),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ router-eval judge\n  $ router-eval judge --run r-20250101-120000-ab12 --config judge-gpt4o.json --json',
    )
    .action(async (flags: JudgeFlags) => {
      const context = createContext(flags);
      const { out, loaded } = context;
      const judge = loaded.config.judge;
      if (!judge) throw new InputError(`${loaded.path ?? 'config'}: no "judge" section; add one (e.g. {"type": "labels"})`);
      const db = context.openDb();
      const executor = executorFromConfig(loaded.config.executor, { maxCostUsd: flags.maxCost });
      const onSignal = (): void => executor.interrupt();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const runId = flags.run ?? latestRunId(db, flags.dataset ?? loaded.config.dataset, 'complete');
        out.log(`judge: run ${runId} with the ${judge.type} judge…`);
        const summary = await judgeRun(db, { runId, judge, executor, env: process.env });
        if (out.json) out.printJson(summary);
        else printSummary(out, summary);
        const skipped = Object.entries(summary.skipped);
        if (executor.interrupted) throw new InterruptedError(`interrupted; judged pairs are stored: run "router-eval judge --run ${runId}" to finish`);
        if (skipped.length) {
          throw new IncompleteRunError(
            `${skipped.map(([reason, n]) => `${n} pair(s) not judged (${reason})`).join(', ')}; ` +
              `run "router-eval judge --run ${runId}" again to finish (stored verdicts are reused)`,
          );
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
    });
}

function printSummary(out: Output, summary: JudgeRunSummary): void {
  out.print(
    `run ${summary.runId}: ${summary.judgedNow} decided now, ${summary.reused} reused from the store; ` +
      `judge spend $${summary.spentUsd.toFixed(4)} (lane spend not included)`,
  );
  for (const lane of summary.lanes) {
    out.print(`${lane.lane} vs ${summary.strongLane}:`);
    for (const line of formatReliability(lane.figures)) out.print(`  ${line}`);
    if (lane.single) {
      out.print(`  single judge (cascade signal) on ${lane.lane}:`);
      for (const line of formatReliability(lane.single)) out.print(`    ${line}`);
    }
  }
}
