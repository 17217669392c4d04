import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './cli.js';

/** ../shared/data/routellm next to the project, or undefined when this machine has no copy. */
export function routellmDir(): string | undefined {
  const dir = join(projectRoot, '..', 'shared', 'data', 'routellm');
  return existsSync(dir) ? dir : undefined;
}

/** The message a test or benchmark prints when it skips for want of the shared data. */
export const NO_SHARED_DATA = 'skipped: ../shared/data/routellm is not present on this machine';
