import { Command, Option } from 'commander';
import { InputError } from '../../domain/errors.js';
import { replay, throwIfUnfinished, type ReplayResult } from '../../pipeline/replay.js';
import { formatEstimates } from '../../pipeline/replayEstimate.js';
import { createProgress, progressMode } from '../../report/progress.js';
import { applyCiGates } from '../../pipeline/ciGates.js';
import { formatCiSummary } from '../../report/ciSummary.js';
import { formatLaneSummaries } from '../../report/replaySummary.js';
import { loadReport } from '../../report/summary.js';
import { formatReport } from '../../report/terminal.js';
import type { Db } from '../../store/db.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';
import { collect, positiveInt, positiveNumber, share } from '../flags.js';

interface ReplayFlags extends CommonFlags {
  traffic: string[];
  dataset?: string;
  resume?: string;
  newRun?: boolean;
  dryRun?: boolean;
  maxCost?: number;
  /** commander's --no-cache sets this to false. */
  cache: boolean;
  retryErrors?: boolean;
  ci?: boolean;
  holdout?: number;
  summary?: string;
  junit?: string;
  baselineTable?: string;
  sample?: number;
}

export function registerReplay(program: Command): void {
  withCommonOptions(
    program
      .command('replay')
      .summary('the whole pipeline: ingest, embed, cluster, replay the lanes, judge, analyse, export (resumable, cached, budgeted)')
      .description(
        'Run the whole pipeline: ingest (with --traffic or the config\'s "traffic"), embed, cluster, ask every lane for ' +
          'every sample, judge each pair, analyse and report. Each call is saved as it completes; re-running the same ' +
          'command resumes the latest unfinished run of the same dataset and config without paying again for any completed call.',
      )
      .option('--traffic <file>', 'ingest this traffic file first (repeatable)', collect, [])
      .option('-d, --dataset <name>', 'dataset (default: config "dataset", the traffic file name or the most recent one)')
      .option('--resume <run>', 'resume this run')
      .option('--new-run', 'start a new run even when an unfinished one with the same config exists')
      .option('--dry-run', 'print calls, estimated tokens and cost per lane; call nothing')
      .option('--max-cost <usd>', 'stop scheduling calls before the run would spend more (USD)', positiveNumber('--max-cost', 'a positive amount in USD'))
      .option('--no-cache', 'call again even when an identical request was answered before')
      .option('--retry-errors', 're-attempt the calls of the run that failed')
      .option('--holdout <fraction>', 'fit the routing table on the earlier part and report on this fraction (by time when timestamps exist)', share('--holdout', { open: true }))
      .option('--sample <n>', 'replay a stratified sample of N samples (by cluster and segment, seeded)', positiveInt('--sample'))
      .option('--summary <file>', 'write the CI summary (status, headline, gates, reused vs new calls, drift) as JSON')
      .option('--junit <file>', 'write a JUnit XML report, one test case per gate')
      .option('--baseline-table <file>', 'the routing table in production: check drift and decision flips against it')
      .addOption(new Option('--ci', 'plain progress lines instead of bars (also when CI=true or stderr is not a terminal)')),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ router-eval replay -c datasets/demo/router-eval.config.json --dry-run
  $ router-eval replay -c router-eval.json --traffic export.jsonl --max-cost 20
  $ router-eval replay --resume r-20250101-120000-ab12 --retry-errors`,
    )
    .action(async (flags: ReplayFlags) => {
      const context = createContext(flags);
      const { out } = context;
      if (flags.resume !== undefined && flags.newRun) throw new InputError('--resume and --new-run exclude each other');
      if (flags.dryRun && flags.sample !== undefined) throw new InputError('--dry-run estimates every sample; --sample draws from the clusters, which a dry run does not make: drop one of them');
      const progress = createProgress({
        mode: progressMode({ quiet: out.quiet || out.json, ci: flags.ci, isTTY: process.stderr.isTTY, env: process.env }),
      });
      const interrupt = new AbortController();
      const onSignal = (): void => {
        // A second Ctrl-C leaves at once: every completed call is already committed.
        if (interrupt.signal.aborted) process.exit(130);
        interrupt.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const db = context.openDb();
      try {
        const result = await replay(db, {
          loaded: context.loaded,
          dataset: flags.dataset,
          traffic: flags.traffic,
          resume: flags.resume,
          newRun: flags.newRun,
          dryRun: flags.dryRun,
          maxCost: flags.maxCost,
          noCache: !flags.cache,
          retryErrors: flags.retryErrors,
          holdout: flags.holdout,
          sample: flags.sample,
          signal: interrupt.signal,
          progress,
          log: (line) => (out.quiet ? undefined : progress.log(`replay: ${line}`)),
        });
        const ci = result.kind === 'run' && isCiRun(flags);
        if (!(ci && out.json)) printResult(out, db, result);
        if (ci && result.kind === 'run') {
          applyCiGates(db, {
            runId: result.runId,
            config: context.loaded.config,
            summaryFile: flags.summary,
            junitFile: flags.junit,
            baselineTable: flags.baselineTable,
            onSummary: (summary) => (out.json ? out.printJson(summary) : out.print(formatCiSummary(summary))),
          });
        }
        if (result.kind === 'run') throwIfUnfinished(result, resumeCommand(result.runId, flags));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
    });
}

function printResult(out: Output, db: Db, result: ReplayResult): void {
  const report = result.kind === 'run' && result.analysed ? loadReport(db, result.runId) : undefined;
  if (out.json) {
    out.printJson(report ? { ...result, report } : result);
    return;
  }
  if (result.kind === 'dry-run') {
    out.print(`dry run: dataset ${result.dataset}, ${result.samples} samples; nothing was called\n${formatEstimates(result.estimates)}`);
    return;
  }
  out.print(
    `run ${result.runId} (dataset ${result.dataset}${result.resumed ? ', resumed' : ''}): ${result.status}, ` +
      `spent $${result.spentUsd.toFixed(4)}\n${formatLaneSummaries(result.lanes)}`,
  );
  if (report) out.print(`\n${formatReport(report)}`);
}

/** CI mode: asked for, implied by CI=true, or by any of its outputs. */
function isCiRun(flags: ReplayFlags): boolean {
  return Boolean(flags.ci || process.env.CI === 'true' || flags.summary || flags.junit || flags.baselineTable);
}

function resumeCommand(runId: string, flags: ReplayFlags): string {
  const quote = (value: string): string => (/^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  const parts = ['router-eval replay', `--resume ${runId}`];
  if (flags.config) parts.push(`-c ${quote(flags.config)}`);
  if (flags.db) parts.push(`--db ${quote(flags.db)}`);
  return parts.join(' ');
}
