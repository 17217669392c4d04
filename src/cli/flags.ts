import { InputError } from '../domain/errors.js';

/** Flag value parsers for commander: each names its flag in the error, so a typo reads `--k: expected …`. */

/** Collects a repeatable flag's values. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function positiveInt(flag: string): (value: string) => number {
  return (value) => check(flag, value, (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
}

export function nonNegativeInt(flag: string): (value: string) => number {
  return (value) => check(flag, value, (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0');
}

export function positiveNumber(flag: string, what = 'a positive number'): (value: string) => number {
  return (value) => check(flag, value, (n) => Number.isFinite(n) && n > 0, what);
}

/** A share in [0, 1]; with `open`, strictly between 0 and 1 (a holdout fraction). */
export function share(flag: string, options: { open?: boolean } = {}): (value: string) => number {
  return options.open
    ? (value) => check(flag, value, (n) => n > 0 && n < 1, 'a fraction between 0 and 1 (exclusive)')
    : (value) => check(flag, value, (n) => n >= 0 && n <= 1, 'a share between 0 and 1');
}

function check(flag: string, value: string, ok: (n: number) => boolean, expected: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!ok(parsed)) throw new InputError(`${flag}: expected ${expected}, found "${value}"`);
  return parsed;
}
