import { pct } from '../domain/format.js';
import type { AttributeShift } from './drift.js';

/** What the drift report tells a person to do (pure; the figures come from src/pipeline/drift.ts). */

export interface ClusterMove {
  cluster: number;
  labels: readonly string[];
  /** The lane the baseline table sends this cluster to. */
  lane: string;
  baselineShare: number;
  currentShare: number;
  /** Current prompts assigned here and how many of them are beyond the radius. */
  n: number;
  outOfDistribution: number;
}

export interface DriftAdviceInput {
  referenceLane: string;
  psi: number;
  maxPsi: number;
  oodShare: number;
  maxOodShare: number;
  clusters: readonly ClusterMove[];
  attributes: readonly AttributeShift[];
  /** Where the table was fitted, for the re-fit instruction. */
  fittedOn: string;
}

/** A cluster's share grew enough to matter: by 2 points and by half of what it was. */
const GROWTH_ABS = 0.02;
const GROWTH_REL = 1.5;
/** A cluster with this share of its prompts out of distribution no longer describes its traffic. */
const CLUSTER_OOD = 0.25;
/** Below this many current prompts, a cluster's own OOD share is noise. */
const CLUSTER_OOD_MIN_N = 20;

export function driftAdvice(input: DriftAdviceInput): string[] {
  const actions: string[] = [];
  const drifted = input.psi > input.maxPsi || input.oodShare > input.maxOodShare;
  if (drifted) {
    actions.push(
      `Re-fit: replay recent traffic (router-eval replay --traffic FILE) to re-cluster and re-judge; this table was fitted on ${input.fittedOn}.`,
    );
  }
  const name = (c: ClusterMove) => (c.labels.length ? `cluster ${c.cluster} (${c.labels.slice(0, 3).join(', ')})` : `cluster ${c.cluster}`);
  const grown = input.clusters
    .filter((c) => c.currentShare - c.baselineShare > GROWTH_ABS && c.currentShare > c.baselineShare * GROWTH_REL)
    .sort((a, b) => b.currentShare - b.baselineShare - (a.currentShare - a.baselineShare));
  const cheapGrown = grown.filter((c) => c.lane !== input.referenceLane);
  if (cheapGrown.length) {
    actions.push(
      'Re-judge first (routed off the reference lane and now carrying more traffic): ' +
        cheapGrown.map((c) => `${name(c)} on ${c.lane}, ${pct(c.baselineShare)} -> ${pct(c.currentShare)}`).join('; ') +
        '.',
    );
  }
  const strongGrown = grown.filter((c) => c.lane === input.referenceLane);
  if (strongGrown.length) {
    actions.push(
      'Grew on the reference lane (cost rises, quality safe): ' +
        strongGrown.map((c) => `${name(c)} ${pct(c.baselineShare)} -> ${pct(c.currentShare)}`).join('; ') +
        '.',
    );
  }
  const loose = input.clusters.filter((c) => c.n >= CLUSTER_OOD_MIN_N && c.outOfDistribution / c.n > CLUSTER_OOD);
  if (loose.length) {
    actions.push(
      'Clusters whose new prompts fall outside their radius (they go to the out-of-distribution lane): ' +
        loose.map((c) => `${name(c)} ${pct(c.outOfDistribution / c.n)} of ${c.n}`).join('; ') +
        '.',
    );
  }
  for (const shift of input.attributes.filter((a) => a.psi > input.maxPsi)) {
    const top = shift.categories
      .slice(0, 3)
      .map((c) => `${c.key} ${pct(c.baselineShare)} -> ${pct(c.currentShare)}`)
      .join(', ');
    actions.push(
      `The ${shift.source === 'tag' ? 'tag' : `${shift.attribute}`} mix moved (PSI ${shift.psi.toFixed(3)}: ${top}); check these ${shift.source === 'tag' ? 'tags' : 'segments'}' slices in the next run's report.`,
    );
  }
  if (actions.length === 0) actions.push('No action: the traffic matches the mix this table was fitted on, within the limits.');
  return actions;
}
