import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingSchema } from '../../src/config/embedding.js';
import { IngestOptionsSchema } from '../../src/config/schema.js';
import { embedDataset } from '../../src/pipeline/embed.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore, type Db } from '../../src/store/db.js';
import { fakeEmbedding, startFakeUpstream, type FakeUpstream } from '../fixtures/fakeUpstream.js';
import { makeTempDir } from '../helpers/cli.js';

describe('embed stage with the remote openai embedder', () => {
  let upstream: FakeUpstream;
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    temp = makeTempDir();
    db = openStore(join(temp.dir, 'store.db'));
    const file = join(temp.dir, 'traffic.jsonl');
    writeFileSync(file, ['reset my password', 'refund order 12', 'why is my bill high'].map((prompt, i) => JSON.stringify({ id: `s${i}`, prompt })).join('\n'));
    await ingest(db, { files: [file], dataset: 'd', options: IngestOptionsSchema.parse({}) });
  });
  afterAll(async () => {
    db.close();
    temp.cleanup();
    await upstream.close();
  });

  it('embeds through the OpenAI-compatible endpoint once, then serves the cache, and keeps the key out of the store', async () => {
    const embedding = EmbeddingSchema.parse({ provider: 'openai', model: 'local-embedder', baseURL: upstream.openaiBaseURL, dimensions: 64, apiKeyEnv: 'EMBED_KEY' });
    process.env.EMBED_KEY = 'sk-embed-secret-0123456789';
    try {
      const first = await embedDataset(db, { dataset: 'd', embedding });
      expect(first).toMatchObject({ provider: 'openai', dimensions: 64, samples: 3, embedded: 3, cached: 0 });
      expect(upstream.callsByKind.embeddings).toBe(1);
      const again = await embedDataset(db, { dataset: 'd', embedding });
      expect(again).toMatchObject({ embedded: 0, cached: 3, specHash: first.specHash });
      expect(upstream.callsByKind.embeddings).toBe(1);
    } finally {
      delete process.env.EMBED_KEY;
    }
    const stored = db.prepare('SELECT vector FROM embeddings').all() as { vector: Buffer }[];
    const vectors = stored.map((row) => Array.from(new Float32Array(row.vector.buffer, row.vector.byteOffset, 64)).map((v) => v.toFixed(5)));
    expect(vectors).toContainEqual(fakeEmbedding('reset my password', 64).map((v) => v.toFixed(5)));
    const dump = JSON.stringify(db.prepare("SELECT * FROM sqlite_master").all()) + JSON.stringify(db.prepare('SELECT * FROM embedder_specs').all());
    expect(dump).not.toContain('sk-embed-secret');
  });
});
