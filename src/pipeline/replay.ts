import { resolveConfigPath, type LoadedConfig } from '../config/load.js';
import { checkLaneRules, type LanesConfig } from '../config/lanes.js';
import { IngestOptionsSchema } from '../config/schema.js';
import { IncompleteRunError, InputError, InterruptedError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import type { Executor } from '../exec/executor.js';
import { executorFromConfig } from '../exec/fromConfig.js';
import type { ProgressSink } from '../report/progress.js';
import { writeRunReport } from '../report/html/write.js';
import { summarizeLanes, type LaneSummary } from '../report/replaySummary.js';
import { listCalls } from '../store/calls.js';
import { defaultDataset, getDataset, type DatasetRow } from '../store/datasets.js';
import type { Db } from '../store/db.js';
import { createRun, getRun, judgeSpend, latestIncompleteRun, setRunClustering, setRunStatus, type Run, type RunStatus } from '../store/runs.js';
import { readSamples } from '../store/samples.js';
import { clusterDataset } from './cluster.js';
import { embedDataset } from './embed.js';
import { dirname, join } from 'node:path';
import { analyseRun } from './analyse.js';
import { exportRoutingTable, type ExportSummary } from './export.js';
import { ingest } from './ingest.js';
import { judgeRun, type JudgeRunSummary } from './judge.js';
import { replayLanes, type LaneStageResult } from './lanes.js';
import { estimateReplay, type LaneEstimate } from './replayEstimate.js';
import { sampleRunTraffic } from './sample.js';
import { freezeConfig, runConfigHash } from './runConfig.js';
import { createLaneProvider } from '../providers/registry.js';

export interface ReplayOptions {
  loaded: LoadedConfig;
  dataset?: string;
  /** Traffic files to ingest first (else the config's `traffic.files`, if any). */
  traffic?: string[];
  /** Resume this run. */
  resume?: string;
  /** Start a fresh run even when an unfinished one with the same config exists. */
  newRun?: boolean;
  dryRun?: boolean;
  /** USD over the whole run; overrides replay.maxCost. */
  maxCost?: number;
  noCache?: boolean;
  retryErrors?: boolean;
  /** Fit on the earlier part, report on the rest (fraction held out); overrides holdout.fraction. */
  holdout?: number;
  /** Replay a stratified sample of this many samples (by cluster and segment, seeded). */
  sample?: number;
  /** Where API keys are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: stop scheduling, let calls in flight finish (bounded), save. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  log?: (line: string) => void;
}

export type ReplayResult =
  | { kind: 'dry-run'; dataset: string; samples: number; estimates: LaneEstimate[] }
  | {
      kind: 'run';
      runId: string;
      dataset: string;
      resumed: boolean;
      status: RunStatus;
      lanes: LaneSummary[];
      /** Spend of this run so far (all invocations, lanes and judge), USD. */
      spentUsd: number;
      /** Why the run is not complete, when it is not. */
      reason?: string;
      /** The judge pass, when the config has a judge and the lanes completed. */
      judge?: JudgeRunSummary;
      /** Whether the analysis was computed and stored (then `router-eval report` shows it). */
      analysed: boolean;
      /** The routing table written for the analysed run. */
      routingTable?: ExportSummary;
      /** Path of the run's HTML report. */
      htmlReport?: string;
    };

/**
 * `router-eval replay`: a sequence of small stages over one store. Later stages
 * (judge, analysis) append theirs after the lanes.
 */
export async function replay(db: Db, options: ReplayOptions): Promise<ReplayResult> {
  const { config } = options.loaded;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const lanes = checkLaneRules(config.lanes, config.replay);
  const dataset = await ingestStage(db, options);
  const samples = readSamples(db, dataset.id);
  if (samples.length === 0) throw new InputError(`dataset "${dataset.name}" has no samples`);
  const useCache = config.replay.cache && !options.noCache;

  if (options.dryRun) {
    return { kind: 'dry-run', dataset: dataset.name, samples: samples.length, estimates: estimateReplay(db, samples, lanes, useCache) };
  }

  // A missing key fails here, before a run is created and the samples embedded and clustered.
  for (const [name, lane] of Object.entries(lanes)) createLaneProvider(name, lane, env);
  const { run, resumed } = openRunStage(db, dataset, options, env, log);
  try {
    await embedClusterStage(db, run, dataset, options, log);
    const chosen = options.sample === undefined ? samples : sampleRunTraffic(db, run.id, samples, options.sample, config.clustering.seed);
    if (chosen.length < samples.length) log(`sample: replaying ${chosen.length} of ${samples.length} samples (stratified by cluster and segment)`);
    const maxCost = options.maxCost ?? config.replay.maxCost;
    const spentBefore = runSpend(db, run.id, lanes);
    const executor = executorFromConfig(config.executor, {
      maxCostUsd: maxCost === undefined ? undefined : Math.max(0, maxCost - spentBefore),
      onEvent: (event) => options.progress?.executorEvent(event),
    });
    const stopOnSignal = (): void => {
      log('stopping: no new calls; waiting for the calls in flight…');
      executor.interrupt();
      void executor.drain(config.executor.drainTimeoutMs);
    };
    if (options.signal?.aborted) stopOnSignal();
    options.signal?.addEventListener('abort', stopOnSignal, { once: true });
    try {
      const stage = await replayLanes(db, {
        runId: run.id,
        samples: chosen,
        lanes,
        executor,
        env,
        cache: useCache,
        retryErrors: options.retryErrors ?? false,
        progress: options.progress,
      });
      const result = finishStage(db, run, dataset, chosen, lanes, executor, stage, { maxCost, maxErrorRate: config.replay.maxErrorRate }, resumed);
      if (result.kind !== 'run' || result.status !== 'complete') return result;
      return await judgeAndAnalyseStage(db, result, executor, options, env, log);
    } finally {
      options.signal?.removeEventListener('abort', stopOnSignal);
      options.progress?.stop();
    }
  } catch (error) {
    setRunStatus(db, run.id, 'failed');
    throw error;
  }
}

/** Throws the error that gives the CLI its exit code when a run did not complete (after its summary is printed). */
export function throwIfUnfinished(result: ReplayResult, resumeCommand: string): void {
  if (result.kind !== 'run' || result.status === 'complete') return;
  if (result.status === 'interrupted') {
    throw new InterruptedError(`interrupted; completed calls are saved. Resume with: ${resumeCommand}`);
  }
  throw new IncompleteRunError(`run ${result.runId} is incomplete: ${result.reason ?? 'some samples have no call'}. Continue with: ${resumeCommand}`);
}

async function ingestStage(db: Db, options: ReplayOptions): Promise<DatasetRow> {
  const { loaded } = options;
  const name = options.dataset ?? loaded.config.dataset;
  const traffic = loaded.config.traffic;
  const files = options.traffic?.length ? options.traffic : traffic?.files.map((file) => resolveConfigPath(loaded, file));
  if (files?.length) {
    const { files: _files, ...fromConfig } = traffic ?? { files: [] };
    const summary = await ingest(db, { files, dataset: name, options: IngestOptionsSchema.parse(fromConfig) });
    options.log?.(`ingest: ${summary.ingested} new samples, ${summary.duplicates} already stored, ${summary.quarantined} quarantined (dataset ${summary.dataset})`);
    return getDataset(db, summary.dataset);
  }
  return name === undefined ? defaultDataset(db) : getDataset(db, name);
}

function openRunStage(
  db: Db,
  dataset: DatasetRow,
  options: ReplayOptions,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): { run: Run; resumed: boolean } {
  const { config } = options.loaded;
  const configHash = runConfigHash(config);
  let run: Run | undefined;
  if (options.resume !== undefined) {
    run = getRun(db, options.resume);
    if (run.datasetId !== dataset.id) throw new InputError(`--resume ${run.id}: that run replays another dataset (not "${dataset.name}")`);
    if (run.configHash !== configHash) {
      throw new InputError(`--resume ${run.id}: the config's lanes (or later stages) changed since that run started; start a new run with --new-run`);
    }
  } else if (!options.newRun) {
    run = latestIncompleteRun(db, dataset.id, configHash);
    if (run) log(`resuming run ${run.id} (${run.status}, started ${run.createdAt}) of the same dataset and config; --new-run starts afresh`);
  }
  if (run) {
    setRunStatus(db, run.id, 'running');
    return { run, resumed: true };
  }
  run = createRun(db, { datasetId: dataset.id, config: freezeConfig(config, env), configHash });
  log(`run ${run.id}: dataset ${dataset.name}`);
  return { run, resumed: false };
}

async function embedClusterStage(db: Db, run: Run, dataset: DatasetRow, options: ReplayOptions, log: (line: string) => void): Promise<void> {
  if (run.clusteringId !== undefined) return;
  const { config } = options.loaded;
  const embedded = await embedDataset(db, { dataset: dataset.name, embedding: config.embedding });
  log(`embed: ${embedded.embedded} embedded, ${embedded.cached} cached (${embedded.provider})`);
  const clustered = await clusterDataset(db, { datasetId: dataset.id, specHash: embedded.specHash, clustering: config.clustering });
  log(`cluster: k=${clustered.k} over ${clustered.samples} samples`);
  setRunClustering(db, run.id, clustered.clusteringId);
}

function finishStage(
  db: Db,
  run: Run,
  dataset: DatasetRow,
  samples: readonly Sample[],
  lanes: LanesConfig,
  executor: Executor,
  stage: LaneStageResult,
  limits: { maxCost: number | undefined; maxErrorRate: number },
  resumed: boolean,
): ReplayResult {
  const { maxCost, maxErrorRate } = limits;
  const laneList = Object.entries(lanes).map(([lane, l]) => ({ lane, provider: l.provider, model: l.model }));
  const summaries = summarizeLanes(listCalls(db, run.id), laneList, samples.length);
  const spentUsd = runSpend(db, run.id, lanes);
  const missing = summaries.reduce((sum, s) => sum + s.missing, 0);
  let status: RunStatus = 'complete';
  let reason: string | undefined;
  if (executor.interrupted) {
    status = 'interrupted';
    reason = 'interrupted';
  } else if (Object.keys(stage.stopped).length) {
    status = 'incomplete';
    reason = Object.entries(stage.stopped)
      .map(([lane, why]) => `lane ${lane} stopped (${why}); fix it, then re-attempt its failed call with --retry-errors`)
      .join('; ');
  } else if (executor.budgetReached) {
    status = 'incomplete';
    reason = `budget of $${maxCost ?? 0} reached after $${spentUsd.toFixed(4)} spent; ${missing} call(s) left; raise --max-cost`;
  } else if (missing > 0) {
    status = 'incomplete';
    reason = `${missing} call(s) missing`;
  } else {
    const failing = summaries
      .map((s) => ({ lane: s.lane, failed: s.calls - s.ok, calls: s.calls }))
      .filter((s) => s.calls > 0 && s.failed / s.calls > maxErrorRate);
    if (failing.length) {
      status = 'incomplete';
      reason =
        failing.map((f) => `lane ${f.lane}: ${f.failed} of ${f.calls} calls failed`).join('; ') +
        ` (over replay.maxErrorRate ${maxErrorRate}); re-attempt them with --retry-errors`;
    }
  }
  setRunStatus(db, run.id, status, { lanes: summaries, spentUsd, skipped: stage.skipped, stopped: stage.stopped });
  return { kind: 'run', runId: run.id, dataset: dataset.name, resumed, status, lanes: summaries, spentUsd, reason, analysed: false };
}

/**
 * After complete lanes: the judge (sharing the lanes' executor, so one budget covers
 * both), then the analysis. A judge pass cut short by the budget or an interrupt leaves
 * the run incomplete or interrupted, resumable like the lanes.
 */
async function judgeAndAnalyseStage(
  db: Db,
  lanesResult: Extract<ReplayResult, { kind: 'run' }>,
  executor: Executor,
  options: ReplayOptions,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<ReplayResult> {
  const { config } = options.loaded;
  let result = lanesResult;
  if (!config.judge) {
    log('no judge in the config: stopping after the lanes');
    return result;
  }
  const judge = await judgeRun(db, { runId: result.runId, judge: config.judge, executor, env, progress: options.progress });
  log(`judge: ${judge.judgedNow} judged now, ${judge.reused} reused, judge spend $${judge.spentUsd.toFixed(4)}`);
  result = { ...result, spentUsd: result.spentUsd + judge.spentUsd };
  const skipped = Object.values(judge.skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  if (skipped > 0) {
    const status: RunStatus = executor.interrupted ? 'interrupted' : 'incomplete';
    const reason = executor.interrupted
      ? 'interrupted while judging'
      : `${skipped} pair(s) not judged (${Object.keys(judge.skipped).join(', ')})${executor.budgetReached ? '; raise --max-cost' : ''}`;
    setRunStatus(db, result.runId, status);
    return { ...result, status, reason, judge };
  }
  analyseRun(db, { runId: result.runId, config, holdout: options.holdout });
  const routingTable = exportRoutingTable(db, { runId: result.runId, out: join(runOutputDir(db, result.runId), 'routing-table.json') });
  log(`routing table: ${routingTable.out} (${routingTable.divertedClusters} of ${routingTable.clusters} clusters diverted, ${routingTable.overrides} segment overrides)`);
  const htmlReport = writeRunReport(db, result.runId, runOutputDir(db, result.runId));
  if (htmlReport) log(`html report: ${htmlReport}`);
  return { ...result, judge, analysed: true, routingTable, htmlReport };
}

/** Where a run's files go: a folder named after the run beside the store (runs/<run-id>/ by default). */
export function runOutputDir(db: Db, runId: string): string {
  return join(dirname(db.name), runId);
}

/** Real spend of a run so far: calls made (not reused) on billable lanes, and every judge pass. */
function runSpend(db: Db, runId: string, lanes: LanesConfig): number {
  const laneSpend = listCalls(db, runId)
    .filter((call) => call.attempts > 0 && lanes[call.lane]?.provider !== 'recorded')
    .reduce((sum, call) => sum + (call.costUsd ?? 0), 0);
  return laneSpend + judgeSpend(db, runId);
}
