import type { EmbeddingConfig } from '../config/embedding.js';
import type { Embedder, EmbedderSpec } from './embedder.js';
import { createLocalEmbedder, fitLocalSpec } from './local.js';

export interface EmbedderSource {
  /** A spec fitted earlier from this same config on the same samples: reused instead of refitting. */
  reuse?: EmbedderSpec;
  /** The dataset's texts, streamed; read only by embedders fitted on the data (the local IDF). */
  corpus: () => Iterable<string>;
}

/** The embedder a config section describes: one case per provider of the union. */
export function createEmbedder(config: EmbeddingConfig, source: EmbedderSource): Embedder {
  switch (config.provider) {
    case 'local': {
      const spec = source.reuse?.provider === 'local' ? source.reuse : fitLocalSpec(config, source.corpus());
      return createLocalEmbedder(spec);
    }
  }
}
