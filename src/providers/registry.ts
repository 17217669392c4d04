import type { LaneConfig, LaneProviderName } from '../config/lanes.js';
import type { LaneProvider } from '../domain/call.js';
import { createAnthropicProvider } from './anthropic.js';
import { createOpenAIProvider } from './openai.js';
import { createRecordedProvider } from './recorded.js';

type LaneFactory<P extends LaneProviderName> = (
  lane: Extract<LaneConfig, { provider: P }>,
  env: NodeJS.ProcessEnv,
  laneName: string,
) => LaneProvider;

/** One adapter factory per `provider` value of the lane union (DESIGN.md: registries as plain data). */
export const laneProviders: { [P in LaneProviderName]: LaneFactory<P> } = {
  openai: createOpenAIProvider,
  anthropic: createAnthropicProvider,
  recorded: createRecordedProvider,
};

/** The adapter for a configured lane; keys are read from `env` here and nowhere else. */
export function createLaneProvider(laneName: string, lane: LaneConfig, env: NodeJS.ProcessEnv = process.env): LaneProvider {
  // The union's members and the map's keys correspond one to one; TS cannot correlate them itself.
  const factory = laneProviders[lane.provider] as LaneFactory<LaneProviderName>;
  return factory(lane, env, laneName);
}
