import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { IngestOptionsSchema } from '../../../src/config/schema.js';
import { ingest } from '../../../src/pipeline/ingest.js';
import type { Db } from '../../../src/store/db.js';

/** The two models of the RouteLLM files: Mixtral is the cheap lane, GPT-4 the strong one. */
export const CHEAP_COLUMN = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
export const STRONG_COLUMN = 'gpt-4-1106-preview';

/** RouteLLM's best router trained with in-distribution data (paper, Table 2/3), what we are measured against. */
export interface Published {
  apgr: number;
  cpt50: number;
}

export interface Benchmark {
  name: 'mmlu' | 'gsm8k' | 'mt-bench';
  published: Published;
  /** Routing minSamples: a cluster needs this many judged fit samples before it can go cheap (or be ranked). */
  minSamples: number;
  /** Defaults for the printed table, picked with --sweep (mean cluster APGR over five holdout seeds). */
  k: number | 'auto';
  dimensions: number;
  /** A known grouping (segment attribute or 'tag') the diagnostics compare clusters with. */
  knownGroup?: string;
  /** A caveat printed under the benchmark's figures. */
  note?: string;
  /** Reads the benchmark's files from the RouteLLM folder into `dataset`; returns the samples ingested. */
  ingest(db: Db, dataset: string, dataDir: string, workDir: string): Promise<number>;
}

const labelMap = { 'labels.cheap': CHEAP_COLUMN, 'labels.strong': STRONG_COLUMN };

/** The 19 MMLU domain files, one dataset, the domain (from the file name) as segments.domain. */
const mmlu: Benchmark = {
  name: 'mmlu',
  published: { apgr: 0.603, cpt50: 0.354 },
  minSamples: 20,
  k: 20,
  dimensions: 256,
  knownGroup: 'domain',
  async ingest(db, dataset, dataDir) {
    const dir = join(dataDir, 'mmlu');
    let total = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
      const domain = basename(file, '.csv').replace(/^mmlu_/, '');
      const options = IngestOptionsSchema.parse({ format: 'csv', map: labelMap, set: { 'segments.domain': domain } });
      total += (await ingest(db, { files: [join(dir, file)], dataset, options })).ingested;
    }
    return total;
  },
};

/** GSM8K with both correctness labels and both recorded answers. */
const gsm8k: Benchmark = {
  name: 'gsm8k',
  published: { apgr: 0.622, cpt50: 0.336 },
  minSamples: 5,
  k: 40,
  dimensions: 256,
  async ingest(db, dataset, dataDir) {
    const map = { ...labelMap, 'responses.cheap': `${CHEAP_COLUMN}_response`, 'responses.strong': `${STRONG_COLUMN}_response` };
    const options = IngestOptionsSchema.parse({ format: 'csv', map });
    return (await ingest(db, { files: [join(dataDir, 'gsm8k_responses.csv')], dataset, options })).ingested;
  },
};

const QuestionSchema = z.object({ question_id: z.number(), category: z.string(), turns: z.array(z.string()).min(1) });
const JudgementSchema = z.object({ question_id: z.number(), model: z.string(), turn: z.number(), score: z.number() });

/**
 * MT-Bench as canonical JSONL: the turn-1 prompt, the category as tag, and per model the
 * GPT-4 1-10 score averaged over the question's two turns (as RouteLLM does).
 */
export function buildMtBenchJsonl(dataDir: string, out: string): number {
  const lines = (file: string) => readFileSync(join(dataDir, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const questions = lines('mt_bench_question.jsonl').map((l) => QuestionSchema.parse(JSON.parse(l)));
  const scores = new Map<string, number[]>();
  for (const l of lines('mt_bench_judgements.jsonl')) {
    const j = JudgementSchema.parse(JSON.parse(l));
    const key = `${j.question_id}\u0000${j.model}`;
    scores.set(key, [...(scores.get(key) ?? []), j.score]);
  }
  const meanScore = (id: number, model: string): number => {
    const s = scores.get(`${id}\u0000${model}`);
    if (!s?.length) throw new Error(`mt_bench_judgements.jsonl: no score for question ${id}, model ${model}`);
    return s.reduce((a, b) => a + b, 0) / s.length;
  };
  const records = questions.map((q) => ({
    id: `mt-bench-${q.question_id}`,
    prompt: q.turns[0],
    tag: q.category,
    labels: { cheap: meanScore(q.question_id, CHEAP_COLUMN), strong: meanScore(q.question_id, STRONG_COLUMN) },
  }));
  writeFileSync(out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return records.length;
}

const mtBench: Benchmark = {
  name: 'mt-bench',
  published: { apgr: 0.802, cpt50: 0.134 },
  minSamples: 3,
  k: 8,
  dimensions: 256,
  knownGroup: 'tag',
  note: '80 questions, 40 held out: these figures are noisy (one question moves quality by 2.5%).',
  async ingest(db, dataset, dataDir, workDir) {
    const file = join(workDir, 'mt_bench.jsonl');
    buildMtBenchJsonl(dataDir, file);
    return (await ingest(db, { files: [file], dataset, options: IngestOptionsSchema.parse({}) })).ingested;
  },
};

export const BENCHMARKS: readonly Benchmark[] = [mmlu, gsm8k, mtBench];
