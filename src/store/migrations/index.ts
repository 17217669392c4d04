import { foundation } from './0001-foundation.js';

export interface Migration {
  /** Strictly increasing; a migration, once released, is never edited: add a new one. */
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. Later issues append here. */
export const migrations: readonly Migration[] = [foundation];
