import { type Command, Option } from 'commander';
import { IngestOptionsSchema } from '../../config/schema.js';
import { GateTrippedError, InputError } from '../../domain/errors.js';
import { driftCheck } from '../../pipeline/drift.js';
import { formatDriftReport } from '../../report/driftText.js';
import { pairsFromFlags } from '../../traffic/mapping.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import { collect, positiveNumber, share } from '../flags.js';

interface DriftFlags extends CommonFlags {
  table: string;
  traffic: string[];
  format?: 'jsonl' | 'csv';
  map: string[];
  set: string[];
  maxPsi?: number;
  maxOod?: number;
}

export function registerDrift(program: Command): void {
  withCommonOptions(
    program
      .command('drift')
      .summary('compare new traffic with the mix a routing table was fitted on; exit 1 past the limits')
      .description(
        "Embed new traffic with the table's own embedder, assign it with the table's centroids, and report the population " +
          'stability index of the cluster mix (per cluster and total), the share of out-of-distribution prompts, segment and ' +
          'tag mix shifts (when --db holds the run the table came from), the clusters that moved most, and what to do. ' +
          'Nothing is stored and no model is called. Limits: config gates.maxDriftPsi and gates.maxOodShare, or the flags.',
      )
      .requiredOption('-t, --table <file>', 'routing table in production (written by "router-eval export")')
      .option('--traffic <file>', 'new traffic, JSONL or CSV (repeatable)', collect, [])
      .addOption(new Option('--format <format>', 'file format, when the extension does not say').choices(['jsonl', 'csv']))
      .option('--map <target=source>', 'map a column or JSON path to a canonical field, as in ingest (repeatable)', collect, [])
      .option('--set <target=value>', 'set a canonical field to a constant, as in ingest (repeatable)', collect, [])
      .option('--max-psi <x>', 'cluster-mix PSI limit (default: config gates.maxDriftPsi, 0.25)', positiveNumber('--max-psi'))
      .option('--max-ood <share>', 'out-of-distribution share limit (default: config gates.maxOodShare, 0.2)', share('--max-ood')),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ router-eval drift --table runs/routing-table.json --traffic yesterday.jsonl\n' +
        '  $ router-eval drift --table prod-table.json --traffic export.csv --map prompt=text --json | jq .actions',
    )
    .action(async (flags: DriftFlags) => {
      const context = createContext(flags);
      const { out } = context;
      if (flags.traffic.length === 0) throw new InputError('drift: give the new traffic with --traffic FILE');
      const configured = context.loaded.config.gates;
      const fromConfig = context.loaded.config.traffic;
      const report = await driftCheck({
        table: flags.table,
        traffic: flags.traffic,
        ingest: IngestOptionsSchema.parse({
          format: flags.format ?? fromConfig?.format,
          map: { ...fromConfig?.map, ...pairsFromFlags(flags.map, '--map') },
          set: { ...fromConfig?.set, ...pairsFromFlags(flags.set, '--set') },
          maxPromptChars: fromConfig?.maxPromptChars,
        }),
        limits: { maxDriftPsi: flags.maxPsi ?? configured.maxDriftPsi, maxOodShare: flags.maxOod ?? configured.maxOodShare },
        dbPath: context.dbPath,
      });
      if (out.json) out.printJson(report);
      else out.print(formatDriftReport(report));
      const tripped = report.gates.filter((g) => g.tripped);
      if (tripped.length) throw new GateTrippedError(`drift past the limits: ${tripped.map((g) => g.gate).join(', ')} (see "what to do" above)`);
    });
}
