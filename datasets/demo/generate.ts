/**
 * Generates datasets/demo/traffic.jsonl: SYNTHETIC customer-support traffic with
 * recorded answers and outcome labels for a `cheap` and a `strong` lane, built so the
 * analysis has something true to find (see README.md for the planted rates).
 *
 *   npm run demo:generate                      # rewrites datasets/demo/traffic.jsonl
 *   npx tsx datasets/demo/generate.ts --out F  # writes elsewhere
 *
 * Deterministic: a fixed seed and a fixed start date; no clock, no Math.random.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChatMessage, SampleInput } from '../../src/domain/sample.js';
import { LOCALES, formatsOf, inLocaleVoice, type Locale } from './locales.js';
import { Rng, stratified } from './random.js';
import { ACCOUNT_LOOKUP, GREETING } from './tags-easy.js';
import { BILLING_QUESTION } from './tags-billing.js';
import { COMPLEX_ANALYSIS, TECHNICAL_DEBUG } from './tags-hard.js';
import { drawVars, type Template } from './vocab.js';

export const DEMO_TRAFFIC_PATH = join(dirname(fileURLToPath(import.meta.url)), 'traffic.jsonl');

const SEED = 20250303;
/** Monday 3 March 2025, 00:00 UTC; traffic spans six weeks from here. */
const START_MS = Date.UTC(2025, 2, 3);
const DAYS = 42;
/** The chat widget's system prompt; kept short so it does not pull chat samples together in embedding space. */
const SYSTEM_PROMPT = 'You are Nimbus Support. Be brief.';

const TAGS = {
  greeting: { count: 140, texts: GREETING },
  account_lookup: { count: 160, texts: ACCOUNT_LOOKUP },
  billing_question: { count: 640, texts: BILLING_QUESTION },
  technical_debug: { count: 200, texts: TECHNICAL_DEBUG },
  complex_analysis: { count: 160, texts: COMPLEX_ANALYSIS },
} as const;
/** Share of samples where the customer adds a sentence saying what kind of request it is. */
const CONTEXT_SHARE = 0.85;
type Tag = keyof typeof TAGS;

// Every tag gets the same locale, tier and channel mix, so no segment differs from
// another by what it asks; only the planted cell below differs by how it is answered.
const LOCALE_SHARES: Record<Locale, number> = { 'en-US': 0.38, 'en-GB': 0.18, 'en-IN': 0.2, 'es-MX': 0.1, 'ja-JP': 0.14 };
const TIER_SHARES = { free: 0.45, pro: 0.35, enterprise: 0.2 };
const CHANNEL_SHARES = { chat: 0.65, api: 0.35 };
/** Share of chat samples recorded as multi-turn `messages`; the rest, and all API traffic, are a single `prompt`. */
const CHAT_MESSAGES_SHARE = 0.35;

/**
 * The planted outcomes per cell: pass rates of each lane and how many of the strong
 * lane's failures fall where the cheap lane passed (the rare "strong worse" case).
 * Counts are exact per cell (rounded), not sampled, so the rates hold to the sample.
 */
interface Planted {
  cheap: number;
  strong: number;
  strongFailsWhereCheapPasses: number;
}
const PLANTED: Record<Tag, Planted> = {
  greeting: { cheap: 0.99, strong: 0.99, strongFailsWhereCheapPasses: 1 },
  account_lookup: { cheap: 0.99, strong: 0.99, strongFailsWhereCheapPasses: 1 },
  billing_question: { cheap: 0.99, strong: 0.99, strongFailsWhereCheapPasses: 1 },
  technical_debug: { cheap: 0.75, strong: 0.95, strongFailsWhereCheapPasses: 0.5 },
  complex_analysis: { cheap: 0.55, strong: 0.95, strongFailsWhereCheapPasses: 0.5 },
};
/** The one harmed segment: Spanish-influenced English writers asking billing questions. */
const HARMED = { tag: 'billing_question' as Tag, locale: 'es-MX' as Locale };
const PLANTED_HARMED: Planted = { cheap: 0.6, strong: 0.985, strongFailsWhereCheapPasses: 1 };

interface Draft {
  tag: Tag;
  locale: Locale;
  tier: string;
  channel: 'chat' | 'api';
  timestampMs: number;
  cheapPass: boolean;
  strongPass: boolean;
}

/** The whole demo traffic, in timestamp order, with ids demo-00001… */
export function generateDemoTraffic(): SampleInput[] {
  const root = new Rng(SEED);
  const drafts = planDrafts(root.fork('plan'), root.fork('time'));
  const text = root.fork('text');
  const ordered = drafts.map((draft, index) => ({ draft, index }));
  ordered.sort((a, b) => a.draft.timestampMs - b.draft.timestampMs || a.index - b.index);
  return ordered.map(({ draft }, position) => render(text, draft, `demo-${String(position + 1).padStart(5, '0')}`));
}

/** One JSON object per line, UTF-8, trailing newline. */
export function serializeTraffic(samples: readonly SampleInput[]): string {
  return samples.map((s) => JSON.stringify(s)).join('\n') + '\n';
}

export function writeDemoTraffic(outPath: string = DEMO_TRAFFIC_PATH): number {
  const samples = generateDemoTraffic();
  writeFileSync(outPath, serializeTraffic(samples), 'utf8');
  return samples.length;
}

function planDrafts(rng: Rng, time: Rng): Draft[] {
  const drafts: Draft[] = [];
  for (const tag of Object.keys(TAGS) as Tag[]) {
    const count = TAGS[tag].count;
    const locales = stratified(rng, count, LOCALE_SHARES);
    const localeCounts = LOCALES.map((locale) => ({ locale, count: locales.filter((l) => l === locale).length }));
    // Tiers and channels are split within each locale, so every locale has the same mix.
    const people = localeCounts.flatMap(({ locale, count: n }) => {
      const tiers = stratified(rng, n, TIER_SHARES);
      const channels = stratified(rng, n, CHANNEL_SHARES);
      return tiers.map((tier, i) => ({ locale, tier, channel: channels[i]!, timestampMs: drawTimestamp(time, channels[i]!) }));
    });
    for (const harmed of [false, true]) {
      const cell = people.filter((p) => (tag === HARMED.tag && p.locale === HARMED.locale) === harmed);
      // Ordered by segment, then time, so that evenly spaced failures fall on every locale,
      // tier, channel and week in proportion: no segment but the planted one differs from
      // its tag's rate, and a holdout split by time sees the same rates.
      const ordered = [...cell].sort((a, b) => compareText(segmentKey(a), segmentKey(b)) || a.timestampMs - b.timestampMs);
      const outcomes = plantOutcomes(rng, ordered.length, harmed ? PLANTED_HARMED : PLANTED[tag]);
      ordered.forEach((p, k) => drafts.push({ tag, ...p, ...outcomes[k]! }));
    }
  }
  return drafts;
}

function segmentKey(p: { locale: string; tier: string; channel: string }): string {
  return `${p.locale}/${p.tier}/${p.channel}`;
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Exactly round(n × (1 − rate)) failures per lane, evenly spaced with a random offset. */
function plantOutcomes(rng: Rng, n: number, planted: Planted): { cheapPass: boolean; strongPass: boolean }[] {
  const cheapFails = Math.round(n * (1 - planted.cheap));
  const strongFails = Math.round(n * (1 - planted.strong));
  const strongOnly = Math.min(Math.round(strongFails * planted.strongFailsWhereCheapPasses), n - cheapFails);
  const both = Math.min(strongFails - strongOnly, cheapFails);
  const cheapFailAt = evenlySpaced(rng, n, cheapFails);
  const failing = [...cheapFailAt].sort((a, b) => a - b);
  const passing = Array.from({ length: n }, (_, i) => i).filter((i) => !cheapFailAt.has(i));
  const strongFailAt = new Set([
    ...[...evenlySpaced(rng, failing.length, both)].map((k) => failing[k]!),
    ...[...evenlySpaced(rng, passing.length, strongOnly)].map((k) => passing[k]!),
  ]);
  return Array.from({ length: n }, (_, i) => ({ cheapPass: !cheapFailAt.has(i), strongPass: !strongFailAt.has(i) }));
}

/** k distinct positions in [0, n), one in each of k equal strides, at a shared random offset. */
function evenlySpaced(rng: Rng, n: number, k: number): Set<number> {
  const offset = rng.next();
  return new Set(Array.from({ length: k }, (_, j) => Math.floor(((j + offset) * n) / k)));
}

/** Chat arrives in working hours, lighter at weekends; API bulk jobs run at night. */
function drawTimestamp(rng: Rng, channel: Draft['channel']): number {
  let day = rng.int(0, DAYS - 1);
  if (day % 7 >= 5 && rng.chance(0.6)) day = rng.int(0, DAYS - 1);
  const hour = channel === 'chat' ? rng.int(7, 20) : rng.int(1, 4);
  const seconds = hour * 3600 + rng.int(0, 3599);
  return START_MS + day * 86_400_000 + seconds * 1000;
}

function render(rng: Rng, draft: Draft, id: string): SampleInput {
  const { templates, contexts } = TAGS[draft.tag].texts;
  const template: Template = rng.pick(templates);
  const v = drawVars(rng, formatsOf(draft.locale));
  const polite = draft.channel === 'chat' ? 0.55 : 0.3;
  const opener = draft.tag !== 'greeting' && rng.chance(polite);
  const closer = rng.chance(polite);
  const ask = template.ask(v, rng);
  const context = rng.chance(CONTEXT_SHARE) ? ` ${rng.pick(contexts)}` : '';
  const detail = template.detail(v, rng) + context;
  const asMessages = draft.channel === 'chat' && rng.chance(CHAT_MESSAGES_SHARE);
  const request: Pick<SampleInput, 'prompt' | 'messages'> = asMessages
    ? {
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: inLocaleVoice(rng, draft.locale, ask, { opener, closer: false }) },
          { role: 'assistant', content: template.clarify },
          { role: 'user', content: inLocaleVoice(rng, draft.locale, detail, { opener: false, closer }) },
        ] satisfies ChatMessage[],
      }
    : { prompt: inLocaleVoice(rng, draft.locale, `${ask} ${asStatement(detail)}`, { opener, closer }) };
  return {
    id,
    timestamp: new Date(draft.timestampMs).toISOString(),
    tag: draft.tag,
    segments: { locale: draft.locale, tier: draft.tier, channel: draft.channel },
    ...request,
    responses: {
      cheap: draft.cheapPass ? template.good(v, rng) : template.wrong(v, rng),
      strong: draft.strongPass ? template.good(v, rng) : template.wrong(v, rng),
    },
    labels: { cheap: draft.cheapPass, strong: draft.strongPass },
  };
}

/** In a single prompt nobody asked the clarifying question, so a leading "Yes," has nothing to answer. */
function asStatement(detail: string): string {
  const stripped = detail.replace(/^Yes(?: please)?[,.] /, '');
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

function parseOut(args: readonly string[]): string {
  const at = args.indexOf('--out');
  if (at === -1) return DEMO_TRAFFIC_PATH;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error('--out needs a file path');
  return resolve(value);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = parseOut(process.argv.slice(2));
  const count = writeDemoTraffic(out);
  process.stderr.write(`wrote ${count} samples to ${out}\n`);
}
