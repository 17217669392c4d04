import { z } from 'zod';
import { PricingSchema } from '../config/lanes.js';
import type { Config } from '../config/schema.js';
import { contentHash } from '../domain/hash.js';
import { redactSecrets } from '../providers/errors.js';
import { publicBaseURL } from '../providers/laneRequest.js';

/** Settings that never change an answer: changing them still resumes the same run. */
// The analysis settings (routing, segments, holdout, gates) are applied again whenever a run is analysed.
const NOT_IDENTITY = new Set(['$schema', 'db', 'dataset', 'traffic', 'executor', 'replay', 'routing', 'segments', 'holdout', 'gates']);

/** The parts of a run's frozen config later stages read: which lanes ran, on what, and which is the reference. */
export const RunConfigSchema = z.looseObject({
  lanes: z.record(z.string(), z.looseObject({ provider: z.string(), model: z.string(), pricing: PricingSchema.optional() })).optional(),
  replay: z.looseObject({ strongLane: z.string().optional() }).optional(),
});

/**
 * The config as stored with a run: endpoints without credentials, and any string that
 * equals the value of a key variable the config names redacted (a key pasted into the
 * wrong field must not reach the store).
 */
export function freezeConfig(config: Config, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return withoutSecrets(config, keyValues(config, env)) as Record<string, unknown>;
}

/** A copy of any config section with every `baseURL` stripped of credentials and the given secret values redacted. */
export function withoutSecrets(section: unknown, secrets: readonly string[] = []): unknown {
  return JSON.parse(JSON.stringify(section), (key: string, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (key === 'baseURL') return publicBaseURL(value);
    return redactSecrets(value, secrets);
  });
}

/** Identifies "the same command" for resuming: lanes' output-changing fields, the reference lane and every later stage's section. */
export function runConfigHash(config: Config): string {
  const rest = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'lanes' && !NOT_IDENTITY.has(key)));
  const lanes = Object.fromEntries(
    Object.entries(config.lanes ?? {}).map(([name, lane]) => [
      name,
      {
        provider: lane.provider,
        model: lane.model,
        baseURL: publicBaseURL('baseURL' in lane ? lane.baseURL : undefined),
        system: lane.system,
        maxOutputTokens: lane.maxOutputTokens,
        temperature: lane.temperature,
        topP: lane.topP,
        stop: lane.stop,
      },
    ]),
  );
  return contentHash({ lanes, strongLane: config.replay.strongLane, rest });
}

/** The values of every key variable the config names (lanes, judge, embedder), and the default ones. */
function keyValues(config: Config, env: NodeJS.ProcessEnv): string[] {
  const names = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']);
  JSON.stringify(config, (key: string, value: unknown) => {
    if (key === 'apiKeyEnv' && typeof value === 'string') names.add(value);
    return value;
  });
  return [...names].map((name) => env[name]).filter((value): value is string => value !== undefined && value.length >= 8);
}
