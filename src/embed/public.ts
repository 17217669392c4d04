/** What consumers of embeddings import: the contract and the local embedder's pure functions. */
export { EmbedderSpecSchema, type Embedder, type EmbedderSpec } from './embedder.js';
export { embedLocal, localEmbedFunction, fitLocalSpec, createLocalEmbedder } from './local.js';
export { LocalSpecSchema, type LocalSpec } from './localSpec.js';
