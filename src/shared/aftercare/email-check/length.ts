/** `length`: brief, within the playbook's `customerEmail.maxWords`. */
import type { Playbook } from '../../playbook.js';
import { type Draft, type EmailFinding, finding, matches } from './text.js';

/** Adds the `length` finding, if any, to `findings`. */
export function checkLength(draft: Draft, playbook: Playbook, findings: EmailFinding[]): void {
  const max = playbook.customerEmail.maxWords;
  // A word is a whitespace-separated token with at least one letter or digit (so Markdown
  // bullets and dashes do not count).
  const words = matches(/\S+/g, draft.text).filter((w) => /[\p{L}\p{N}]/u.test(w.value));
  const first = words[max];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return;
  findings.push(
    finding(
      'length',
      { start: first.start, end: last.end },
      `Too long: ${words.length} words, keep it within ${max}; everything from here on is over.`,
    ),
  );
}
