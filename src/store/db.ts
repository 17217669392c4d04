import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import { migrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'runs/router-eval.db';

/**
 * Opens (creating if needed) the run store: WAL so readers never block the writer,
 * foreign keys on, and every pending migration applied in order inside one transaction each.
 */
export function openStore(path: string = DEFAULT_DB_PATH, options: { readonly?: boolean } = {}): Db {
  const file = resolve(path);
  if (isDirectory(file)) throw new InputError(`${path}: is a directory, expected a SQLite database file`);
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new InputError(`${path}: cannot open the database: ${(error as Error).message}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
  }
  return db;
}

/** Applies the migrations newer than the database's user_version; refuses a database from a newer release. */
export function migrate(db: Db, all: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = all.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new InputError(
      `${db.name}: schema version ${current} is newer than this router-eval understands (${latest}); upgrade router-eval`,
    );
  }
  for (const migration of all) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
