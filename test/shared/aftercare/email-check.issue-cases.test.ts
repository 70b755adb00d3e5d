// The cases issue 14 lists, one named test each: breaches the old keyword checker missed, and
// clean wording it raised false alarms on.
import { describe, expect, it } from 'vitest';
import { checkEmail, type EmailFindingKind } from '../../../src/shared/aftercare/email-check.js';
import {
  CUSTOMER_EMAIL_PLACEHOLDERS,
  renderTemplate,
} from '../../../src/shared/aftercare/templates.js';
import { DEFAULT_CUSTOMER_EMAIL_TEMPLATE } from '../../../src/shared/aftercare/default-templates.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { CORPUS_DIR, loadCorpus } from './email-corpus.js';

const TIMES = 'Between 14:05 and 14:50 UTC on 4 March';
const IMPACT = 'merchants in Frankfurt could not complete checkouts';
const APOLOGY = 'We apologise for the disruption.';
/** A clean email with `middle` added after the cause. */
const email = (middle: string, opening = `${TIMES}, ${IMPACT}.`, apology = APOLOGY): string =>
  `Hello,\n\n${opening} A configuration change slowed the database; we reverted it. ${middle}\n\n${apology}\n\nThe Zephyr team`;

/** The wording each finding of `kind` points at ("" for a whole-email finding). */
function flagged(text: string, kind: EmailFindingKind): string[] {
  return checkEmail(text, DEFAULT_PLAYBOOK)
    .filter((f) => f.kind === kind)
    .map((f) => text.slice(f.start, f.end));
}

describe('checkEmail: breaches the keyword checker missed', () => {
  it('flags an uptime record as a boast', () => {
    const text = email('This is our first outage in 400 days, and we remain at 99.99% uptime.');
    expect(flagged(text, 'marketing')).toEqual(['first outage in 400', '99.99% uptime']);
  });

  it('flags "the industry\'s best track record"', () => {
    expect(flagged(email("You rely on the industry's best track record."), 'marketing')).toEqual([
      'track record',
    ]);
  });

  it('flags "more dependable than ever"', () => {
    expect(flagged(email('Zephyr is now more dependable than ever.'), 'marketing')).toEqual([
      'more dependable than ever',
    ]);
  });

  it('flags a superlative about us found by the tagger', () => {
    expect(
      flagged(email('Our engineers gave the fastest response in our history.'), 'marketing'),
    ).toEqual(['fastest']);
  });

  it('flags upsell to a plan without the word "upgrade"', () => {
    const text = email(
      'Merchants on our Growth plan were not affected, so moving to Growth helps.',
    );
    expect(flagged(text, 'marketing')).toEqual(['plan were not affected, so moving to']);
  });

  it('flags a teaser of a future product', () => {
    expect(
      flagged(email('Keep an eye out for Zephyr Vision, launching next month.'), 'marketing'),
    ).toEqual(['Keep an eye out', 'launching']);
  });

  it('flags a second apology phrased differently from the first', () => {
    expect(flagged(email('We regret the lost orders.'), 'apology')).toEqual(['We apologise']);
    expect(flagged(email('Please forgive us.'), 'apology')).toEqual(['We apologise']);
  });

  it('flags passive-voice blame: "a setting was changed in error by an operator"', () => {
    expect(
      flagged(email('A setting was changed in error by an operator.'), 'blame').length,
    ).toBeGreaterThan(0);
    expect(flagged(email('The table was deleted by one of our engineers.'), 'blame')).toEqual([
      'by one of our engineers',
    ]);
  });

  it('does not call every passive with an agent blame: "contacted by our support team"', () => {
    expect(flagged(email('Each merchant was contacted by our support team.'), 'blame')).toEqual([]);
  });

  it('flags supplier blame: "a failure at our hosting partner, beyond our control"', () => {
    expect(
      flagged(email('This was a failure at our hosting partner, beyond our control.'), 'blame'),
    ).toEqual(['a failure at our hosting partner', 'beyond our control']);
  });

  it('flags speculation: "this may have been triggered by"', () => {
    expect(
      flagged(email('This may have been triggered by the number of exports.'), 'blame'),
    ).toEqual(['may have been triggered']);
    expect(flagged(email('It could be related to the network.'), 'blame')).toEqual([
      'could be related',
    ]);
  });

  it('flags a start time with no end', () => {
    const text = email('', `Starting at 10:15 UTC on 5 May, ${IMPACT}.`);
    expect(flagged(text, 'missing-times')).toEqual(['at 10:15 UTC on 5 May']);
    expect(checkEmail(text, DEFAULT_PLAYBOOK)[0]?.message).toMatch(/^Only one time/);
  });

  it('flags a start and a later action time with no end', () => {
    const text = email(
      'We were alerted at 06:45 UTC.',
      `The problem began at 06:40 UTC on 3 July: ${IMPACT}.`,
    );
    expect(checkEmail(text, DEFAULT_PLAYBOOK)[0]?.message).toMatch(/^No end time/);
  });

  it('flags "earlier this week, for under an hour" as no times', () => {
    expect(
      flagged(email('', `Earlier this week, for under an hour, ${IMPACT}.`), 'missing-times'),
    ).toEqual(['']);
  });

  it('flags an email that names no one affected', () => {
    const text = email('', `An incident occurred on our platform ${TIMES.toLowerCase()}.`);
    expect(flagged(text, 'missing-impact')).toEqual(['']);
  });

  it.each([
    ['metric names', 'p99 latency rose and 5xx rates reached 12%.', ['p99', '5xx']],
    ['a kebab-case service id', 'The order-events-consumer stopped.', ['order-events-consumer']],
    ['a snake_case id', 'The shipping_rates_v2 job timed out.', ['shipping_rates_v2']],
    ['a dotted config name', 'We set rates.cache.ttl again.', ['rates.cache.ttl']],
    ['a camelCase call', 'The createLabel call failed.', ['createLabel']],
    ['CI/CD', 'A broken build passed our CI/CD checks.', ['CI/CD']],
    [
      'orchestration terms',
      'Nodes were draining and pods restarted on k8s.',
      ['Nodes were draining', 'pods', 'k8s'],
    ],
  ])('flags jargon beyond the lists: %s', (_name, sentence, words) => {
    expect(flagged(email(sentence), 'jargon')).toEqual(words);
  });
});

describe('checkEmail: clean wording the keyword checker raised false alarms on', () => {
  it.each([
    [
      '12-hour times with a spelled-out zone',
      'From 2:10 p.m. to 3:45 p.m. Eastern Time on Tuesday',
    ],
    ['"14h05" times', 'Between 14h05 and 14h50 CET on 3 May'],
    ['a dash range', 'On 9 June, 6:05–6:50 UTC'],
    ['"from … to …"', 'From 9:15 a.m. to 10:40 a.m. Pacific Time on 11 July'],
    ['"until"', 'Starting at 7:45 am CST on 18 March and lasting until 8:20 am CST'],
    ['noon', 'From noon to 12:40 p.m. Central European Time on 4 May'],
    ['ISO timestamps', 'From 2026-02-11T04:10Z to 2026-02-11T04:55Z'],
    ['a bracketed offset', 'Between 16:30 and 17:10 (UTC+2) on 21 August'],
  ])('accepts %s', (_name, opening) => {
    expect(checkEmail(email('', `${opening}, ${IMPACT}.`), DEFAULT_PLAYBOOK)).toEqual([]);
  });

  it('does not count quoted error text as an apology', () => {
    const text = email('Shoppers saw "Sorry, something went wrong" on the page.');
    expect(checkEmail(text, DEFAULT_PLAYBOOK)).toEqual([]);
    expect(
      flagged(email('Shoppers saw "Sorry, something went wrong".', undefined, ''), 'apology'),
    ).toEqual(['']);
  });

  it.each([
    'We regret the lost orders.',
    'We owe you an apology for the lost orders.',
    'Please forgive us for the lost orders.',
  ])('counts the indirect apology %j as the one apology', (apology) => {
    expect(checkEmail(email('', undefined, apology), DEFAULT_PLAYBOOK)).toEqual([]);
  });

  it('does not flag its own unfilled template placeholders as jargon', () => {
    const rendered = renderTemplate(
      DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
      {},
      {
        known: CUSTOMER_EMAIL_PLACEHOLDERS,
      },
    );
    expect(rendered.missing).toContain('who_was_affected');
    expect(flagged(rendered.text, 'jargon')).toEqual([]);
    expect(rendered.problems).toContain('{{who_was_affected}} is not filled in (line 7).');
  });
});

describe('checkEmail: every finding explains itself in one sentence', () => {
  it('gives one plain sentence and a span inside the text for every finding of the corpus', () => {
    const corpus = loadCorpus(CORPUS_DIR);
    for (const { body, file } of corpus) {
      for (const f of checkEmail(body, DEFAULT_PLAYBOOK, { codeNames: ['hermes'] })) {
        expect(f.message, file).toMatch(/^[A-Z{][^\n]*\.$/);
        expect(f.message.slice(0, -1), file).not.toMatch(/[.!?]\s+[A-Z]/);
        expect(f.end, file).toBeGreaterThanOrEqual(f.start);
        expect(f.end, file).toBeLessThanOrEqual(body.length);
      }
    }
  });
});
