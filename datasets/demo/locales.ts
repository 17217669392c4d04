import type { Rng } from './random.js';
import type { Formats } from './vocab.js';

export const LOCALES = ['en-US', 'en-GB', 'en-IN', 'es-MX', 'ja-JP'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * How customers from one locale write: greetings and sign-offs, money and dates,
 * and phrase rewrites that give non-native English its texture. The rewrites only
 * touch connective phrasing, never the task vocabulary, so the tag stays what the
 * text is about.
 */
interface LocaleStyle {
  formats: Formats;
  openers: readonly string[];
  closers: readonly string[];
  /** Each rewrite applies with probability 0.6 wherever its phrase occurs. */
  rewrites: readonly [RegExp, string][];
  /** Native-language glosses added after a word's first occurrence (probability 0.5). */
  glosses?: readonly [RegExp, string][];
}

const EN_MONTHS = ['January', 'February', 'March', 'April'];

/**
 * Thousands separators written by hand rather than with toLocaleString, whose output
 * depends on the ICU data Node was built with. Indian grouping: 12,34,567.
 */
function grouped(value: number, indian: boolean): string {
  const digits = String(value);
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const pairs = indian ? (head.match(/\d{1,2}(?=(\d{2})*$)/g) ?? []) : (head.match(/\d{1,3}(?=(\d{3})*$)/g) ?? []);
  return `${pairs.join(',')},${digits.slice(-3)}`;
}

const STYLES: Record<Locale, LocaleStyle> = {
  'en-US': {
    formats: { money: (usd) => `$${usd.toFixed(2)}`, date: (m, d) => `${EN_MONTHS[m - 1]} ${d}` },
    openers: ['Hi,', 'Hey,', 'Hello,', 'Hi team,'],
    closers: ['Thanks!', 'Thanks in advance.', 'Appreciate it.', 'Thank you.'],
    rewrites: [],
  },
  'en-GB': {
    formats: { money: (usd) => `£${(usd * 0.8).toFixed(2)}`, date: (m, d) => `${d} ${EN_MONTHS[m - 1]}` },
    openers: ['Hi,', 'Hello,', 'Morning,', 'Hello there,'],
    closers: ['Cheers.', 'Many thanks.', 'Kind regards.', 'Thanks very much.'],
    rewrites: [
      [/\bCan you\b/g, 'Could you'],
      [/\bI was charged\b/g, "I've been charged"],
      [/\bHow do I\b/g, 'How would I'],
    ],
  },
  'en-IN': {
    formats: {
      money: (usd) => `₹${grouped(Math.round(usd * 83), true)}`,
      date: (m, d) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2025`,
    },
    openers: ['Dear Support,', 'Hello Sir/Madam,', 'Hi team,', 'Respected team,'],
    closers: ['Please revert at the earliest.', 'Kindly do the needful.', 'Thanks and regards.', 'Awaiting your reply.'],
    rewrites: [
      [/\bCan you\b/g, 'Kindly'],
      [/\bI need\b/g, 'I am needing'],
      [/\bdo not\b/g, 'are not'],
      [/\bI already\b/g, 'Already I'],
      [/\bNobody\b/g, 'No one has'],
      [/\bWhy is\b/g, 'What is the reason'],
      [/\bPlease\b/g, 'Please kindly'],
    ],
  },
  'es-MX': {
    formats: { money: (usd) => `$${Math.round(usd * 17)} MXN`, date: (m, d) => `${d} of ${EN_MONTHS[m - 1]}` },
    openers: ['Hola,', 'Good day,', 'Hello, good afternoon.', 'Hello, good morning.'],
    closers: ['Thank you very much, greetings.', 'Gracias!', 'I remain attentive.', 'Thanks, I wait your answer.'],
    rewrites: [
      [/\bI was charged\b/g, 'they charged me'],
      [/\btwice\b/g, 'two times'],
      [/\bCan you\b/g, 'Can you please help me to'],
      [/\bHow do I\b/g, 'How I can'],
      [/\bI was still billed\b/g, 'they still make me the charge of'],
      [/\bI need\b/g, 'I necessite'],
      [/\bIs there\b/g, 'There is'],
      [/\bwhen last month\b/g, 'if the past month'],
      [/\bdo not\b/g, 'not'],
    ],
  },
  'ja-JP': {
    formats: { money: (usd) => `¥${grouped(Math.round(usd * 150), false)}`, date: (m, d) => `${m}月${d}日` },
    openers: ['お世話になっております。', 'こんにちは。', 'Hello, nice to meet you.', 'いつもお世話になっております。'],
    closers: ['よろしくお願いします。', 'Thank you in advance. よろしくお願いいたします。', 'Please kindly confirm.', 'ご確認お願いします。'],
    rewrites: [
      [/\bCan you\b/g, 'Please'],
      [/\bHow do I\b/g, 'Please teach me how to'],
      [/\bI need\b/g, 'I want'],
      [/ the /g, ' '],
      [/\bWhy is\b/g, 'I want to confirm why is'],
    ],
    glosses: [
      [/\binvoice\b/, 'invoice (請求書)'],
      [/\brefund\b/, 'refund (返金)'],
      [/\berror\b/, 'error (エラー)'],
      [/\baccount\b/, 'account (アカウント)'],
      [/\bcost\b/, 'cost (コスト)'],
      [/\bHello\b/, 'Hello (こんにちは)'],
    ],
  },
};

export function formatsOf(locale: Locale): Formats {
  return STYLES[locale].formats;
}

/** Dresses one customer message in the locale's voice; `formal` adds a greeting and a sign-off. */
export function inLocaleVoice(r: Rng, locale: Locale, text: string, formal: { opener: boolean; closer: boolean }): string {
  const style = STYLES[locale];
  let out = text;
  for (const [pattern, replacement] of style.rewrites) {
    if (pattern.test(out) && r.chance(0.6)) out = out.replace(pattern, replacement);
    pattern.lastIndex = 0;
  }
  for (const [pattern, replacement] of style.glosses ?? []) {
    if (pattern.test(out) && r.chance(0.5)) out = out.replace(pattern, replacement);
  }
  // A salutation ending in a comma starts a letter: the message goes on the next line.
  const salutation = formal.opener ? r.pick(style.openers) : '';
  const opener = salutation === '' ? '' : salutation.endsWith(',') ? `${salutation}\n` : `${salutation} `;
  const closer = formal.closer ? ` ${r.pick(style.closers)}` : '';
  return `${opener}${out}${closer}`;
}
