import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePromptsJsonl } from '../bench/generate.js';
import { makeTempDir, runCli } from '../helpers/cli.js';

describe('router-eval embed / cluster', () => {
  const temp = makeTempDir();
  const db = join(temp.dir, 'store.db');

  beforeAll(async () => {
    await writePromptsJsonl(join(temp.dir, 'traffic.jsonl'), 250, 5);
    expect((await runCli(['ingest', join(temp.dir, 'traffic.jsonl'), '--db', db])).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('refuses to cluster before embedding, naming what to run', async () => {
    const result = await runCli(['cluster', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no embeddings; run "router-eval embed --dataset traffic"/);
  });

  it('embeds, then reports everything cached on a re-run', async () => {
    const first = await runCli(['embed', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/dataset traffic: 250 samples, 250 texts embedded, 0 cached \(local, 256 dims/);
    const again = await runCli(['embed', '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ embedded: 0, cached: 250, fitted: false });
  });

  it('prints a compact table and the same clusters as JSON for the same seed', async () => {
    const table = await runCli(['cluster', '--db', db, '--k', 'auto', '--seed', '4']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^clustering 1 of dataset traffic: k=\d+ \(auto, silhouette [\d.]+/);
    expect(table.stdout).toMatch(/\n {2}id {2}size {3}share {2}label terms\n {3}0 /);
    expect(table.stderr).toContain('cluster: assign');
    const json = JSON.parse((await runCli(['cluster', '--db', db, '--k', 'auto', '--seed', '4', '--json', '--quiet'])).stdout);
    expect(json).toMatchObject({ dataset: 'traffic', clusteringId: 2, samples: 250 });
    const rows = table.stdout.trim().split('\n').slice(2);
    expect(rows).toHaveLength(json.k);
    expect(rows[0]).toContain(json.clusters[0].labels.join(', '));
  });

  it('rejects a bad --k as a usage error', async () => {
    const result = await runCli(['cluster', '--db', db, '--k', 'many']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('router-eval: --k: expected a whole number from 1 to 1000 or "auto", found "many"\n');
    const tooMany = await runCli(['cluster', '--db', db, '--k', '2000']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toBe('router-eval: --k: expected a whole number from 1 to 1000 or "auto", found "2000"\n');
  });
});
