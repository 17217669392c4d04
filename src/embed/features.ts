/**
 * Tokenisation and feature hashing for the local embedder. A text becomes a bag of
 * 32-bit feature hashes: word n-grams (words are runs of letters, marks and digits)
 * and character n-grams inside each whitespace-separated chunk padded with one space
 * on each side (so prefixes and suffixes are features, and scripts without spaces,
 * such as Chinese, still get n-grams). Characters are UTF-16 code units, after NFKC
 * and lower-casing. Every constant here is part of the embedder's behaviour: changing
 * one means bumping LOCAL_EMBEDDER_VERSION.
 */

export interface FeatureParams {
  wordNgrams: readonly [number, number];
  charNgrams: readonly [number, number];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x5bd1e995;
const WORD_NGRAM_SEED = 0x27d4eb2f;
const CHAR_SEED = 0x165667b1;
/** The one feature of a text that has no other (empty or whitespace-only prompts cluster together). */
const EMPTY_FEATURE = 0x9e3779b9;
const SPACE = 32;
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** murmur3's finaliser: spreads FNV's weak low bits over the whole word. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A growable list of feature hashes, reused across texts so embedding allocates little. */
export class FeatureBuffer {
  hashes = new Uint32Array(1024);
  length = 0;
  private words = new Uint32Array(256);

  push(hash: number): void {
    if (this.length === this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.length++] = hash;
  }

  pushWord(index: number, hash: number): void {
    if (index === this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[index] = hash;
  }

  word(index: number): number {
    return this.words[index]!;
  }
}

/** Fills `out` with the feature hashes of an already normalised text (with repeats: counts are term frequencies). */
export function extractFeatures(normalized: string, params: FeatureParams, out: FeatureBuffer): void {
  out.length = 0;
  let words = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(normalized); match !== null; match = WORD.exec(normalized)) {
    out.pushWord(words++, hashRange(normalized, match.index, match.index + match[0].length, WORD_SEED));
  }
  const [wordMin, wordMax] = params.wordNgrams;
  for (let n = wordMin; n <= wordMax; n++) {
    for (let i = 0; i + n <= words; i++) {
      let h = WORD_NGRAM_SEED ^ n;
      for (let j = 0; j < n; j++) h = Math.imul(h ^ out.word(i + j), FNV_PRIME);
      out.push(mix(h));
    }
  }
  const [charMin, charMax] = params.charNgrams;
  const length = normalized.length;
  let start = 0;
  while (start < length) {
    while (start < length && normalized.charCodeAt(start) <= SPACE) start++;
    let end = start;
    while (end < length && normalized.charCodeAt(end) > SPACE) end++;
    if (end > start) pushCharNgrams(normalized, start, end, charMin, charMax, out);
    start = end;
  }
  if (out.length === 0) out.push(EMPTY_FEATURE);
}

/** Character n-grams of text[start, end) padded with a space on each side. */
function pushCharNgrams(text: string, start: number, end: number, min: number, max: number, out: FeatureBuffer): void {
  const padded = end - start + 2;
  for (let p = 0; p + min <= padded; p++) {
    let h = FNV_OFFSET ^ CHAR_SEED;
    for (let j = 0; j < max && p + j < padded; j++) {
      const at = p + j;
      const code = at === 0 || at === padded - 1 ? SPACE : text.charCodeAt(start + at - 1);
      h = Math.imul(h ^ code, FNV_PRIME);
      if (j + 1 >= min) out.push(mix(h ^ (j + 1)));
    }
  }
}
