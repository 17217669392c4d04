#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, RouterEvalError } from '../domain/errors.js';
import { registerIngest } from './commands/ingest.js';
import { registerEmbed } from './commands/embed.js';
import { registerCluster } from './commands/cluster.js';
import { registerReplay } from './commands/replay.js';
import { registerJudge } from './commands/judge.js';
import { registerExport } from './commands/export.js';
import { registerRoute } from './commands/route.js';
import { registerAnalyse } from './commands/analyse.js';
import { registerReport } from './commands/report.js';
import { registerDrift } from './commands/drift.js';
import { registerRuns } from './commands/runs.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Exit code for a bug (an error that is not one of ours): distinct from every documented code. */
const INTERNAL_ERROR = 70;

export function buildProgram(): Command {
  const program = new Command('router-eval')
    .description('Which of your LLM traffic can safely go to a cheap model: replay, judge, analyse, export a routing table.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ router-eval replay -c datasets/demo/router-eval.config.json      # the whole pipeline on the demo data
  $ router-eval ingest logs.csv --map prompt=request_text --map segments.locale=lang
  $ router-eval report --json                                         # the latest run's analysis
  $ router-eval route --table runs/<run-id>/routing-table.json --prompt "reset my password"

Exit codes: 0 ok, 1 gate tripped, 2 bad usage, config or input, 3 run incomplete, 130 interrupted.`,
    );
  for (const register of [registerIngest, registerEmbed, registerCluster, registerReplay, registerJudge, registerAnalyse, registerReport, registerExport, registerRoute, registerRuns, registerDrift]) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** The one error handler: our errors print one line (no stack); anything else is a bug. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (error instanceof RouterEvalError) {
    process.stderr.write(`router-eval: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`router-eval: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return INTERNAL_ERROR;
}

// `router-eval report | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv);
