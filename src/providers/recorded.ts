import type { z } from 'zod';
import type { RecordedLaneSchema } from '../config/lanes.js';
import { ProviderError, type LaneProvider } from '../domain/call.js';
import { estimateTokens } from './pricing.js';

export type RecordedLane = z.infer<typeof RecordedLaneSchema>;

/** Finish reason of a sample that carries only an outcome label for the lane (benchmark files), no answer text. */
export const LABEL_ONLY = 'label_only';

/**
 * Answers from the traffic itself: `responses[<lane>]` of the sample being replayed.
 * Nothing is called and nothing is paid, so tokens are estimated from text length and
 * marked as such. A sample with neither an answer nor a label for the lane is a
 * per-sample error the summary reports, never a crash.
 */
export function createRecordedProvider(lane: RecordedLane, _env: NodeJS.ProcessEnv, laneName: string): LaneProvider {
  return {
    provider: 'recorded',
    model: lane.model,
    async complete(request, _signal, context) {
      const sample = context?.sample;
      if (!sample) throw new Error('recorded provider called without the sample (a bug in the caller)');
      const inputTokens = estimateTokens(request.messages.map((m) => m.content).join('\n'));
      const text = sample.responses[laneName];
      if (text !== undefined) {
        return { text, inputTokens, outputTokens: estimateTokens(text), finishReason: 'recorded', estimated: true };
      }
      if (sample.labels[laneName] !== undefined) {
        return { text: '', inputTokens, outputTokens: 0, finishReason: LABEL_ONLY, estimated: true };
      }
      throw new ProviderError(
        'invalid_request',
        `sample "${sample.id}" has no recorded answer for lane "${laneName}" (responses.${laneName})`,
      );
    },
  };
}
