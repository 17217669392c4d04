import type { Migration } from './index.js';

export const embeddingsClusters: Migration = {
  version: 2,
  name: 'embeddings, clusterings',
  sql: `
    -- Embedder specs (parameters and fitted state) by content hash.
    CREATE TABLE embedder_specs (
      id INTEGER PRIMARY KEY,
      spec_hash TEXT NOT NULL UNIQUE,
      provider TEXT NOT NULL,
      dimensions INTEGER NOT NULL,
      spec TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    -- The vector cache, keyed by (embedder spec, text hash); vector is little-endian Float32.
    CREATE TABLE embeddings (
      spec_id INTEGER NOT NULL REFERENCES embedder_specs(id) ON DELETE CASCADE,
      text_hash TEXT NOT NULL,
      vector BLOB NOT NULL,
      PRIMARY KEY (spec_id, text_hash)
    );

    -- sha256 of requestText(sample): joins a sample to its vector under any spec.
    CREATE TABLE sample_texts (
      dataset_id INTEGER NOT NULL,
      sample_id TEXT NOT NULL,
      text_hash TEXT NOT NULL,
      PRIMARY KEY (dataset_id, sample_id),
      FOREIGN KEY (dataset_id, sample_id) REFERENCES samples(dataset_id, id) ON DELETE CASCADE
    ) WITHOUT ROWID;

    -- Which spec embedded a dataset, from which config, over which samples (count and
    -- last seq): an unchanged dataset reuses its fitted spec instead of refitting.
    CREATE TABLE dataset_embeddings (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      spec_id INTEGER NOT NULL REFERENCES embedder_specs(id) ON DELETE CASCADE,
      config_hash TEXT NOT NULL,
      samples INTEGER NOT NULL,
      max_seq INTEGER NOT NULL,
      embedded_at TEXT NOT NULL,
      PRIMARY KEY (dataset_id, spec_id)
    );

    CREATE TABLE clusterings (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      spec_id INTEGER NOT NULL REFERENCES embedder_specs(id),
      k INTEGER NOT NULL,
      dims INTEGER NOT NULL,
      -- k*dims little-endian Float32, each centroid L2-normalised.
      centroids BLOB NOT NULL,
      params TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX clusterings_dataset ON clusterings(dataset_id, id);

    CREATE TABLE clusters (
      clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
      cluster INTEGER NOT NULL,
      size INTEGER NOT NULL,
      -- 95th percentile of members' cosine distance to the centroid.
      radius REAL NOT NULL,
      label_terms TEXT NOT NULL,
      -- [{sampleId, distance, text}] of the prompts nearest the centroid.
      nearest TEXT NOT NULL,
      PRIMARY KEY (clustering_id, cluster)
    ) WITHOUT ROWID;

    CREATE TABLE cluster_assignments (
      clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
      sample_id TEXT NOT NULL,
      cluster INTEGER NOT NULL,
      -- cosine distance (1 - cos) to the cluster's centroid.
      distance REAL NOT NULL,
      PRIMARY KEY (clustering_id, sample_id)
    ) WITHOUT ROWID;
  `,
};
