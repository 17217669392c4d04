import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import { describeIssues } from '../domain/zodIssues.js';
import { ConfigSchema, type Config } from './schema.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, or undefined when defaults are used. */
  path?: string;
  /** Where relative paths inside the config are resolved from. */
  baseDir: string;
}

/** Reads and validates a config file; with no path, the defaults. Errors name the file and the field. */
export function loadConfig(path: string | undefined, cwd = process.cwd()): LoadedConfig {
  if (path === undefined) return { config: ConfigSchema.parse({}), baseDir: cwd };
  const file = resolve(cwd, path);
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${path}: is a directory, expected a JSON config file`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(`${path}: invalid config:\n${indent(describeIssues(parsed.error, '(top level)'))}`);
  }
  return { config: parsed.data, path: file, baseDir: dirname(file) };
}

/** A path from the config, resolved against the config file's folder. */
export function resolveConfigPath(loaded: LoadedConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.baseDir, path);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
