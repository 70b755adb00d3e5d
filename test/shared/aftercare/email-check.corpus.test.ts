import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEmail, type EmailFindingKind } from '../../../src/shared/aftercare/email-check.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { CORPUS_DIR, KINDS, type LabelledEmail, loadCorpus } from './email-corpus.js';

const CODE_NAMES = ['falcon', 'hermes', 'bifrost'];
/** The held-back part must reach this on every kind; the tuning part too. */
const FLOOR = 0.9;

interface Row {
  kind: EmailFindingKind;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

function score(corpus: LabelledEmail[]): { rows: Row[]; misses: string[] } {
  const results = corpus.map((email) => ({
    email,
    found: new Set(
      checkEmail(email.body, DEFAULT_PLAYBOOK, { codeNames: CODE_NAMES }).map((f) => f.kind),
    ),
  }));
  const rows = KINDS.map((kind) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { email, found } of results) {
      if (found.has(kind) && email.expected.has(kind)) tp += 1;
      else if (found.has(kind)) fp += 1;
      else if (email.expected.has(kind)) fn += 1;
    }
    const precision = Number(ratio(tp, tp + fp).toFixed(2));
    return { kind, tp, fp, fn, precision, recall: Number(ratio(tp, tp + fn).toFixed(2)) };
  });
  const misses = results
    .filter(({ email, found }) => KINDS.some((k) => found.has(k) !== email.expected.has(k)))
    .map(
      ({ email, found }) =>
        `${email.file}: expected [${[...email.expected].join(', ')}], found [${[...found].join(', ')}]`,
    );
  return { rows, misses };
}

function report(name: string, corpus: LabelledEmail[]): Row[] {
  const { rows, misses } = score(corpus);
  console.log(`checkEmail, ${name}: ${corpus.length} emails`);
  console.table(rows);
  if (misses.length > 0) console.log(`${name} disagreements:\n${misses.join('\n')}`);
  return rows;
}

describe('checkEmail over the labelled corpus', () => {
  const tuning = loadCorpus(CORPUS_DIR);
  const heldOut = loadCorpus(resolve(CORPUS_DIR, 'held-out'));

  it('has at least 150 emails, good and bad, every kind labelled in both parts', () => {
    expect(tuning.length + heldOut.length).toBeGreaterThanOrEqual(150);
    for (const part of [tuning, heldOut]) {
      expect(part.filter((e) => e.expected.size === 0).length).toBeGreaterThanOrEqual(10);
      for (const kind of KINDS) {
        expect(part.filter((e) => e.expected.has(kind)).length, kind).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it(`reaches precision and recall of at least ${FLOOR} for every kind on the tuning part`, () => {
    for (const row of report('tuning part', tuning)) {
      expect(row.precision, `${row.kind} precision`).toBeGreaterThanOrEqual(FLOOR);
      expect(row.recall, `${row.kind} recall`).toBeGreaterThanOrEqual(FLOOR);
    }
  });

  it(`reaches precision and recall of at least ${FLOOR} for every kind on the held-back part`, () => {
    for (const row of report('held-back part', heldOut)) {
      expect(row.precision, `${row.kind} precision`).toBeGreaterThanOrEqual(FLOOR);
      expect(row.recall, `${row.kind} recall`).toBeGreaterThanOrEqual(FLOOR);
    }
  });

  it('finds nothing at all in the good emails of either part', () => {
    for (const email of [...tuning, ...heldOut].filter((e) => e.expected.size === 0)) {
      const found = checkEmail(email.body, DEFAULT_PLAYBOOK, { codeNames: CODE_NAMES });
      expect(
        found.map((f) => `${f.kind}: ${email.body.slice(f.start, f.end)}`),
        email.file,
      ).toEqual([]);
    }
  });
});
