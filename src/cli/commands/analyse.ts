import type { Command } from 'commander';
import { analyseRun } from '../../pipeline/analyse.js';
import { loadReport } from '../../report/summary.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import { latestRunId } from '../runs.js';
import { printReport } from './report.js';
import { share } from '../flags.js';

interface AnalyseFlags extends CommonFlags {
  run?: string;
  dataset?: string;
  holdout?: number;
}

export function registerAnalyse(program: Command): void {
  withCommonOptions(
    program
      .command('analyse')
      .alias('analyze')
      .summary('(re)analyse a stored, judged run: cluster decisions, segment flags, headline figures')
      .description(
        'Analyse a judged run with the config\'s "routing", "segments" and "holdout" sections: per-cluster pass rates ' +
          'and decisions, segment slices and overrides, headline figures and router patterns. Nothing is called; the ' +
          'result replaces the run\'s stored analysis and is printed like "router-eval report".',
      )
      .option('--run <id>', 'run to analyse (default: the latest complete run of the dataset)')
      .option('-d, --dataset <name>', 'dataset whose latest run is analysed (default: config "dataset" or the most recent one)')
      .option('--holdout <fraction>', 'fit on the earlier 1-FRACTION, report on the rest (by time when timestamped)', share('--holdout', { open: true })),
  )
    .addHelpText('after', '\nExamples:\n  $ router-eval analyse\n  $ router-eval analyse --run r-20250101-120000-ab12 --holdout 0.3 --json')
    .action((flags: AnalyseFlags) => {
      const context = createContext(flags);
      const db = context.openDb();
      try {
        const runId = flags.run ?? latestRunId(db, flags.dataset ?? context.loaded.config.dataset, 'complete');
        context.out.log(`analyse: run ${runId}…`);
        analyseRun(db, { runId, config: context.loaded.config, holdout: flags.holdout });
        printReport(context.out, loadReport(db, runId)!);
      } finally {
        db.close();
      }
    });
}
