import { sha256 } from '../domain/hash.js';
import type { Verdict } from '../domain/verdict.js';
import type { PairwiseReply } from './parse.js';

/**
 * Position-bias control. LLM judges favour one position (the MT-Bench study saw GPT-4
 * agree with itself across orders only about 65% of the time), so each pair is judged
 * in both orders and a disagreement becomes a tie, counted as inconsistent. With swap
 * off, each sample gets one order drawn from a seeded hash of the pair, so the draw is
 * the same on resume and whatever order samples are processed in.
 */

/** Which answer is shown as "Answer A". */
export type Order = 'cheap_first' | 'strong_first';

export function verdictFromWinner(winner: PairwiseReply['winner'], order: Order): Verdict {
  if (winner === 'tie') return 'tie';
  const cheapWon = (winner === 'A') === (order === 'cheap_first');
  return cheapWon ? 'cheap_better' : 'cheap_worse';
}

export function reconcile(first: Verdict, second: Verdict): { verdict: Verdict; consistent: boolean } {
  return first === second ? { verdict: first, consistent: true } : { verdict: 'tie', consistent: false };
}

export function seededOrder(seed: number, pairHash: string): Order {
  const byte = parseInt(sha256(`judge-order\0${seed}\0${pairHash}`).slice(0, 2), 16);
  return byte % 2 === 0 ? 'cheap_first' : 'strong_first';
}
