import { openStore, type Db } from '../../src/store/db.js';
import { ensureDataset } from '../../src/store/datasets.js';
import { callStore } from '../../src/store/calls.js';
import { createRun } from '../../src/store/runs.js';
import { insertSamples } from '../../src/store/samples.js';
import type { LabelValue, Sample } from '../../src/domain/sample.js';
import { LABEL_ONLY } from '../../src/providers/recorded.js';
import { makeTempDir } from '../helpers/cli.js';
import { sample as makeSample } from './pairs.js';

export interface FixtureSample {
  id: string;
  prompt?: string;
  tag?: string;
  reference?: string;
  labels?: Record<string, LabelValue>;
  /** The lanes' stored answers; undefined: no call row for that lane. */
  cheap?: string;
  strong?: string;
  /** Replayed from labels alone (benchmark outcome files): both lanes' calls carry no text, as the recorded provider stores them. */
  labelOnly?: boolean;
}

export interface RunFixture {
  db: Db;
  dbPath: string;
  dir: string;
  runId: string;
  samples: Sample[];
  cleanup: () => void;
}

/** A store holding one dataset and one replayed run (lanes cheap and strong) with the given answers. */
export function createRunFixture(rows: readonly FixtureSample[]): RunFixture {
  const { dir, cleanup } = makeTempDir('router-eval-judge-');
  const dbPath = `${dir}/store.db`;
  const db = openStore(dbPath);
  const dataset = ensureDataset(db, 'judge-test');
  const samples = rows.map((row) =>
    makeSample({ id: row.id, prompt: row.prompt ?? `question ${row.id}`, tag: row.tag, reference: row.reference, labels: row.labels ?? {} }),
  );
  insertSamples(db, dataset.id, samples.map((sample, i) => ({ sample, source: { file: 'fixture.jsonl', line: i + 1 } })));
  const config = {
    lanes: { cheap: { provider: 'recorded', model: 'small' }, strong: { provider: 'recorded', model: 'large' } },
    replay: { strongLane: 'strong' },
  };
  const run = createRun(db, { datasetId: dataset.id, config, configHash: 'fixture' });
  const calls = callStore(db);
  for (const row of rows) {
    for (const lane of ['cheap', 'strong'] as const) {
      const text = row.labelOnly ? '' : row[lane];
      if (text === undefined) continue;
      calls.save({
        runId: run.id,
        sampleId: row.id,
        lane,
        provider: 'recorded',
        model: lane === 'cheap' ? 'small' : 'large',
        requestHash: `${row.id}-${lane}`,
        response: text,
        finishReason: row.labelOnly ? LABEL_ONLY : 'recorded',
        estimated: true,
        attempts: 0,
        status: 'ok',
      });
    }
  }
  return {
    db,
    dbPath,
    dir,
    runId: run.id,
    samples,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}
