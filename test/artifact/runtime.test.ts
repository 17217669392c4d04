import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeSample } from '../../src/analysis/index.js';
import { buildRoutingTable, datasetProvenance, shortestFloat32 } from '../../src/artifact/build.js';
import { loadRoutingTable, parseRoutingTable, route } from '../../src/artifact/runtime.js';
import type { RoutingTable } from '../../src/artifact/schema.js';
import { InputError } from '../../src/domain/errors.js';
import { embedLocal } from '../../src/embed/local.js';
import { writeRoutingTableFile } from '../../src/pipeline/export.js';
import { readAssignments } from '../../src/store/clusterings.js';
import { openStore, type Db } from '../../src/store/db.js';
import { readSamples } from '../../src/store/samples.js';
import { makeTempDir } from '../helpers/cli.js';
import { analysedRun, LANES, ROUTING, type AnalysedRun } from './fixture.js';

describe('routing table artifact and runtime', () => {
  const temp = makeTempDir();
  let db: Db;
  let fixture: AnalysedRun;
  let table: RoutingTable;
  const tableFile = join(temp.dir, 'table.json');

  beforeAll(async () => {
    db = openStore(join(temp.dir, 'store.db'));
    fixture = await analysedRun(db, temp.dir);
    const { fallbackConfidence: _f, ...policy } = ROUTING;
    table = buildRoutingTable({
      createdAt: '2025-04-01T00:00:00.000Z',
      runId: fixture.runId,
      dataset: datasetProvenance('gen', readSamples(db, fixture.datasetId)),
      clustering: fixture.clustering,
      lanes: LANES,
      decisions: fixture.analysis.decisions,
      policy,
      judgeSpecHash: null,
    });
    writeRoutingTableFile(tableFile, table);
  });
  afterAll(() => {
    db.close();
    temp.cleanup();
  });

  it('fixture sanity: some clusters go cheap, some stay strong, and the harmed segment became an override', () => {
    const lanes = table.clusters.map((c) => c.lane);
    expect(lanes).toContain('cheap');
    expect(lanes).toContain('strong');
    expect(table.overrides.length).toBeGreaterThan(0);
    expect(table.overrides.every((o) => o.attribute === 'locale' && o.value === 'ja-JP' && o.lane === 'strong')).toBe(true);
  });

  it('round-trips: build, write, load gives an identical table', () => {
    const loaded = loadRoutingTable(tableFile);
    expect(loaded).toEqual(table);
    expect(parseRoutingTable(JSON.stringify(loaded)).checksum).toBe(table.checksum);
  });

  it('is pure: the same inputs build the same table and checksum', () => {
    const { fallbackConfidence: _f, ...policy } = ROUTING;
    const again = buildRoutingTable({
      createdAt: table.createdAt,
      runId: fixture.runId,
      dataset: table.source.dataset,
      clustering: fixture.clustering,
      lanes: LANES,
      decisions: fixture.analysis.decisions,
      policy,
      judgeSpecHash: null,
    });
    expect(again.checksum).toBe(table.checksum);
  });

  it('carries provenance and no secrets', () => {
    expect(table.schemaVersion).toBe(1);
    expect(table.source.dataset).toMatchObject({ name: 'gen', samples: 900, timeWindow: { from: '2025-03-01T10:00:00.000Z', to: '2025-03-28T10:00:00.000Z' } });
    expect(table.source.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(table.embedder.spec.provider).toBe('local');
    expect(table.lanes).toEqual([
      { name: 'cheap', provider: 'recorded', model: 'small-model' },
      { name: 'strong', provider: 'recorded', model: 'big-model' },
    ]);
    expect(table.outOfDistribution).toEqual({ rule: 'distance_above_radius', metric: 'cosine', lane: 'strong' });
    expect(readFileSync(tableFile, 'utf8')).not.toMatch(/apiKey|baseURL/);
  });

  it('detects tampering: one changed decision fails the checksum, naming the file', () => {
    const raw = JSON.parse(readFileSync(tableFile, 'utf8')) as RoutingTable;
    const strongCluster = raw.clusters.find((c) => c.lane === 'strong')!;
    strongCluster.lane = 'cheap';
    const tampered = join(temp.dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(raw));
    expect(() => loadRoutingTable(tampered)).toThrow(InputError);
    expect(() => loadRoutingTable(tampered)).toThrow(new RegExp(`^${escape(tampered)}: checksum mismatch`));
  });

  it('detects schema violations, naming the file and the field', () => {
    const raw = JSON.parse(readFileSync(tableFile, 'utf8')) as Record<string, unknown> & RoutingTable;
    raw.clusters[1]!.lane = 'medium';
    (raw.clusters[0] as unknown as Record<string, unknown>).radius = 'far';
    const broken = join(temp.dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(raw));
    const error = catchError(() => loadRoutingTable(broken));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`${broken}: not a valid routing table`);
    expect(error.message).toContain('clusters.0.radius');

    const newer = join(temp.dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...raw, schemaVersion: 2 }));
    expect(() => loadRoutingTable(newer)).toThrow(/schemaVersion 2 is newer/);
    expect(() => loadRoutingTable(join(temp.dir, 'missing.json'))).toThrow(/missing\.json: cannot read the routing table \(ENOENT\)/);
    writeFileSync(broken, '{"schemaVersion": 1,');
    expect(() => loadRoutingTable(broken)).toThrow(/broken\.json: not JSON/);
  });

  it('stores centroids that read back to exactly the clustering\'s Float32 values', () => {
    const { dims, centroids } = fixture.clustering;
    table.clusters.forEach((c, i) => expect(Float32Array.from(c.centroid)).toEqual(centroids.subarray(i * dims, (i + 1) * dims)));
    expect(shortestFloat32(0.1)).toBe(0.1);
    expect(Math.fround(shortestFloat32(Math.fround(1 / 3)))).toBe(Math.fround(1 / 3));
  });

  it('route() agrees with the analysis for every stored sample: cluster, distance, lane and reason', () => {
    const assignments = readAssignments(db, fixture.clustering.id);
    const samples = readSamples(db, fixture.datasetId);
    const reasons = new Set<string>();
    for (const [i, sample] of samples.entries()) {
      const judged = fixture.judged[i]!;
      const decided = route(table, { prompt: sample.prompt!, segments: sample.segments });
      const stored = assignments.get(sample.id)!;
      expect({ cluster: decided.cluster, distance: decided.distance }).toEqual(stored);
      const expected = routeSample(fixture.analysis.decisions, judged);
      expect({ id: sample.id, lane: decided.lane, reason: decided.reason }).toEqual({ id: sample.id, lane: expected.lane, reason: expected.reason });
      expect(decided.model).toBe(decided.lane === 'cheap' ? 'small-model' : 'big-model');
      reasons.add(decided.reason);
    }
    expect(reasons).toEqual(new Set(['cluster_decision', 'segment_override', 'out_of_distribution']));
  });

  it('sends an out-of-distribution prompt to the reference lane', () => {
    const decided = route(table, { prompt: 'Derive the renormalisation group flow of a lattice gauge theory with Wilson fermions.' });
    expect(decided.reason).toBe('out_of_distribution');
    expect(decided.lane).toBe('strong');
    expect(decided.distance).toBeGreaterThan(table.clusters[decided.cluster]!.radius);
  });

  it('applies a segment override only for the matching segment value', () => {
    const override = table.overrides[0]!;
    const sample = readSamples(db, fixture.datasetId).find((_, i) => {
      const j = fixture.judged[i]!;
      return j.cluster === override.cluster && j.distance <= table.clusters[override.cluster]!.radius;
    })!;
    const plain = route(table, { prompt: sample.prompt! });
    expect(plain).toMatchObject({ lane: 'cheap', reason: 'cluster_decision', cluster: override.cluster });
    const overridden = route(table, { prompt: sample.prompt! }, { [override.attribute]: override.value });
    expect(overridden).toMatchObject({ lane: 'strong', model: 'big-model', reason: 'segment_override', cluster: override.cluster });
    expect(route(table, { prompt: sample.prompt!, segments: { locale: 'de-DE' } }).reason).toBe('cluster_decision');
  });

  it('routes messages and vectors the same way as the equivalent prompt', () => {
    const prompt = 'Give me a recipe for risotto with garlic that serves 4 people.';
    const fromPrompt = route(table, { prompt, system: 'Be brief.' });
    expect(route(table, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] })).toEqual(fromPrompt);
    expect(route(table, { messages: [{ role: 'user', content: prompt }], system: 'Be brief.' })).toEqual(fromPrompt);
    if (table.embedder.spec.provider !== 'local') throw new Error('expected the local embedder');
    const vector = embedLocal(table.embedder.spec, `Be brief.\n${prompt}`);
    expect(route(table, { vector })).toEqual(fromPrompt);
    expect(route(table, { vector: Array.from(vector) })).toEqual(fromPrompt);
    // An embedder that does not normalise: same direction, same decision and distance.
    const scaled = route(table, { vector: Array.from(vector, (v) => v * 10) });
    expect(scaled).toMatchObject({ lane: fromPrompt.lane, cluster: fromPrompt.cluster, reason: fromPrompt.reason });
    expect(scaled.distance).toBeCloseTo(fromPrompt.distance, 5);
    expect(() => route(table, { vector: [1, 0, 0] })).toThrow(/3 values; this table's embedder makes 256/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
