import { normalizeText } from '../embed/features.js';

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const DIGITS = /^[\p{N}_]+$/u;

/** Common English function words: never distinctive, so never a label. */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own please same she should so some such than that the their theirs them themselves then there these ' +
    'they this those through to too under until up very was we were what when where which while who whom why will with would ' +
    'you your yours yourself yourselves'
  ).split(' '),
);

/** The words a label may use: normalised, two characters or more, not only digits, not a stopword. */
export function labelWords(text: string): string[] {
  const words: string[] = [];
  for (const match of normalizeText(text).matchAll(WORD)) {
    const word = match[0];
    if (word.length >= 2 && !DIGITS.test(word) && !STOPWORDS.has(word)) words.push(word);
  }
  return words;
}

/**
 * The top distinctive terms of each cluster by class-based TF-IDF (as in BERTopic):
 * a cluster's documents are joined into one, and term t scores
 * tf(t, c) / |c| · ln(1 + A / f(t)), where |c| is the cluster's word count, A the mean
 * word count per cluster and f(t) the term's count over all clusters. A term must occur
 * in at least two of the cluster's documents (when it has two) so one odd prompt
 * cannot name a cluster. Ties break alphabetically.
 */
export function clusterLabelTerms(docs: Iterable<{ cluster: number; text: string }>, k: number, top: number): string[][] {
  const counts = new Map<string, { total: Float64Array; docs: Int32Array }>();
  const wordsPerCluster = new Float64Array(k);
  const docsPerCluster = new Int32Array(k);
  for (const { cluster, text } of docs) {
    docsPerCluster[cluster]! += 1;
    const seen = new Set<string>();
    for (const word of labelWords(text)) {
      let entry = counts.get(word);
      if (!entry) {
        entry = { total: new Float64Array(k), docs: new Int32Array(k) };
        counts.set(word, entry);
      }
      entry.total[cluster]! += 1;
      wordsPerCluster[cluster]! += 1;
      if (!seen.has(word)) {
        seen.add(word);
        entry.docs[cluster]! += 1;
      }
    }
  }
  let allWords = 0;
  for (const w of wordsPerCluster) allWords += w;
  const average = allWords / Math.max(1, k);
  const scored: { term: string; score: number }[][] = Array.from({ length: k }, () => []);
  for (const [term, { total, docs: inDocs }] of counts) {
    let frequency = 0;
    for (const t of total) frequency += t;
    const idf = Math.log(1 + average / frequency);
    for (let c = 0; c < k; c++) {
      if (total[c] === 0 || inDocs[c]! < Math.min(2, docsPerCluster[c]!)) continue;
      scored[c]!.push({ term, score: (total[c]! / wordsPerCluster[c]!) * idf });
    }
  }
  return scored.map((terms) =>
    terms
      .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      .slice(0, top)
      .map((t) => t.term),
  );
}
