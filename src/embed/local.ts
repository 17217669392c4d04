import type { LocalEmbeddingConfig } from '../config/embedding.js';
import { contentHash } from '../domain/hash.js';
import type { Embedder } from './embedder.js';
import { extractFeatures, FeatureBuffer, normalizeText, type FeatureParams } from './features.js';
import { LOCAL_EMBEDDER_VERSION, type LocalSpec } from './localSpec.js';

/**
 * The local embedder: signed feature hashing of word and character n-grams into
 * `dimensions` buckets, sublinear term frequency (1 + ln tf per distinct feature),
 * one IDF weight per bucket fitted on the dataset, L2-normalised. Pure and
 * synchronous so a routing-table runtime can embed a prompt from the spec alone.
 */

/** Fits the per-bucket IDF over a stream of texts (one pass, O(dimensions) memory). */
export function fitLocalSpec(config: LocalEmbeddingConfig, texts: Iterable<string>): LocalSpec {
  const { dimensions } = config;
  const params: FeatureParams = { wordNgrams: config.wordNgrams, charNgrams: config.charNgrams };
  const df = new Float64Array(dimensions);
  const seenIn = new Int32Array(dimensions).fill(-1);
  const buffer = new FeatureBuffer();
  let documents = 0;
  for (const text of texts) {
    extractFeatures(normalizeText(text), params, buffer);
    for (let i = 0; i < buffer.length; i++) {
      const bucket = buffer.hashes[i]! % dimensions;
      if (seenIn[bucket] !== documents) {
        seenIn[bucket] = documents;
        df[bucket]! += 1;
      }
    }
    documents += 1;
  }
  // Smoothed IDF as in scikit-learn: ln((1 + N) / (1 + df)) + 1, never zero.
  const idf = Array.from(df, (count) => round6(Math.log((1 + documents) / (1 + count)) + 1));
  return {
    provider: 'local',
    version: LOCAL_EMBEDDER_VERSION,
    dimensions,
    normalization: 'nfkc-lower',
    wordNgrams: [...config.wordNgrams],
    charNgrams: [...config.charNgrams],
    sublinearTf: true,
    documents,
    idf,
  };
}

/** An embedding function bound to a spec, reusing its scratch buffers between calls. */
export function localEmbedFunction(spec: LocalSpec): (text: string) => Float32Array {
  const { dimensions } = spec;
  const idf = Float64Array.from(spec.idf);
  const params: FeatureParams = { wordNgrams: spec.wordNgrams, charNgrams: spec.charNgrams };
  const buffer = new FeatureBuffer();
  const sums = new Float64Array(dimensions);
  return (text) => {
    extractFeatures(normalizeText(text), params, buffer);
    const hashes = buffer.hashes.subarray(0, buffer.length).sort();
    sums.fill(0);
    for (let i = 0; i < hashes.length; ) {
      const hash = hashes[i]!;
      let count = 1;
      while (i + count < hashes.length && hashes[i + count] === hash) count++;
      i += count;
      const bucket = hash % dimensions;
      const weight = (1 + Math.log(count)) * idf[bucket]!;
      sums[bucket]! += hash & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += sums[d]! * sums[d]!;
    const vector = new Float32Array(dimensions);
    // A text whose features all cancel out keeps the zero vector (cosine distance 1 to every centroid).
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dimensions; d++) vector[d] = sums[d]! * scale;
    return vector;
  };
}

/** Embeds one text from the spec alone: what the routing-table runtime calls for a new prompt. */
export function embedLocal(spec: LocalSpec, text: string): Float32Array {
  return localEmbedFunction(spec)(text);
}

export function createLocalEmbedder(spec: LocalSpec): Embedder {
  const embedOne = localEmbedFunction(spec);
  return {
    spec,
    specHash: contentHash(spec),
    dimensions: spec.dimensions,
    embed: (texts) => Promise.resolve(texts.map(embedOne)),
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
