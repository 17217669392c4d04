import type { JudgeConfig, LeafJudgeConfig, SingleJudgeConfig } from '../config/judge.js';
import { InputError } from '../domain/errors.js';
import type { Sample } from '../domain/sample.js';
import type { Verdict } from '../domain/verdict.js';
import { createLocalEmbedder } from '../embed/local.js';
import { createExecutor, type Executor, type SkipReason } from '../exec/executor.js';
import { judgePair, type JudgeDeps } from '../judge/judgePair.js';
import { judgeSingle } from '../judge/llm.js';
import { compareOutcomes } from '../judge/outcomes.js';
import { reliabilityFigures, type JudgedItem, type ReliabilityFigures } from '../judge/reliability.js';
import { RunConfigSchema, withoutSecrets } from './runConfig.js';
import { judgeForTag, judgeIdentity, judgeSpecHash, pairHash, singleJudgeForTag } from '../judge/select.js';
import type { EmbedTexts } from '../judge/similarity.js';
import { judgeCallFactory } from '../judge/transport.js';
import type { JudgePair } from '../judge/types.js';
import { LABEL_ONLY } from '../providers/recorded.js';
import type { ProgressSink } from '../report/progress.js';
import { listCalls } from '../store/calls.js';
import type { Db } from '../store/db.js';
import { getSpec, latestDatasetSpecHash } from '../store/embeddings.js';
import { addJudgeSpend, getRun } from '../store/runs.js';
import { readSamples } from '../store/samples.js';
import { clearRunVerdicts, listRunVerdicts, saveJudgeReport, verdictStore, type RunVerdict, type VerdictRole, type VerdictWrite } from '../store/verdicts.js';

export interface JudgeRunRequest {
  runId: string;
  judge: JudgeConfig;
  /** The executor the lanes used in a replay (one budget for both); a fresh one otherwise. */
  executor?: Executor;
  /** Budget for a fresh executor (USD). */
  maxCostUsd?: number;
  /** Where judge API keys are read from; never stored. */
  env?: NodeJS.ProcessEnv;
  /** The embedder for the similarity judge; default: the one the dataset was embedded with. */
  embed?: { embed: EmbedTexts; specHash: string };
  progress?: ProgressSink;
}

export interface LaneJudgement {
  /** The lane compared with the strong lane. */
  lane: string;
  figures: ReliabilityFigures;
  /** The cascade's single judge, when one is configured. */
  single?: ReliabilityFigures;
  /** What this pass paid the judge for this lane. */
  spentUsd: number;
}

export interface JudgeRunSummary {
  runId: string;
  strongLane: string;
  lanes: LaneJudgement[];
  /** Decisions reused from the store (same judge, same pair) and decisions made now. */
  reused: number;
  judgedNow: number;
  /** Judge spend of this pass, separate from lane spend. */
  spentUsd: number;
  /** Pairs left without a verdict because the executor declined (budget, interrupt, stopped pool). */
  skipped: Partial<Record<SkipReason, number>>;
}

interface WorkItem {
  sample: Sample;
  lane: string;
  role: VerdictRole;
  judge: LeafJudgeConfig;
  judgeHash: string;
  pair: JudgePair;
  pairHash: string;
}

/**
 * Judges every compared lane of a stored run against its strong lane, over the stored
 * calls: the lanes are never called again. A pair this judge already decided is reused
 * (errors are tried again); LLM decisions are committed one by one as they complete.
 * Writes and returns the reliability figures.
 */
export async function judgeRun(db: Db, request: JudgeRunRequest): Promise<JudgeRunSummary> {
  const run = getRun(db, request.runId);
  const runConfig = RunConfigSchema.parse(run.config);
  const strongLane = runConfig.replay?.strongLane ?? 'strong';
  const laneNames = Object.keys(runConfig.lanes ?? {});
  const compared = laneNames.filter((name) => name !== strongLane);
  if (compared.length === 0) throw new InputError(`run ${run.id}: no lane to compare with the strong lane "${strongLane}"`);

  // A run carries the verdicts of its latest judge only; the verdicts themselves stay in the store, so re-judging with a judge used before costs nothing.
  clearRunVerdicts(db, run.id);
  const samples = readSamples(db, run.datasetId);
  const answers = answersOf(db, run.id);
  const embed = request.embed ?? (usesSimilarity(request.judge) ? datasetEmbedder(db, run.datasetId) : undefined);
  const store = verdictStore(db);
  const ownExecutor = request.executor ? undefined : createExecutor({ maxCostUsd: request.maxCostUsd });
  const executor = request.executor ?? ownExecutor!;
  const deps: JudgeDeps = {
    lanes: { cheap: compared[0]!, strong: strongLane },
    embed: embed?.embed,
    callFor: judgeCallFactory(executor, request.env ?? process.env),
  };

  const todo: WorkItem[] = [];
  const reused: VerdictWrite[] = [];
  const savedSpecs = new Set<string>();
  const spec = (judge: LeafJudgeConfig, tag: string | undefined, lane: string): string => {
    const context = { lanes: { cheap: lane, strong: strongLane }, embedderHash: embed?.specHash };
    const hash = judgeSpecHash(judge, tag, context);
    if (!savedSpecs.has(hash)) {
      store.saveSpec(hash, judgeIdentity(judge, tag, context));
      savedSpecs.add(hash);
    }
    return hash;
  };
  for (const lane of compared) {
    for (const sample of samples) {
      const judge = judgeForTag(request.judge, sample.tag);
      const sampleAnswers = answers.get(sample.id);
      // Samples the run never reached (not sampled, not yet replayed) are not part of it.
      if (!sampleAnswers) continue;
      const pair: JudgePair = { sample, cheap: sampleAnswers?.get(lane), strong: sampleAnswers?.get(strongLane) };
      const hashOfPair = pairHash(pair);
      const roles: [VerdictRole, LeafJudgeConfig][] = [['verdict', judge]];
      const single = singleJudgeForTag(request.judge, sample.tag);
      if (single) roles.push(['single', single]);
      for (const [role, roleJudge] of roles) {
        const judgeHash = spec(roleJudge, sample.tag, lane);
        const item = { sample, lane, role, judge: roleJudge, judgeHash, pair, pairHash: hashOfPair };
        const stored = store.find(judgeHash, hashOfPair);
        if (stored?.outcome.status === 'ok') reused.push({ runId: run.id, sampleId: sample.id, lane, role, judgeHash, judgeType: roleJudge.type, pairHash: hashOfPair });
        else todo.push(item);
      }
    }
  }
  store.write(reused);
  request.progress?.addTask('judge', todo.length + reused.length, reused.length);

  const spentByLane = new Map<string, number>();
  const skipped: Partial<Record<SkipReason, number>> = {};
  let judgedNow = 0;
  const pending: VerdictWrite[] = [];
  const flush = (): void => {
    store.write(pending.splice(0));
  };
  const workOn = async (item: WorkItem): Promise<void> => {
    const outcome =
      item.role === 'single'
        ? await judgeSingle(item.judge as SingleJudgeConfig, item.sample, item.pair.cheap, deps.callFor!(item.judge as SingleJudgeConfig))
        : await judgePair(item.judge, item.pair, item.pairHash, { ...deps, lanes: { cheap: item.lane, strong: strongLane } });
    spentByLane.set(item.lane, (spentByLane.get(item.lane) ?? 0) + outcome.usage.costUsd);
    // Counted as soon as paid, so a resumed run's budget knows what earlier passes spent.
    if (outcome.usage.costUsd > 0) addJudgeSpend(db, run.id, outcome.usage.costUsd);
    if (outcome.status === 'skipped') {
      skipped[outcome.reason] = (skipped[outcome.reason] ?? 0) + 1;
      return;
    }
    judgedNow++;
    pending.push({ runId: run.id, sampleId: item.sample.id, lane: item.lane, role: item.role, judgeHash: item.judgeHash, judgeType: item.judge.type, pairHash: item.pairHash, outcome });
    // Paid decisions are committed at once; free ones in batches.
    if (outcome.usage.calls > 0 || pending.length >= 256) flush();
    request.progress?.record('judge', { ok: outcome.status === 'ok', reused: false, costUsd: outcome.usage.costUsd });
  };
  try {
    await runAll(todo, workerCount(request.judge), workOn);
  } finally {
    flush();
  }

  const lanes = compared.map((lane) => laneJudgement(db, run.id, lane, strongLane, samples, spentByLane.get(lane) ?? 0, request.judge));
  for (const judgement of lanes) {
    saveJudgeReport(db, { runId: run.id, lane: judgement.lane, judgeConfig: withoutSecrets(request.judge) as JudgeConfig, figures: judgement.figures, single: judgement.single, spentUsd: judgement.spentUsd });
  }
  return {
    runId: run.id,
    strongLane,
    lanes,
    reused: reused.length,
    judgedNow,
    spentUsd: [...spentByLane.values()].reduce((a, b) => a + b, 0),
    skipped,
  };
}

/** Each sample's usable answer per lane: the response of an ok call that is not a label-only placeholder. */
function answersOf(db: Db, runId: string): Map<string, Map<string, string | undefined>> {
  const bySample = new Map<string, Map<string, string | undefined>>();
  for (const call of listCalls(db, runId)) {
    const lanes = bySample.get(call.sampleId) ?? new Map<string, string | undefined>();
    const usable = call.status === 'ok' && call.finishReason !== LABEL_ONLY ? call.response : undefined;
    lanes.set(call.lane, usable);
    bySample.set(call.sampleId, lanes);
  }
  return bySample;
}

function laneJudgement(
  db: Db,
  runId: string,
  lane: string,
  strongLane: string,
  samples: readonly Sample[],
  spentUsd: number,
  judge: JudgeConfig,
): LaneJudgement {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const rows = listRunVerdicts(db, runId).filter((row) => row.lane === lane);
  const item = (row: RunVerdict, gold: Verdict | undefined): JudgedItem => ({
    result: row.outcome.status === 'ok' ? row.outcome : { status: 'error', errorClass: row.outcome.errorClass },
    usage: row.outcome.usage,
    ...(gold !== undefined ? { gold } : {}),
  });
  const goldOf = (row: RunVerdict): Verdict | undefined => {
    const sample = byId.get(row.sampleId);
    // The labels judge is the gold itself: comparing it with itself says nothing.
    if (!sample || judgeForTag(judge, sample.tag).type === 'labels') return undefined;
    return goldVerdict(sample, lane, strongLane, row.role);
  };
  const verdictRows = rows.filter((row) => row.role === 'verdict');
  const singleRows = rows.filter((row) => row.role === 'single');
  return {
    lane,
    figures: reliabilityFigures(verdictRows.map((row) => item(row, goldOf(row)))),
    ...(singleRows.length ? { single: reliabilityFigures(singleRows.map((row) => item(row, goldOf(row)))) } : {}),
    spentUsd,
  };
}

/**
 * The verdict a sample's own labels give (`labels[<lane>]` against `labels[<strong>]`).
 * For the single judge, which sees the cheap answer alone, a boolean label of the lane
 * says acceptable (tie) or not (cheap_worse).
 */
function goldVerdict(sample: Sample, lane: string, strongLane: string, role: VerdictRole): Verdict | undefined {
  const cheap = sample.labels[lane];
  if (role === 'single') return typeof cheap === 'boolean' ? (cheap ? 'tie' : 'cheap_worse') : undefined;
  const strong = sample.labels[strongLane];
  if (cheap === undefined || strong === undefined) return undefined;
  const verdict = compareOutcomes(cheap, strong);
  return typeof verdict === 'string' ? verdict : undefined;
}

function usesSimilarity(config: JudgeConfig): boolean {
  return config.type === 'by-tag'
    ? config.default.type === 'similarity' || Object.values(config.tags).some((judge) => judge.type === 'similarity')
    : config.type === 'similarity';
}

function datasetEmbedder(db: Db, datasetId: number): { embed: EmbedTexts; specHash: string } {
  const specHash = latestDatasetSpecHash(db, datasetId);
  if (!specHash) throw new InputError('judge: the similarity judge needs the dataset embedded first; run "router-eval embed"');
  const { spec } = getSpec(db, specHash);
  if (spec.provider !== 'local') {
    throw new InputError(`judge: the similarity judge works with the local embedder; this dataset was embedded with "${spec.provider}"`);
  }
  const embedder = createLocalEmbedder(spec);
  return { embed: (texts) => embedder.embed(texts), specHash };
}

/** Enough workers to keep every judge pool busy, few enough not to hold a whole dataset in flight. */
function workerCount(config: JudgeConfig): number {
  const leaves: LeafJudgeConfig[] = config.type === 'by-tag' ? [config.default, ...Object.values(config.tags)] : [config];
  const llm = leaves.flatMap((leaf) => [leaf, ...(leaf.type !== 'single' && leaf.single ? [leaf.single] : [])]);
  const concurrency = llm.reduce((sum, leaf) => sum + ('concurrency' in leaf ? leaf.concurrency : 0), 0);
  return Math.max(8, concurrency * 2);
}

async function runAll<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
}
