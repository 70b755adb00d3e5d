import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { checkEmail, type EmailFindingKind } from '../../../src/shared/aftercare/email-check.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';

const CORPUS_DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'emails');
const CODE_NAMES = ['falcon', 'hermes', 'bifrost'];
const KINDS: readonly EmailFindingKind[] = [
  'marketing',
  'apology',
  'length',
  'jargon',
  'blame',
  'missing-times',
  'missing-impact',
];
const FLOOR = 0.8;

const FrontMatter = z.object({
  expect: z.array(
    z.enum([
      'marketing',
      'apology',
      'length',
      'jargon',
      'blame',
      'missing-times',
      'missing-impact',
    ]),
  ),
  note: z.string().min(1),
});

interface LabelledEmail {
  file: string;
  expected: Set<EmailFindingKind>;
  body: string;
}

function loadCorpus(): LabelledEmail[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((file) => {
      const raw = readFileSync(resolve(CORPUS_DIR, file), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(raw);
      if (!m?.[1] || m[2] === undefined) throw new Error(`${file}: expected YAML front matter`);
      const front = FrontMatter.parse(parse(m[1]));
      return { file, expected: new Set(front.expect), body: m[2] };
    });
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

describe('checkEmail over the labelled corpus', () => {
  const corpus = loadCorpus();
  const results = corpus.map((email) => ({
    email,
    found: new Set(
      checkEmail(email.body, DEFAULT_PLAYBOOK, { codeNames: CODE_NAMES }).map((f) => f.kind),
    ),
  }));
  const scores = new Map<EmailFindingKind, Score>(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  for (const { email, found } of results) {
    for (const kind of KINDS) {
      const s = scores.get(kind);
      if (!s) continue;
      if (found.has(kind) && email.expected.has(kind)) s.tp += 1;
      else if (found.has(kind)) s.fp += 1;
      else if (email.expected.has(kind)) s.fn += 1;
    }
  }

  it('has at least 30 emails, good and bad, with every kind labelled at least four times', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(corpus.filter((e) => e.expected.size === 0).length).toBeGreaterThanOrEqual(10);
    for (const kind of KINDS) {
      const positives = corpus.filter((e) => e.expected.has(kind)).length;
      expect(positives, kind).toBeGreaterThanOrEqual(4);
    }
  });

  it(`reaches precision and recall of at least ${FLOOR} for every kind`, () => {
    const rows = KINDS.map((kind) => {
      const s = scores.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
      return {
        kind,
        tp: s.tp,
        fp: s.fp,
        fn: s.fn,
        precision: Number(ratio(s.tp, s.tp + s.fp).toFixed(2)),
        recall: Number(ratio(s.tp, s.tp + s.fn).toFixed(2)),
      };
    });
    console.log(`checkEmail corpus: ${corpus.length} emails`);
    console.table(rows);
    const misses = results
      .filter(({ email, found }) => KINDS.some((k) => found.has(k) !== email.expected.has(k)))
      .map(
        ({ email, found }) =>
          `${email.file}: expected [${[...email.expected].join(', ')}], found [${[...found].join(', ')}]`,
      );
    if (misses.length > 0) console.log(`disagreements:\n${misses.join('\n')}`);
    for (const row of rows) {
      expect(row.precision, `${row.kind} precision`).toBeGreaterThanOrEqual(FLOOR);
      expect(row.recall, `${row.kind} recall`).toBeGreaterThanOrEqual(FLOOR);
    }
  });

  it('finds nothing at all in the good emails', () => {
    for (const { email, found } of results.filter((r) => r.email.expected.size === 0)) {
      expect([...found], email.file).toEqual([]);
    }
  });
});
