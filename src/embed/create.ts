import type { EmbeddingConfig } from '../config/embedding.js';
import type { Embedder, EmbedderSpec } from './embedder.js';
import { createLocalEmbedder, fitLocalSpec } from './local.js';
import { createOpenAIEmbedder } from './openai.js';

export interface EmbedderSource {
  /** A spec fitted earlier from this same config on the same samples: reused instead of refitting. */
  reuse?: EmbedderSpec;
  /** The dataset's texts, streamed; read only by embedders fitted on the data (the local IDF). */
  corpus: () => Iterable<string>;
  /** Where a remote embedder reads its API key; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The embedder a config section describes: one case per provider of the union. */
export function createEmbedder(config: EmbeddingConfig, source: EmbedderSource): Embedder {
  switch (config.provider) {
    case 'local': {
      const spec = source.reuse?.provider === 'local' ? source.reuse : fitLocalSpec(config, source.corpus());
      return createLocalEmbedder(spec);
    }
    case 'openai':
      return createOpenAIEmbedder(config, { env: source.env ?? process.env });
  }
}
