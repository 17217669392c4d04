import { Option, type Command } from 'commander';
import { loadRoutingTable, route, type RouteRequest } from '../../artifact/runtime.js';
import { InputError } from '../../domain/errors.js';
import type { Sample } from '../../domain/sample.js';
import { routeRequest } from '../../pipeline/drift.js';
import { checkReadable, readRecords, sampleOf } from '../../traffic/files.js';
import { createMapper, pairsFromFlags } from '../../traffic/mapping.js';
import type { TrafficFormat } from '../../traffic/records.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import { collect } from '../flags.js';

interface RouteFlags extends CommonFlags {
  table: string;
  traffic?: string;
  prompt?: string;
  segment: string[];
  tag?: string;
  format?: TrafficFormat;
}

export function registerRoute(program: Command): void {
  withCommonOptions(
    program
      .command('route')
      .summary('route prompts with a routing table; one JSON decision per line on stdout')
      .description(
        'Load a routing table (schema and checksum checked) and route each prompt as the analysis did: ' +
          'nearest centroid, out-of-distribution rule, segment overrides, cluster decision. ' +
          'Prints {id?, lane, model, cluster, distance, reason} per prompt as JSONL. No network, no database.',
      )
      .requiredOption('-t, --table <file>', 'routing table written by "router-eval export"')
      .option('--traffic <file>', 'canonical traffic file (JSONL or CSV) to route, one decision per sample')
      .addOption(new Option('--format <format>', 'traffic file format, when the extension does not say').choices(['jsonl', 'csv']))
      .option('-p, --prompt <text>', 'one prompt to route')
      .option('-s, --segment <key=value>', 'request attribute for segment overrides (repeatable; wins over the samples\' own)', collect, [])
      .option('--tag <tag>', 'task tag for tag overrides (wins over the samples\' own)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ router-eval route --table routing-table.json --prompt "Refund order 1234" --segment locale=ja-JP\n' +
        '  $ router-eval route --table routing-table.json --traffic new-traffic.jsonl > decisions.jsonl',
    )
    .action(async (flags: RouteFlags) => {
      const { out } = createContext(flags);
      if ((flags.traffic === undefined) === (flags.prompt === undefined)) throw new InputError('route: give either --traffic FILE or --prompt TEXT');
      const segments = pairsFromFlags(flags.segment, '--segment', 'key=value, for example --segment locale=ja-JP');
      const table = loadRoutingTable(flags.table);
      const decide = (request: RouteRequest, segmentsOfSample: Record<string, string>, tag: string | undefined) =>
        route(table, { ...request, segments: { ...segmentsOfSample, ...segments }, tag: flags.tag ?? tag });
      if (flags.prompt !== undefined) {
        out.print(JSON.stringify(decide({ prompt: flags.prompt }, {}, undefined)));
        return;
      }
      let routed = 0;
      for await (const sample of readTraffic(flags.traffic!, flags.format)) {
        out.print(JSON.stringify({ id: sample.id, ...decide(routeRequest(sample), sample.segments, sample.tag) }));
        routed++;
      }
      out.log(`route: ${routed} prompt(s) routed with ${flags.table} (run ${table.source.runId}, ${table.clusters.length} clusters)`);
    });
}

/** The samples of a canonical traffic file; the first bad row stops with file:line and the field. */
async function* readTraffic(file: string, format: TrafficFormat | undefined): AsyncGenerator<Sample> {
  const records = readRecords(file, checkReadable(file, format));
  const mapper = createMapper([], []);
  for await (const record of records) {
    const validated = sampleOf(record, mapper, { maxPromptChars: Number.MAX_SAFE_INTEGER });
    if (!validated.ok) throw new InputError(`${file}:${record.line}: ${validated.field}: ${validated.reason}`);
    yield validated.sample;
  }
}
