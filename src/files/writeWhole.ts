import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';

/**
 * Writes an output file whole or not at all (a temporary file renamed over the target),
 * creating its folder, so a reader never sees half a table or report. A path that cannot
 * be written is the user's to fix: a one-line error naming it, not a stack trace.
 */
export function writeWhole(path: string, text: string, what = 'the file'): void {
  const target = resolve(path);
  try {
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    throw new InputError(`${path}: cannot write ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
