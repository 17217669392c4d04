import { type Command, Option } from 'commander';
import { loadConfig, resolveConfigPath, type LoadedConfig } from '../config/load.js';
import { DEFAULT_DB_PATH, openStore, type Db } from '../store/db.js';
import { createOutput, type Output } from './output.js';

export interface CommonFlags {
  db?: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

/** What every command gets: its config, where the store is, and the terminal writer. */
export interface CommandContext {
  loaded: LoadedConfig;
  dbPath: string;
  out: Output;
  openDb(): Db;
}

/** Adds the flags every command takes (--db, --config, --json, --quiet). */
export function withCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--db <path>', `SQLite store file (default: config "db" or ${DEFAULT_DB_PATH})`))
    .addOption(new Option('-c, --config <file>', 'config file (JSON)'))
    .addOption(new Option('--json', 'print one machine-readable JSON document on stdout'))
    .addOption(new Option('-q, --quiet', 'no progress or log lines on stderr'));
}

/** Resolves flags over the config file: flag ?? config ?? default. */
export function createContext(flags: CommonFlags): CommandContext {
  const loaded = loadConfig(flags.config);
  const dbPath =
    flags.db ?? (loaded.config.db !== undefined ? resolveConfigPath(loaded, loaded.config.db) : DEFAULT_DB_PATH);
  return {
    loaded,
    dbPath,
    out: createOutput({ json: flags.json, quiet: flags.quiet }),
    openDb: () => openStore(dbPath),
  };
}
