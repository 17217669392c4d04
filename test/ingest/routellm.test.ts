import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore, type Db } from '../../src/store/db.js';
import { getDataset } from '../../src/store/datasets.js';
import { readSamples } from '../../src/store/samples.js';
import { makeTempDir } from '../helpers/cli.js';
import { NO_SHARED_DATA, routellmDir } from '../helpers/sharedData.js';

const shared = routellmDir();
if (!shared) console.warn(NO_SHARED_DATA);

const CHEAP = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const STRONG = 'gpt-4-1106-preview';

describe.skipIf(!shared)('ingest of the real RouteLLM files in ../shared', () => {
  let db: Db;
  let cleanup: () => void;
  beforeAll(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    db = openStore(join(temp.dir, 'routellm.db'));
  });
  afterAll(() => {
    db.close();
    cleanup();
  });

  it('reads the 19 MMLU domains: 5,235 rows, 5,231 samples and 4 exact duplicates', async () => {
    const dir = join(shared!, 'mmlu');
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files).toHaveLength(19);
    let rows = 0;
    let duplicates = 0;
    for (const file of files) {
      const domain = basename(file, '.csv').replace(/^mmlu_/, '');
      const summary = await ingest(db, {
        files: [join(dir, file)],
        dataset: 'mmlu',
        options: IngestOptionsSchema.parse({
          map: { 'labels.cheap': CHEAP, 'labels.strong': STRONG },
          set: { 'segments.domain': domain },
        }),
      });
      expect(summary.quarantined).toBe(0);
      rows += summary.rowsRead;
      duplicates += summary.duplicates;
    }
    expect(rows).toBe(5235);
    expect(duplicates).toBe(4);
    const samples = readSamples(db, getDataset(db, 'mmlu').id);
    expect(samples).toHaveLength(5231);
    const accuracy = (lane: string) => samples.filter((s) => s.labels[lane] === true).length / samples.length;
    expect(accuracy('cheap')).toBeCloseTo(0.651, 2);
    expect(accuracy('strong')).toBeCloseTo(0.779, 2);
  });

  it('reads GSM8K with both label columns and both response columns mapped', async () => {
    const summary = await ingest(db, {
      files: [join(shared!, 'gsm8k_responses.csv')],
      options: IngestOptionsSchema.parse({
        map: {
          'labels.cheap': CHEAP,
          'labels.strong': STRONG,
          'responses.cheap': `${CHEAP}_response`,
          'responses.strong': `${STRONG}_response`,
        },
      }),
    });
    expect(summary).toMatchObject({ dataset: 'gsm8k_responses', rowsRead: 1319, ingested: 1319, quarantined: 0 });
    const samples = readSamples(db, getDataset(db, 'gsm8k_responses').id);
    const complete = samples.filter(
      (s) => typeof s.labels.cheap === 'boolean' && typeof s.labels.strong === 'boolean' && s.responses.cheap && s.responses.strong,
    );
    expect(complete).toHaveLength(1319);
  });
});
