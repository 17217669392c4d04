/** One record as a reader found it, before mapping and validation. */
export type SourceRecord =
  | { kind: 'json'; file: string; line: number; raw: string; value: Record<string, unknown> }
  | { kind: 'csv'; file: string; line: number; raw: string; columns: Record<string, string> }
  | { kind: 'unreadable'; file: string; line: number; raw: string; field: string; reason: string };

export type TrafficFormat = 'jsonl' | 'csv';
