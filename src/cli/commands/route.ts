import type { Command } from 'commander';
import { extname } from 'node:path';
import { loadRoutingTable, route, type RouteRequest } from '../../artifact/runtime.js';
import { InputError } from '../../domain/errors.js';
import type { Sample } from '../../domain/sample.js';
import { readCsv } from '../../traffic/csv.js';
import { readJsonl } from '../../traffic/jsonl.js';
import { createMapper } from '../../traffic/mapping.js';
import { validateSample } from '../../traffic/validate.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';

interface RouteFlags extends CommonFlags {
  table: string;
  traffic?: string;
  prompt?: string;
  segment?: string[];
  tag?: string;
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
      .option('-p, --prompt <text>', 'one prompt to route')
      .option('-s, --segment <key=value>', 'request attribute for segment overrides (repeatable; wins over the samples\' own)', collect)
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
      const segments = segmentsOf(flags.segment ?? []);
      const table = loadRoutingTable(flags.table);
      const decide = (request: RouteRequest, segmentsOfSample: Record<string, string>, tag: string | undefined) =>
        route(table, { ...request, segments: { ...segmentsOfSample, ...segments }, tag: flags.tag ?? tag });
      if (flags.prompt !== undefined) {
        out.print(JSON.stringify(decide({ prompt: flags.prompt }, {}, undefined)));
        return;
      }
      let routed = 0;
      for await (const sample of readTraffic(flags.traffic!)) {
        const request: RouteRequest = sample.messages ? { messages: sample.messages, system: sample.system } : { prompt: sample.prompt ?? '', system: sample.system };
        out.print(JSON.stringify({ id: sample.id, ...decide(request, sample.segments, sample.tag) }));
        routed++;
      }
      out.log(`route: ${routed} prompt(s) routed with ${flags.table} (run ${table.source.runId}, ${table.clusters.length} clusters)`);
    });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function segmentsOf(pairs: readonly string[]): Record<string, string> {
  const segments: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError(`--segment ${pair}: expected key=value, for example --segment locale=ja-JP`);
    segments[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return segments;
}

/** The samples of a canonical traffic file; the first bad row stops with file:line and the field. */
async function* readTraffic(file: string): AsyncGenerator<Sample> {
  const records = extname(file).toLowerCase() === '.csv' ? readCsv(file) : readJsonl(file);
  const mapper = createMapper([], []);
  const bad = (line: number, field: string, reason: string) => new InputError(`${file}:${line}: ${field}: ${reason}`);
  try {
    for await (const record of records) {
      if (record.kind === 'unreadable') throw bad(record.line, record.field, record.reason);
      const mapped = mapper.apply(record);
      if (!mapped.ok) throw bad(record.line, mapped.field, mapped.reason);
      const validated = validateSample(mapped.candidate, { maxPromptChars: Number.MAX_SAFE_INTEGER });
      if (!validated.ok) throw bad(record.line, validated.field, validated.reason);
      yield validated.sample;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such file`);
    throw error;
  }
}
