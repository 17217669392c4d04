import { join } from 'node:path';
import { ConfigSchema, type Config } from '../../src/config/schema.js';
import { openStore, type Db } from '../../src/store/db.js';
import { judgeRun } from '../../src/pipeline/judge.js';
import { replay } from '../../src/pipeline/replay.js';
import { makeTempDir, projectRoot } from '../helpers/cli.js';

export const DEMO_TRAFFIC = join(projectRoot, 'datasets/demo/traffic.jsonl');

export interface DemoRun {
  db: Db;
  dbPath: string;
  dir: string;
  runId: string;
  config: Config;
  cleanup: () => void;
}

/**
 * The demo traffic through the real stages (ingest, embed, cluster with k=10, recorded
 * lanes, the labels judge) into a fresh store: a judged run ready to analyse, not yet analysed.
 */
export async function judgedDemoRun(options: { judge?: boolean; traffic?: string } = {}): Promise<DemoRun> {
  const { dir, cleanup } = makeTempDir('router-eval-report-');
  const dbPath = join(dir, 'store.db');
  const config = ConfigSchema.parse({
    dataset: 'demo',
    traffic: { files: [options.traffic ?? DEMO_TRAFFIC] },
    lanes: { strong: { provider: 'recorded', model: 'gpt-4o' }, cheap: { provider: 'recorded', model: 'gpt-4o-mini' } },
    clustering: { k: 10 },
    judge: { type: 'labels' },
  });
  const db = openStore(dbPath);
  // Replay without the judge (replay would judge and analyse): the tests start from a run not yet analysed.
  const result = await replay(db, { loaded: { config: { ...config, judge: undefined }, baseDir: dir } });
  if (result.kind !== 'run' || result.status !== 'complete') throw new Error(`demo replay did not complete: ${JSON.stringify(result)}`);
  if (options.judge !== false) await judgeRun(db, { runId: result.runId, judge: config.judge! });
  return {
    db,
    dbPath,
    dir,
    runId: result.runId,
    config,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}
