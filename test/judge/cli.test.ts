import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createRunFixture } from './runFixture.js';

describe('router-eval judge', () => {
  it('judges a stored run with the configured judge and prints its reliability', async () => {
    const fixture = createRunFixture([
      { id: 'a', cheap: '#### 18', strong: 'It is 18.', labels: { cheap: true, strong: true } },
      { id: 'b', cheap: '#### 7', strong: 'It is 8.', labels: { cheap: false, strong: true } },
    ]);
    try {
      const config = `${fixture.dir}/config.json`;
      writeFileSync(config, JSON.stringify({ judge: { type: 'numeric' } }));
      const text = await runCli(['judge', '--db', fixture.dbPath, '--config', config, '--run', fixture.runId]);
      expect(text.stderr).not.toMatch(/internal error/);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/verdicts: cheap_better 0 \(0\.0%\), tie 1 \(50\.0%\), cheap_worse 1 \(50\.0%\)/);
      expect(text.stdout).toMatch(/agreement with gold labels: accuracy 100\.0%, kappa 1\.000 \(n=2\)/);
      const json = await runCli(['judge', '--db', fixture.dbPath, '--config', config, '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ runId: fixture.runId, reused: 2, judgedNow: 0, spentUsd: 0 });

      writeFileSync(config, JSON.stringify({}));
      const missing = await runCli(['judge', '--db', fixture.dbPath, '--config', config]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no "judge" section/);
    } finally {
      fixture.cleanup();
    }
  });
});
