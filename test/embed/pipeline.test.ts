import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { openStore, type Db } from '../../src/store/db.js';
import { countEmbedded, getSpec, latestDatasetSpecHash } from '../../src/store/embeddings.js';
import { getDataset } from '../../src/store/datasets.js';
import { makeTempDir } from '../helpers/cli.js';

const embedding = EmbeddingSchema.parse({ provider: 'local', dimensions: 64, batchSize: 3 });

describe('embedDataset', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  const ingestLines = async (name: string, rows: object[]): Promise<void> => {
    const file = join(temp.dir, name);
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    await ingest(db, { files: [file], dataset: 'd', options: IngestOptionsSchema.parse({}) });
  };

  beforeEach(() => {
    temp = makeTempDir();
    db = openStore(join(temp.dir, 'store.db'));
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('embeds each distinct request text once and serves re-runs from the cache', async () => {
    await ingestLines('a.jsonl', [
      { id: 'a', prompt: 'reset my password' },
      { id: 'b', prompt: 'reset my password', tag: 'dup-text' },
      { id: 'c', system: 'You are terse.', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'bye' }] },
      { id: 'd', prompt: '?' },
      { id: 'e', prompt: 'Привет, как дела?' },
    ]);
    const first = await embedDataset(db, { dataset: 'd', embedding });
    expect(first).toMatchObject({ dataset: 'd', provider: 'local', dimensions: 64, samples: 5, embedded: 4, cached: 1, fitted: true });
    const again = await embedDataset(db, { dataset: 'd', embedding });
    expect(again).toMatchObject({ samples: 5, embedded: 0, cached: 5, fitted: false, specHash: first.specHash });

    const datasetId = getDataset(db, 'd').id;
    expect(latestDatasetSpecHash(db, datasetId)).toBe(first.specHash);
    const { id: specId, spec } = getSpec(db, first.specHash);
    expect(spec.provider).toBe('local');
    expect(countEmbedded(db, datasetId, specId)).toBe(5);
  });

  it('refits the IDF when the dataset grows, under a new spec hash', async () => {
    await ingestLines('a.jsonl', [{ id: 'a', prompt: 'one' }, { id: 'b', prompt: 'two' }]);
    const first = await embedDataset(db, { dataset: 'd', embedding });
    await ingestLines('b.jsonl', [{ id: 'c', prompt: 'three' }]);
    const progress: number[] = [];
    const second = await embedDataset(db, { dataset: 'd', embedding, onProgress: (done) => progress.push(done) });
    expect(second.specHash).not.toBe(first.specHash);
    expect(second).toMatchObject({ samples: 3, embedded: 3, cached: 0, fitted: true });
    expect(progress.at(-1)).toBe(3);
  });

  it('names the missing dataset', async () => {
    await expect(embedDataset(db, { dataset: 'nope', embedding })).rejects.toThrow(/dataset "nope" not found/);
  });

});
