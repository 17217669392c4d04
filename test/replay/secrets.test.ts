import { describe, expect, it } from 'vitest';
import { LeafJudgeSchema } from '../../src/config/judge.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { judgeIdentity } from '../../src/judge/select.js';
import { freezeConfig, runConfigHash } from '../../src/pipeline/runConfig.js';
import { publicBaseURL } from '../../src/providers/laneRequest.js';

const ENDPOINT = 'https://user:PASSWORD-SECRET@llm.internal.example/v1?api-key=QUERY-SECRET#frag';

describe('what a run stores of its config', () => {
  it('strips credentials from every endpoint: user, password, query and fragment', () => {
    expect(publicBaseURL(ENDPOINT)).toBe('https://llm.internal.example/v1');
  });

  it('redacts the values of every key variable the config names, the judge and embedder ones included', () => {
    const config = ConfigSchema.parse({
      lanes: {
        cheap: { provider: 'openai', model: 'm1', baseURL: ENDPOINT, apiKeyEnv: 'CHEAP_KEY' },
        strong: { provider: 'openai', model: 'm2', system: 'JUDGE-KEY-VALUE-123 pasted by mistake' },
      },
      embedding: { provider: 'openai', model: 'text-embedding-3-small', apiKeyEnv: 'EMBED_KEY', baseURL: ENDPOINT },
      judge: { type: 'pairwise', provider: 'openai', model: 'j', apiKeyEnv: 'JUDGE_KEY', baseURL: ENDPOINT },
    });
    const frozen = JSON.stringify(freezeConfig(config, { JUDGE_KEY: 'JUDGE-KEY-VALUE-123', CHEAP_KEY: 'cheap-key-value', EMBED_KEY: 'embed-key-value' }));
    expect(frozen).not.toMatch(/SECRET|JUDGE-KEY-VALUE-123/);
    expect(frozen).toContain('https://llm.internal.example/v1');
  });

  it('keeps credentials out of the judge identity, and analysis settings out of the resume identity', () => {
    const judge = LeafJudgeSchema.parse({ type: 'pairwise', provider: 'openai', model: 'j', baseURL: ENDPOINT });
    expect(JSON.stringify(judgeIdentity(judge, undefined, { lanes: { cheap: 'cheap', strong: 'strong' } }))).not.toMatch(/SECRET/);
    const base = { lanes: { cheap: { provider: 'recorded', model: 'a' }, strong: { provider: 'recorded', model: 'b' } } };
    const hash = runConfigHash(ConfigSchema.parse(base));
    expect(runConfigHash(ConfigSchema.parse({ ...base, gates: { maxRegressionRate: 0.1 }, routing: { passThreshold: 0.8 }, holdout: { fraction: 0.3 } }))).toBe(hash);
    expect(runConfigHash(ConfigSchema.parse({ ...base, judge: { type: 'labels' } }))).not.toBe(hash);
  });
});
