import type { Command } from 'commander';
import { exportRoutingTable, type ExportSummary } from '../../pipeline/export.js';
import { createContext, withCommonOptions, type CommonFlags } from '../context.js';
import type { Output } from '../output.js';

interface ExportFlags extends CommonFlags {
  run?: string;
  dataset?: string;
  out: string;
}

export function registerExport(program: Command): void {
  withCommonOptions(
    program
      .command('export')
      .summary("write an analysed run's routing table (JSON artifact for route() / router-eval route)")
      .description(
        'Build the routing table of an analysed run: embedder spec with its fitted parameters, centroids, ' +
          'per-cluster decisions and evidence, segment overrides, the out-of-distribution rule and provenance, ' +
          'checksummed (schema: schema/routing-table.schema.json). Stored in the database and written to --out.',
      )
      .requiredOption('-o, --out <file>', 'file to write the routing table to')
      .option('--run <id>', 'run to export (default: the latest complete run of the dataset)')
      .option('-d, --dataset <name>', 'dataset whose latest complete run is exported (default: config "dataset" or the most recent one)'),
  )
    .addHelpText('after', '\nExamples:\n  $ router-eval export --out routing-table.json\n  $ router-eval export --run r-20250101-120000-ab12 --out tables/prod.json --json')
    .action((flags: ExportFlags) => {
      const context = createContext(flags);
      const db = context.openDb();
      try {
        const summary = exportRoutingTable(db, {
          runId: flags.run,
          dataset: flags.dataset ?? context.loaded.config.dataset,
          out: flags.out,
        });
        if (context.out.json) context.out.printJson(summary);
        else printSummary(context.out, summary);
      } finally {
        db.close();
      }
    });
}

function printSummary(out: Output, s: ExportSummary): void {
  out.print(
    `routing table of run ${s.runId} (dataset ${s.dataset}) written to ${s.out}: ${s.clusters} clusters, ` +
      `${s.divertedClusters} off the reference lane, ${s.overrides} segment override(s), ${s.checksum}`,
  );
}
