import type { Command } from 'commander';
import { embedDataset, type EmbedSummary } from '../../pipeline/embed.js';
import { defaultDataset, getDataset } from '../../store/datasets.js';
import type { Db } from '../../store/db.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';

interface EmbedFlags extends CommonFlags {
  dataset?: string;
}

export function registerEmbed(program: Command): void {
  withCommonOptions(
    program
      .command('embed')
      .summary('embed every sample of a dataset (cached: re-running embeds only new texts)')
      .description(
        'Embed each sample\'s request text (system prompt plus every user turn) with the embedder of the config\'s ' +
          '"embedding" section (default: local hashed TF-IDF, no network). Vectors are cached by embedder spec and text hash.',
      )
      .option('-d, --dataset <name>', 'dataset (default: config "dataset" or the most recent one)'),
  )
    .addHelpText('after', '\nExamples:\n  $ router-eval embed\n  $ router-eval embed --dataset mmlu --config router-eval.json')
    .action(async (flags: EmbedFlags) => {
      const context = createContext(flags);
      const { out } = context;
      const db = context.openDb();
      try {
        const dataset = resolveDataset(db, flags.dataset ?? context.loaded.config.dataset);
        const summary = await embedDataset(db, {
          dataset: dataset.name,
          embedding: context.loaded.config.embedding,
          onProgress: throttled(out, (done, total) => `embed: ${done}/${total} samples…`),
        });
        if (out.json) out.printJson(summary);
        else printSummary(out, summary);
      } finally {
        db.close();
      }
    });
}

/** The named dataset, or the default one (the most recent) when no name is given. */
export function resolveDataset(db: Db, name: string | undefined): { id: number; name: string } {
  return name === undefined ? defaultDataset(db) : getDataset(db, name);
}

/** A progress callback that logs at most every two seconds (plain lines work with or without a TTY). */
export function throttled(out: Output, line: (done: number, total: number) => string): (done: number, total: number) => void {
  let last = performance.now();
  return (done, total) => {
    const now = performance.now();
    if (now - last < 2000) return;
    last = now;
    out.log(line(done, total));
  };
}

function printSummary(out: Output, s: EmbedSummary): void {
  out.print(
    `dataset ${s.dataset}: ${s.samples} samples, ${s.embedded} texts embedded, ${s.cached} cached ` +
      `(${s.provider}, ${s.dimensions} dims, spec ${s.specHash.slice(0, 12)}${s.fitted ? ', fitted now' : ''}) in ${s.seconds} s`,
  );
}
