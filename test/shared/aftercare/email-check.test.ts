import { describe, expect, it } from 'vitest';
import {
  checkEmail,
  type EmailFinding,
  type EmailFindingKind,
} from '../../../src/shared/aftercare/email-check.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';

// A clean email that each test spoils in one way.
const TIMES = 'Between 14:05 and 14:50 UTC on 4 March';
const IMPACT = 'merchants in Frankfurt could not complete checkouts';
const APOLOGY = 'We apologise for the disruption.';
const clean = (middle = ''): string =>
  `${TIMES}, ${IMPACT}. A configuration change slowed the database; we reverted it. ${middle}\n\n${APOLOGY}`;

function ofKind(
  text: string,
  kind: EmailFindingKind,
  playbook: Playbook = DEFAULT_PLAYBOOK,
  codeNames?: string[],
): EmailFinding[] {
  return checkEmail(text, playbook, codeNames ? { codeNames } : {}).filter((f) => f.kind === kind);
}
const flagged = (text: string, kind: EmailFindingKind, codeNames?: string[]): string[] =>
  ofKind(text, kind, DEFAULT_PLAYBOOK, codeNames).map((f) => text.slice(f.start, f.end));

describe('checkEmail', () => {
  it('finds nothing in a clean email', () => {
    expect(checkEmail(clean(), DEFAULT_PLAYBOOK)).toEqual([]);
  });

  it('returns findings sorted by position with plain-word messages', () => {
    const text = clean('Our world-class team fixed prod-db-3.');
    const findings = checkEmail(text, DEFAULT_PLAYBOOK);
    expect(findings.map((f) => f.start)).toEqual(
      [...findings.map((f) => f.start)].sort((a, b) => a - b),
    );
    expect(findings.find((f) => f.kind === 'marketing')?.message).toBe(
      'Promotional wording: keep the email factual.',
    );
  });

  describe('marketing', () => {
    it('flags promotional words, sales offers and upgrade pitches at their exact offsets', () => {
      const text = clean(
        "We're excited about our seamless, best-in-class checkout. Enjoy an exclusive offer: upgrade to our Premium plan today.",
      );
      expect(flagged(text, 'marketing')).toEqual([
        'excited',
        'seamless',
        'best-in-class',
        'exclusive offer',
        'upgrade to our Premium plan',
      ]);
      expect(ofKind(text, 'marketing').at(-1)?.message).toMatch(/Upgrade pitch/);
    });

    it('does not mistake an infrastructure upgrade for a pitch', () => {
      expect(flagged(clean('We upgraded the database to a patched version.'), 'marketing')).toEqual(
        [],
      );
    });
  });

  describe('apology', () => {
    it('flags an email with no apology as a whole-email finding at 0..0', () => {
      const text = `${TIMES}, ${IMPACT}.`;
      expect(ofKind(text, 'apology')).toEqual([
        { kind: 'apology', start: 0, end: 0, message: expect.stringMatching(/No apology/) },
      ]);
    });

    it('flags every apology beyond the first, and each one counts once', () => {
      const text = clean('We are so sorry. Our sincere apologies, and sorry again.');
      expect(flagged(text, 'apology')).toEqual([
        'Our sincere apologies',
        'sorry',
        APOLOGY.slice(0, 12),
      ]);
      expect(ofKind(text, 'apology')[0]?.message).toBe('Apologise once: this is apology 2 of 4.');
    });

    it('follows playbook.customerEmail.maxApologies', () => {
      const twice: Playbook = {
        ...DEFAULT_PLAYBOOK,
        customerEmail: { ...DEFAULT_PLAYBOOK.customerEmail, maxApologies: 2 },
      };
      const text = clean('We are sorry.');
      expect(ofKind(text, 'apology', twice)).toEqual([]);
      expect(ofKind(text, 'apology')).toHaveLength(1);
    });
  });

  describe('length', () => {
    it('flags from the first word over playbook.customerEmail.maxWords to the end', () => {
      const short: Playbook = {
        ...DEFAULT_PLAYBOOK,
        customerEmail: { ...DEFAULT_PLAYBOOK.customerEmail, maxWords: 10 },
      };
      const text = 'one two three four five six seven eight nine ten - eleven twelve.';
      const [finding, ...rest] = ofKind(text, 'length', short);
      expect(rest).toEqual([]);
      expect(finding && text.slice(finding.start, finding.end)).toBe('eleven twelve.');
      expect(finding?.message).toContain('12 words');
      expect(ofKind('one two three four five six seven eight nine ten -', 'length', short)).toEqual(
        [],
      );
    });
  });

  describe('jargon', () => {
    it('flags internal hostnames, private addresses and environment-prefixed servers', () => {
      const text = clean(
        'We failed over from pg-0.checkout.svc.cluster.local and smtp.internal to prod-db-3 on ip-10-0-3-17 at 10.0.3.17:5432.',
      );
      expect(flagged(text, 'jargon')).toEqual([
        'pg-0.checkout.svc.cluster.local',
        'smtp.internal',
        'prod-db-3',
        'ip-10-0-3-17',
        '10.0.3.17:5432',
      ]);
    });

    it('flags ticket ids, code names, identifiers and internal terms but not public ids', () => {
      const text = clean(
        'See INC-1234 and ENG-42: Hermes and ledger_writer restarted, k8s was fine (SEV-2). CVE-2024-3094, ISO-27001, utf-8 and eu-west-1 are public.',
      );
      expect(flagged(text, 'jargon', ['hermes'])).toEqual([
        'INC-1234',
        'ENG-42',
        'Hermes',
        'ledger_writer',
        'k8s',
        'SEV-2',
      ]);
      expect(flagged(text, 'jargon')).not.toContain('Hermes');
    });

    it('flags kebab-case identifiers with digits only', () => {
      expect(flagged(clean('The checkout-worker-7 pool and the sign-in page.'), 'jargon')).toEqual([
        'checkout-worker-7',
      ]);
    });
  });

  describe('blame', () => {
    it.each([
      ['The outage was due to AWS.', 'due to AWS'],
      ['It happened because of a vendor.', 'because of a vendor'],
      ["This was our payment provider's fault.", "our payment provider's fault"],
      [
        'It failed because of an outage at our identity provider.',
        'because of an outage at our identity provider',
      ],
      ['This was beyond our control.', 'beyond our control'],
      ['We believe a cache expired.', 'We believe'],
      ['A cache probably expired.', 'probably'],
      ['It might have been caused by a cache.', 'might have been caused'],
      ['It was human error.', 'human error'],
      ['An engineer accidentally deleted a table.', 'An engineer accidentally'],
      [
        'Dave from the platform team accidentally deleted a table.',
        'Dave from the platform team accidentally',
      ],
    ])('flags %j', (sentence, words) => {
      expect(flagged(clean(sentence), 'blame')).toEqual([words]);
    });

    it('accepts owning the cause and stating a vendor outage as fact', () => {
      const text = clean(
        'Our card provider stopped answering and our platform did not switch to the second one. We accidentally left failover off.',
      );
      expect(flagged(text, 'blame')).toEqual([]);
    });
  });

  describe('missing-times', () => {
    it('flags an email without times at 0..0', () => {
      const text = `Earlier today ${IMPACT}. ${APOLOGY}`;
      expect(ofKind(text, 'missing-times')).toEqual([
        {
          kind: 'missing-times',
          start: 0,
          end: 0,
          message: expect.stringMatching(/No start or end time/),
        },
      ]);
    });

    it('flags a start time without an end', () => {
      expect(ofKind(`From 09:12 CET ${IMPACT}. ${APOLOGY}`, 'missing-times')[0]?.message).toMatch(
        /Only one time/,
      );
    });

    it('points at the first time when no time carries a zone', () => {
      const text = `Between 14:05 and 14:50, ${IMPACT}. ${APOLOGY}`;
      expect(flagged(text, 'missing-times')).toEqual(['14:05']);
    });

    it.each([
      'between 14:05 and 14:50 UTC',
      'from 2:05 pm to 3:40 pm CET',
      'from 7 am to 9 am EST',
      'from 2025-09-14T06:00Z to 2025-09-14T09:30Z',
      'from 09:00 GMT+1 until 10:15 GMT+1',
    ])('accepts %j', (times) => {
      expect(ofKind(`${IMPACT} ${times}. ${APOLOGY}`, 'missing-times')).toEqual([]);
    });
  });

  describe('missing-impact', () => {
    it('flags an email that never says who or what was affected, at 0..0', () => {
      const text = `${TIMES} we experienced an issue with one of our systems. ${APOLOGY}`;
      expect(ofKind(text, 'missing-impact')).toEqual([
        {
          kind: 'missing-impact',
          start: 0,
          end: 0,
          message: expect.stringMatching(/who was affected/),
        },
      ]);
    });

    // Impact is who (or what of theirs) and what went wrong for them, in one sentence.
    it.each([
      'customers could not log in',
      'users saw errors',
      'merchants were unable to refund',
      'shoppers could not pay',
      'payments failed',
      'accounts were affected',
    ])('accepts %j', (words) => {
      expect(ofKind(`${TIMES} ${words}. ${APOLOGY}`, 'missing-impact')).toEqual([]);
    });

    it('wants what went wrong, not only who: "customers" alone is not an impact', () => {
      expect(ofKind(`${TIMES} customers emailed us. ${APOLOGY}`, 'missing-impact')).toHaveLength(1);
    });
  });
});
