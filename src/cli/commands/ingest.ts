import { Command, Option } from 'commander';
import { IngestOptionsSchema } from '../../config/schema.js';
import { InputError } from '../../domain/errors.js';
import { getDataset } from '../../store/datasets.js';
import { listQuarantine } from '../../store/quarantine.js';
import { ingest, type IngestSummary } from '../../pipeline/ingest.js';
import { pairsFromFlags } from '../../traffic/mapping.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';
import { collect, positiveInt } from '../flags.js';

interface IngestFlags extends CommonFlags {
  dataset?: string;
  format?: 'jsonl' | 'csv';
  map: string[];
  set: string[];
  maxPromptChars?: number;
  strict?: boolean;
  showQuarantine?: boolean;
}

export function registerIngest(program: Command): void {
  withCommonOptions(
    program
      .command('ingest')
      .summary('read JSONL/CSV traffic exports into a dataset, quarantining bad rows')
      .description(
        'Read traffic samples from JSONL or CSV files into a named dataset. Bad rows are quarantined with file, ' +
          'line, field and reason; re-ingesting the same rows is a no-op.',
      )
      .argument('[files...]', 'traffic files (.jsonl, .ndjson or .csv)')
      .option('-d, --dataset <name>', 'dataset name (default: config "dataset" or the first file name)')
      .addOption(new Option('--format <format>', 'file format, when the extension does not say').choices(['jsonl', 'csv']))
      .option('--map <target=source>', 'map a column or JSON path to a canonical field (repeatable)', collect, [])
      .option('--set <target=value>', 'set a canonical field to a constant (repeatable)', collect, [])
      .option('--max-prompt-chars <n>', 'reject prompts longer than this (default 100000)', positiveInt('--max-prompt-chars'))
      .option('--strict', 'exit 2 when any row is quarantined (good rows are still stored)')
      .option('--show-quarantine', 'list the quarantined rows of the dataset instead of ingesting'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ router-eval ingest datasets/demo/traffic.jsonl
  $ router-eval ingest mmlu_anatomy.csv --dataset mmlu --set segments.domain=anatomy \\
      --map "labels.cheap=mistralai/Mixtral-8x7B-Instruct-v0.1" --map labels.strong=gpt-4-1106-preview
  $ router-eval ingest export.jsonl --map prompt=request.input --map segments.locale=user.locale`,
    )
    .action(async (files: string[], flags: IngestFlags) => {
      const context = createContext(flags);
      const { out } = context;
      const db = context.openDb();
      try {
        const dataset = flags.dataset ?? context.loaded.config.dataset;
        if (flags.showQuarantine) {
          showQuarantine(out, listQuarantine(db, getDataset(db, dataset ?? inferDataset(files)).id));
          return;
        }
        const options = IngestOptionsSchema.parse({
          format: flags.format,
          map: pairsFromFlags(flags.map, '--map'),
          set: pairsFromFlags(flags.set, '--set'),
          maxPromptChars: flags.maxPromptChars,
        });
        const summary = await ingest(db, {
          files,
          dataset,
          options,
          onProgress: (rows) => out.log(`ingest: ${rows} rows read…`),
        });
        if (out.json) out.printJson(summary);
        else printSummary(out, summary);
        if (flags.strict && summary.quarantined > 0) {
          throw new InputError(`--strict: ${summary.quarantined} row(s) quarantined (see router-eval ingest --show-quarantine --dataset ${summary.dataset})`);
        }
      } finally {
        db.close();
      }
    });
}

function inferDataset(files: string[]): string {
  if (!files[0]) throw new InputError('--show-quarantine: name the dataset with --dataset');
  return files[0].replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

function printSummary(out: Output, summary: IngestSummary): void {
  out.print(
    `dataset ${summary.dataset}: ${summary.rowsRead} rows read, ${summary.ingested} ingested, ` +
      `${summary.duplicates} duplicates, ${summary.quarantined} quarantined`,
  );
  if (summary.files.length > 1) {
    for (const file of summary.files) {
      out.print(`  ${file.file} (${file.format}): ${file.rowsRead} read, ${file.ingested} ingested, ${file.duplicates} duplicates, ${file.quarantined} quarantined`);
    }
  }
  if (summary.ignoredFields.length) out.warn(`fields not mapped to anything (ignored): ${summary.ignoredFields.join(', ')}`);
  for (const error of summary.errors) out.print(`${error.file}:${error.line}: ${error.field}: ${error.reason}`);
  if (summary.quarantined > summary.errors.length) {
    out.print(`… and ${summary.quarantined - summary.errors.length} more: router-eval ingest --show-quarantine --dataset ${summary.dataset}`);
  }
}

function showQuarantine(out: Output, rows: ReturnType<typeof listQuarantine>): void {
  if (out.json) {
    out.printJson(rows);
    return;
  }
  if (rows.length === 0) out.print('no quarantined rows');
  for (const row of rows) out.print(`${row.file}:${row.line}: ${row.field}: ${row.reason}\n    ${row.raw.slice(0, 200).replace(/\n/g, '\\n')}`);
}
