import { InputError } from '../domain/errors.js';
import type { SourceRecord } from './records.js';

const TEXT_FIELDS = ['id', 'prompt', 'system', 'tag', 'timestamp', 'reference'] as const;
const MAP_FIELDS = ['segments', 'responses', 'labels'] as const;
const CANONICAL_FIELDS = new Set<string>([...TEXT_FIELDS, ...MAP_FIELDS, 'messages']);

type TextField = (typeof TEXT_FIELDS)[number];
type MapField = (typeof MAP_FIELDS)[number];

/** A canonical field to fill: a top-level field, or one key of segments/responses/labels. */
export type Target = { field: TextField | 'messages' | MapField; key?: string };

export interface Assignment {
  target: Target;
  /** The target as the user wrote it, for messages. */
  spec: string;
  /** --map: a column or dotted JSON path; --set: a constant. */
  value: string;
}

/** Parses `target=value` pairs from --map / --set; bad targets are usage errors naming the flag. */
export function parseAssignments(pairs: Record<string, string>, flag: '--map' | '--set'): Assignment[] {
  return Object.entries(pairs).map(([spec, value]) => ({ target: parseTarget(spec, flag), spec, value }));
}

/**
 * `key=value` strings from repeated flags into a record; a pair without `=` is a usage
 * error that says what was `expected` (by default the --map/--set form).
 */
export function pairsFromFlags(
  values: readonly string[],
  flag: string,
  expected = `target=value, for example ${flag} segments.locale=lang`,
): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of values) {
    const at = item.indexOf('=');
    if (at <= 0) throw new InputError(`${flag} ${item}: expected ${expected}`);
    pairs[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return pairs;
}

function parseTarget(spec: string, flag: string): Target {
  const [field, ...rest] = spec.split('.');
  const key = rest.join('.');
  if ((MAP_FIELDS as readonly string[]).includes(field ?? '')) {
    return key ? { field: field as MapField, key } : { field: field as MapField };
  }
  if (field !== undefined && CANONICAL_FIELDS.has(field) && !key) return { field: field as Target['field'] };
  throw new InputError(
    `${flag} ${spec}=…: unknown target "${spec}"; expected one of ${[...TEXT_FIELDS, 'messages'].join(', ')}, ` +
      `or segments.NAME, responses.LANE, labels.LANE`,
  );
}

export interface Mapper {
  /** The canonical candidate for a record, still to be validated. */
  apply(record: Exclude<SourceRecord, { kind: 'unreadable' }>): MappedRecord;
}

export type MappedRecord = { ok: true; candidate: Record<string, unknown> } | { ok: false; field: string; reason: string };

/**
 * Builds canonical candidates from source records. JSONL records are canonical already
 * unless --map is given, in which case only canonical keys and mapped paths are taken
 * (log exports carry many other fields). CSV columns named like a target
 * (`prompt`, `segments.locale`) map themselves; other columns are ignored and reported.
 */
export function createMapper(maps: Assignment[], constants: Assignment[]): Mapper & { ignored: Set<string> } {
  const ignored = new Set<string>();
  // A top-level field counts as used when a map reads it or anything below it.
  const usedRoots = new Set(maps.flatMap((m) => [m.value, m.value.split('.')[0]!]));
  return {
    ignored,
    apply(record) {
      let candidate: Record<string, unknown>;
      const assignments: { target: Target; value: unknown; fromText: boolean }[] = [];
      if (record.kind === 'json') {
        if (maps.length === 0) {
          candidate = { ...record.value };
        } else {
          candidate = {};
          for (const [name, value] of Object.entries(record.value)) {
            if (CANONICAL_FIELDS.has(name)) candidate[name] = value;
            else if (!usedRoots.has(name)) ignored.add(name);
          }
          for (const map of maps) assignments.push({ target: map.target, value: readPath(record.value, map.value), fromText: false });
        }
      } else {
        candidate = {};
        const mappedColumns = new Set(maps.map((m) => m.value));
        for (const [column, value] of Object.entries(record.columns)) {
          if (mappedColumns.has(column)) continue;
          const target = columnTarget(column);
          if (target) assignments.push({ target, value, fromText: true });
          else ignored.add(column);
        }
        for (const map of maps) {
          if (!(map.value in record.columns)) {
            throw new InputError(`${record.file}: --map ${map.spec}=${map.value}: no column "${map.value}" in the header (columns: ${Object.keys(record.columns).join(', ')})`);
          }
          assignments.push({ target: map.target, value: record.columns[map.value], fromText: true });
        }
      }
      for (const constant of constants) assignments.push({ target: constant.target, value: constant.value, fromText: true });
      for (const { target, value, fromText } of assignments) {
        const coerced = coerce(target, value, fromText);
        if (!coerced.ok) return coerced;
        if (coerced.value !== undefined) assign(candidate, target, coerced.value);
      }
      return { ok: true, candidate };
    },
  };
}

function columnTarget(column: string): Target | undefined {
  try {
    return parseTarget(column, 'column');
  } catch {
    return undefined;
  }
}

/** A dotted path into a JSON value (`request.messages.0.content`); a key that itself contains dots wins. */
function readPath(value: Record<string, unknown>, path: string): unknown {
  if (path in value) return value[path];
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function assign(candidate: Record<string, unknown>, target: Target, value: unknown): void {
  if (target.key === undefined) {
    candidate[target.field] = value;
    return;
  }
  const existing = candidate[target.field];
  const map = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? { ...existing } : {};
  candidate[target.field] = { ...map, [target.key]: value };
}

type Coerced = { ok: true; value: unknown } | { ok: false; field: string; reason: string };

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/**
 * Turns a mapped value into what its target expects. Text from CSV cells and constants
 * is parsed (labels as booleans or numbers, JSON for whole objects); scalar JSON values
 * mapped onto text targets are stringified (log exports often store ids and tiers as
 * numbers). Empty cells and missing paths leave the field absent.
 */
function coerce(target: Target, value: unknown, fromText: boolean): Coerced {
  const field = target.key === undefined ? target.field : `${target.field}.${target.key}`;
  if (value === undefined || value === null || (fromText && value === '')) return { ok: true, value: undefined };
  if (fromText && typeof value === 'string') {
    if (target.key === undefined && target.field !== 'messages' && (MAP_FIELDS as readonly string[]).includes(target.field)) {
      return parseJsonText(field, value);
    }
    if (target.field === 'messages') return parseJsonText(field, value);
    if (target.field === 'labels') return parseLabel(field, value);
    return { ok: true, value };
  }
  if (target.field === 'labels' && target.key !== undefined && typeof value === 'string') return parseLabel(field, value);
  if (target.field === 'timestamp' && typeof value === 'number') return epochToIso(field, value);
  const isTextTarget = target.key !== undefined ? target.field !== 'labels' : (TEXT_FIELDS as readonly string[]).includes(target.field);
  if (isTextTarget && (typeof value === 'number' || typeof value === 'boolean')) return { ok: true, value: String(value) };
  return { ok: true, value };
}

function parseLabel(field: string, text: string): Coerced {
  const trimmed = text.trim();
  const asBoolean = BOOLEAN_TEXT[trimmed.toLowerCase()];
  if (asBoolean !== undefined) return { ok: true, value: asBoolean };
  const asNumber = Number(trimmed);
  if (trimmed !== '' && Number.isFinite(asNumber)) return { ok: true, value: asNumber };
  return { ok: false, field, reason: `expected a boolean (true/false/1/0) or a number, found "${truncate(text)}"` };
}

function parseJsonText(field: string, text: string): Coerced {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, field, reason: `expected JSON, found "${truncate(text)}"` };
  }
}

/** Epoch seconds or milliseconds (told apart by size) as an ISO date-time. */
function epochToIso(field: string, epoch: number): Coerced {
  const ms = Math.abs(epoch) >= 1e11 ? epoch : epoch * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return { ok: false, field, reason: `expected an epoch time, found ${epoch}` };
  return { ok: true, value: date.toISOString() };
}

function truncate(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
