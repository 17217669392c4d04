import type { Config } from '../config/schema.js';
import type { LanesConfig } from '../config/lanes.js';
import { contentHash } from '../domain/hash.js';
import { redactSecrets } from '../providers/errors.js';
import { publicBaseURL } from '../providers/laneRequest.js';

/** Settings that never change an answer: changing them still resumes the same run. */
const NOT_IDENTITY = new Set(['$schema', 'db', 'dataset', 'traffic', 'executor', 'replay']);

/**
 * The config as stored with a run: endpoints without credentials, and any string that
 * equals the value of a key variable the config names redacted (a key pasted into the
 * wrong field must not reach the store).
 */
export function freezeConfig(config: Config, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const secrets = keyValues(config.lanes, env);
  const frozen = JSON.parse(JSON.stringify(config), (key: string, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (key === 'baseURL') return publicBaseURL(value);
    return redactSecrets(value, secrets);
  }) as Record<string, unknown>;
  return frozen;
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

function keyValues(lanes: LanesConfig | undefined, env: NodeJS.ProcessEnv): string[] {
  const names = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']);
  for (const lane of Object.values(lanes ?? {})) if ('apiKeyEnv' in lane) names.add(lane.apiKeyEnv);
  return [...names].map((name) => env[name]).filter((value): value is string => value !== undefined && value.length >= 8);
}
