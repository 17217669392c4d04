import type { EmbeddingConfig } from '../config/embedding.js';
import { contentHash, sha256 } from '../domain/hash.js';
import { requestText } from '../domain/sample.js';
import { createEmbedder } from '../embed/create.js';
import type { Db } from '../store/db.js';
import { getDataset } from '../store/datasets.js';
import {
  datasetFingerprint,
  findFittedSpec,
  readRequestPage,
  recordDatasetEmbedding,
  saveSpec,
  vectorWriter,
} from '../store/embeddings.js';

export interface EmbedRequest {
  /** Dataset name (replay and the CLI call it by name). */
  dataset: string;
  embedding: EmbeddingConfig;
  /** Called after each batch with samples done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbedSummary {
  dataset: string;
  datasetId: number;
  provider: string;
  specHash: string;
  dimensions: number;
  samples: number;
  /** Distinct texts embedded by this run. */
  embedded: number;
  /** Samples whose vector was already stored (or embedded earlier in this run for an identical text). */
  cached: number;
  /** Whether the embedder was fitted now (false: the spec fitted on these same samples was reused). */
  fitted: boolean;
  seconds: number;
}

const PAGE = 2000;

/**
 * Embeds every sample of a dataset: the text of a sample is `requestText(sample)` (the
 * system prompt, then every user turn). Vectors are cached by (spec hash, text hash),
 * so a re-run embeds nothing it has embedded before. The local embedder is fitted on
 * the dataset (its IDF) unless this config already fitted it on these same samples.
 */
export async function embedDataset(db: Db, request: EmbedRequest): Promise<EmbedSummary> {
  const started = performance.now();
  const { id: datasetId, name } = getDataset(db, request.dataset);
  const fingerprint = datasetFingerprint(db, datasetId);
  const configHash = contentHash(request.embedding);
  const reuse = findFittedSpec(db, datasetId, configHash, fingerprint);
  const embedder = createEmbedder(request.embedding, {
    reuse: reuse?.spec,
    corpus: () => requestTexts(db, datasetId),
  });
  const specId = saveSpec(db, embedder.spec, embedder.specHash);
  const writer = vectorWriter(db);
  const summary: EmbedSummary = {
    dataset: name,
    datasetId,
    provider: embedder.spec.provider,
    specHash: embedder.specHash,
    dimensions: embedder.dimensions,
    samples: fingerprint.samples,
    embedded: 0,
    cached: 0,
    fitted: reuse === undefined,
    seconds: 0,
  };

  // Texts waiting for the next batch, by hash, so a text repeated within a batch is embedded once.
  const pending = new Set<string>();
  let pendingTexts: string[] = [];
  let pendingHashes: string[] = [];
  let sampleTexts: { datasetId: number; sampleId: string; textHash: string }[] = [];
  const flush = async (): Promise<void> => {
    const vectors = pendingTexts.length > 0 ? await embedder.embed(pendingTexts) : [];
    writer.write(specId, vectors.map((vector, i) => ({ textHash: pendingHashes[i]!, vector })), sampleTexts);
    summary.embedded += vectors.length;
    pendingTexts = [];
    pendingHashes = [];
    sampleTexts = [];
    pending.clear();
    request.onProgress?.(summary.embedded + summary.cached, fingerprint.samples);
  };

  let afterSeq = 0;
  for (let page = readRequestPage(db, datasetId, 0, PAGE); page.length > 0; page = readRequestPage(db, datasetId, afterSeq, PAGE)) {
    for (const row of page) {
      const text = requestText(row.request);
      const textHash = sha256(text);
      sampleTexts.push({ datasetId, sampleId: row.id, textHash });
      if (pending.has(textHash) || writer.has(specId, textHash)) {
        summary.cached += 1;
      } else {
        pending.add(textHash);
        pendingTexts.push(text);
        pendingHashes.push(textHash);
      }
      if (sampleTexts.length >= request.embedding.batchSize) await flush();
    }
    afterSeq = page.at(-1)!.seq;
  }
  await flush();
  recordDatasetEmbedding(db, datasetId, specId, configHash, fingerprint);
  summary.seconds = round2((performance.now() - started) / 1000);
  return summary;
}

/** The dataset's request texts in ingest order, paged so the connection is free between pages. */
function* requestTexts(db: Db, datasetId: number): Generator<string> {
  let afterSeq = 0;
  for (let page = readRequestPage(db, datasetId, 0, PAGE); page.length > 0; page = readRequestPage(db, datasetId, afterSeq, PAGE)) {
    for (const row of page) yield requestText(row.request);
    afterSeq = page.at(-1)!.seq;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
