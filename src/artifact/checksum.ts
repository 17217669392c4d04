import { canonicalJson, sha256 } from '../domain/hash.js';

const PREFIX = 'sha256:';

/**
 * The checksum of a routing table: sha256 over the canonical JSON (keys sorted at every
 * depth) of every field but `checksum` itself. Computed on the parsed JSON as written, so
 * key order and whitespace in the file do not matter but any changed value does.
 */
export function tableChecksum(table: object): string {
  const { checksum: _ignored, ...content } = table as { checksum?: unknown };
  return PREFIX + sha256(canonicalJson(content));
}

/** The file text of a table: pretty-printed JSON with a trailing newline (the checksum does not depend on layout). */
export function serializeTable(table: object): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
