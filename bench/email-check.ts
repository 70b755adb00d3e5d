/**
 * The customer-email checker as the renderer runs it, on every keystroke: `checkEmail` over a
 * 400-word draft that gives every rule work (clock times and ranges for chrono-node, passive
 * sentences with an agent and a superlative for compromise's tagger, quoted text, identifiers).
 */
import { checkEmail } from '../src/shared/aftercare/email-check.js';
import { clearTaggerCache } from '../src/shared/aftercare/email-check/tagger.js';
import { DEFAULT_PLAYBOOK } from '../src/shared/playbook.js';
import { median, percentile } from './stats.js';

const PARAGRAPHS = [
  'Between 14:05 and 15:20 UTC on 12 March, merchants in Europe could not create shipping labels or mark orders as shipped, and shoppers saw "Sorry, something went wrong" when they tracked a parcel.',
  'The problem began when a release changed how carriers are chosen for each order. The change was reviewed by two engineers and tested by our release team, but the tests did not cover merchants whose carriers serve different countries.',
  'We saw the rise in rejected labels at 14:20 UTC, found the cause at 14:50 UTC and reverted the change at 15:05 UTC. Labels worked again from 15:20 UTC, and every delayed order had a label by 17:30 UTC.',
  'Some of you contacted our support team, and each message was answered by the end of the day. This was the slowest recovery in our history for labels, and it should not have happened.',
  'What we are changing: carrier selection is now tested against real merchant setups from every country we serve; label rejections alert our on-call engineer within two minutes; and carrier changes go to a small share of merchants first, then to everyone after an hour without rejections.',
];

/** A draft of exactly `words` words, cycling through the paragraphs above, with an apology. */
export function draftOfWords(words: number): string {
  const out: string[] = ['Hello,'];
  let count = 1;
  for (let i = 0; count < words - 12; i++) {
    const paragraph = PARAGRAPHS[i % PARAGRAPHS.length] ?? '';
    const take = paragraph.split(' ').slice(0, words - 12 - count);
    out.push(take.join(' '));
    count += take.length;
  }
  out.push('We apologise for the delayed shipments this caused you.', 'The Zephyr team');
  return out.join('\n\n');
}

/** What the email-check measurement found. */
export interface EmailCheckResult {
  words: number;
  /** The first call: module set-up and the tagger's lexicon warming up. */
  firstMs: number;
  /** Each run with the tagger's phrase cache emptied first: as if every sentence were new. */
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  /** Each run with the cache kept: the renderer re-checking a draft as the user types. */
  warmMedianMs: number;
  findings: number;
}

/** Times `checkEmail` on a `words`-word draft `runs` times (cold and warm) after one first call. */
export function runEmailCheck(options: { words: number; runs: number }): EmailCheckResult {
  const text = draftOfWords(options.words);
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  let t = performance.now();
  const findings = checkEmail(text, DEFAULT_PLAYBOOK).length;
  const firstMs = performance.now() - t;
  const times: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    clearTaggerCache();
    t = performance.now();
    checkEmail(text, DEFAULT_PLAYBOOK);
    times.push(performance.now() - t);
    t = performance.now();
    checkEmail(text, DEFAULT_PLAYBOOK);
    warm.push(performance.now() - t);
  }
  return {
    words,
    firstMs,
    medianMs: median(times),
    p90Ms: percentile(times, 90),
    maxMs: Math.max(...times),
    warmMedianMs: median(warm),
    findings,
  };
}
