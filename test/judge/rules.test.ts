import { describe, expect, it } from 'vitest';
import { JudgeConfigSchema } from '../../src/config/judge.js';
import { labelsJudge } from '../../src/judge/labels.js';
import { finalNumber } from '../../src/judge/numbers.js';
import { exactJudge, jsonSchemaJudge, normaliseAnswer, numericJudge, regexJudge } from '../../src/judge/rules.js';
import { cosine, similarityJudge } from '../../src/judge/similarity.js';
import { pair } from './pairs.js';

const lanes = { cheap: 'cheap', strong: 'strong' };
const verdictOf = (outcome: { status: string; verdict?: string; message?: string }) =>
  outcome.status === 'ok' ? outcome.verdict : `error: ${outcome.message}`;

describe('exact judge', () => {
  const judge = { against: 'auto' as const, caseSensitive: false };
  it('normalises case, whitespace, quotes and a trailing full stop', () => {
    expect(normaliseAnswer('  The  “Answer”.\n')).toBe('the "answer"');
    expect(verdictOf(exactJudge(judge, pair('paris.', 'Paris')))).toBe('tie');
    expect(verdictOf(exactJudge(judge, pair('Lyon', 'Paris')))).toBe('cheap_worse');
    expect(verdictOf(exactJudge({ ...judge, caseSensitive: true }, pair('paris', 'Paris')))).toBe('cheap_worse');
  });
  it('uses the reference when the sample has one, checking both lanes', () => {
    const ref = { reference: 'Paris' };
    expect(verdictOf(exactJudge(judge, pair('Paris', 'Lyon', ref)))).toBe('cheap_better');
    expect(verdictOf(exactJudge(judge, pair('Lyon', 'Paris', ref)))).toBe('cheap_worse');
    expect(verdictOf(exactJudge(judge, pair('Lyon', 'Nice', ref)))).toBe('tie');
    expect(verdictOf(exactJudge({ ...judge, against: 'strong' }, pair('Paris', 'Lyon', ref)))).toBe('cheap_worse');
  });
  it('is an error, not a verdict, when the reference is required and absent', () => {
    expect(verdictOf(exactJudge({ ...judge, against: 'reference' }, pair('a', 'a')))).toBe('error: the sample has no reference answer');
  });
});

describe('numeric judge', () => {
  it('finds the final number GSM8K style', () => {
    expect(finalNumber('so 9 * $2 = $18.\n#### 18')).toBe(18);
    expect(finalNumber('Total: $1,234.50 for 3 items')).toBe(3);
    expect(finalNumber('The answer is $1,234.50. Check: 2 + 2')).toBe(1234.5);
    expect(finalNumber('The answer is 42.')).toBe(42);
    expect(finalNumber('It dropped to -15 degrees')).toBe(-15);
    expect(finalNumber('half is 1/2')).toBe(0.5);
    expect(finalNumber('\\boxed{7} after 3 steps')).toBe(7);
    expect(finalNumber('no digits here')).toBeUndefined();
  });
  it('compares final numbers with the strong answer or the reference', () => {
    const judge = { against: 'auto' as const, tolerance: 1e-6 };
    expect(verdictOf(numericJudge(judge, pair('#### 18', 'She makes $18 every day.')))).toBe('tie');
    expect(verdictOf(numericJudge(judge, pair('#### 17', 'She makes $18 every day.')))).toBe('cheap_worse');
    expect(verdictOf(numericJudge(judge, pair('#### 18', '17', { reference: '#### 18' })))).toBe('cheap_better');
    expect(verdictOf(numericJudge(judge, pair('forty-two', '42', { reference: '42' })))).toBe('cheap_worse');
    expect(verdictOf(numericJudge(judge, pair('42', 'I cannot say')))).toBe('error: strong answer: no number in the target to compare with');
  });
});

describe('regex and json-schema judges', () => {
  it('checks each answer against the pattern and compares', () => {
    const judge = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', flags: '' };
    expect(verdictOf(regexJudge(judge, pair('2024-01-02', '2024-01-03')))).toBe('tie');
    expect(verdictOf(regexJudge(judge, pair('Jan 2', '2024-01-03')))).toBe('cheap_worse');
    expect(verdictOf(regexJudge(judge, pair('2024-01-02', 'January')))).toBe('cheap_better');
  });
  it('validates answers parsed as JSON against the schema', () => {
    const check = jsonSchemaJudge({
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1 },
          age: { type: 'integer', minimum: 0, maximum: 150 },
          tags: { type: 'array', items: { enum: ['a', 'b'] } },
        },
        required: ['name'],
        additionalProperties: false,
      },
    });
    const good = '{"name":"Ada","age":36,"tags":["a"]}';
    expect(verdictOf(check(pair(good, '```json\n{"name":"Bo"}\n```')))).toBe('tie');
    expect(verdictOf(check(pair('{"name":"Ada","age":-1}', good)))).toBe('cheap_worse');
    expect(verdictOf(check(pair('{"name":"Ada","extra":1}', good)))).toBe('cheap_worse');
    expect(verdictOf(check(pair('{"name":"Ada","tags":["c"]}', good)))).toBe('cheap_worse');
    expect(verdictOf(check(pair('Here you go: {"name":"Ada"}', good)))).toBe('cheap_worse');
    expect(verdictOf(check(pair(good, 'not json')))).toBe('cheap_better');
  });
  it('rejects an invalid regex or an unsupported schema in the config', () => {
    expect(JudgeConfigSchema.safeParse({ type: 'regex', pattern: '(' }).success).toBe(false);
    expect(JudgeConfigSchema.safeParse({ type: 'json-schema', schema: { type: 'weird' } }).success).toBe(false);
  });
});

describe('similarity judge', () => {
  // A toy embedder: letter counts, so similar spellings have high cosine.
  const embed = async (texts: readonly string[]) =>
    texts.map((text) => Array.from({ length: 26 }, (_, i) => [...text.toLowerCase()].filter((c) => c.charCodeAt(0) === 97 + i).length));
  it('passes above the threshold against the strong answer', async () => {
    const judge = { against: 'auto' as const, threshold: 0.9 };
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    expect(verdictOf(await similarityJudge(judge, embed, pair('the cat sat', 'The cat sat!')))).toBe('tie');
    expect(verdictOf(await similarityJudge(judge, embed, pair('xyz', 'The cat sat!')))).toBe('cheap_worse');
  });
  it('compares both lanes with the reference when there is one', async () => {
    const judge = { against: 'auto' as const, threshold: 0.9 };
    expect(verdictOf(await similarityJudge(judge, embed, pair('the cat sat', 'qqq', { reference: 'the cat sat' })))).toBe('cheap_better');
  });
});

describe('labels judge', () => {
  const judge = { tieMargin: 0 };
  it('compares recorded booleans', () => {
    const cases: [boolean, boolean, string][] = [
      [true, true, 'tie'],
      [false, false, 'tie'],
      [true, false, 'cheap_better'],
      [false, true, 'cheap_worse'],
    ];
    for (const [cheap, strong, expected] of cases) {
      expect(verdictOf(labelsJudge(judge, lanes, pair(undefined, undefined, { labels: { cheap, strong } })))).toBe(expected);
    }
  });
  it('compares 1-10 scores, with a tie margin', () => {
    expect(verdictOf(labelsJudge(judge, lanes, pair(undefined, undefined, { labels: { cheap: 7, strong: 9 } })))).toBe('cheap_worse');
    expect(verdictOf(labelsJudge(judge, lanes, pair(undefined, undefined, { labels: { cheap: 9, strong: 8 } })))).toBe('cheap_better');
    expect(verdictOf(labelsJudge({ tieMargin: 1 }, lanes, pair(undefined, undefined, { labels: { cheap: 9, strong: 8 } })))).toBe('tie');
  });
  it('reads other label keys, and reports missing or mixed labels as errors', () => {
    const custom = { cheapLabel: 'mixtral', strongLabel: 'gpt4', tieMargin: 0 };
    expect(verdictOf(labelsJudge(custom, lanes, pair(undefined, undefined, { labels: { mixtral: false, gpt4: true } })))).toBe('cheap_worse');
    expect(verdictOf(labelsJudge(judge, lanes, pair(undefined, undefined, { labels: { cheap: true } })))).toBe('error: the sample has no labels.strong');
    expect(verdictOf(labelsJudge(judge, lanes, pair(undefined, undefined, { labels: { cheap: true, strong: 3 } })))).toMatch(/cannot compare/);
  });
});
