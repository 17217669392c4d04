import type { Command } from 'commander';
import { analyseRun } from '../../pipeline/analyse.js';
import { writeRunReportFile } from '../../report/html/write.js';
import { loadReport, type ReportDocument } from '../../report/summary.js';
import { formatReport } from '../../report/terminal.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';
import { latestRunId } from '../runs.js';

interface ReportFlags extends CommonFlags {
  run?: string;
  dataset?: string;
  html?: string;
}

export function registerReport(program: Command): void {
  withCommonOptions(
    program
      .command('report')
      .summary("print a run's analysis: headline figures, flagged segments, clusters")
      .description(
        'Print the stored analysis of a run on one screen: diversion rate, fallback rate, cost per request (routed vs ' +
          'all-strong), quality regression rate and p95 latency by lane, in-sample and on the holdout; judge reliability; ' +
          'flagged segments first; then clusters by traffic share. A run not analysed yet is analysed first with the ' +
          "config's routing, segments and holdout sections. --json prints the same as a versioned document (reportVersion).",
      )
      .option('--run <id>', 'run to report (default: the latest analysed run of the dataset)')
      .option('-d, --dataset <name>', 'dataset whose latest run is reported (default: config "dataset" or the most recent one)')
      .option('--html <file>', 'also write the report as one self-contained HTML page (charts inline, no network)'),
  )
    .addHelpText('after', '\nExamples:\n  $ router-eval report\n  $ router-eval report --run r-20250101-120000-ab12 --json | jq .headline')
    .action((flags: ReportFlags) => {
      const context = createContext(flags);
      const db = context.openDb();
      try {
        const runId = flags.run ?? latestRunId(db, flags.dataset ?? context.loaded.config.dataset, 'analysed');
        let doc = loadReport(db, runId);
        if (!doc) {
          context.out.log(`report: run ${runId} has no stored analysis; analysing it now…`);
          analyseRun(db, { runId, config: context.loaded.config });
          doc = loadReport(db, runId)!;
        }
        printReport(context.out, doc);
        if (flags.html) context.out.log(`report: HTML written to ${writeRunReportFile(db, runId, flags.html)}`);
      } finally {
        db.close();
      }
    });
}

export function printReport(out: Output, doc: ReportDocument): void {
  if (out.json) out.printJson(doc);
  else out.print(formatReport(doc));
}
