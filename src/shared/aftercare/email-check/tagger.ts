/**
 * compromise's part-of-speech tagger, used sparingly: it is the slow part of the checker, so the
 * rules hand it only short candidate phrases (a few words around a cue), and answers are
 * remembered per phrase, since the renderer re-checks the whole draft on every keystroke while
 * most of it stays the same.
 */
import nlp from 'compromise/two';

/** A tagged match inside a phrase: offsets relative to the phrase. */
export interface TaggedSpan {
  start: number;
  end: number;
}

const MAX_CACHED = 500;
const cache = new Map<string, TaggedSpan | null>();

interface Term {
  offset: { start: number; length: number };
}

/**
 * The first match of the compromise `patterns` (tried in order) in `phrase`, or `null`. Results
 * are cached per phrase and pattern list (the oldest forgotten after 500).
 */
export function firstTagged(phrase: string, patterns: readonly string[]): TaggedSpan | null {
  const key = `${patterns.join('\u0000')}\u0001${phrase}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const doc = nlp(phrase);
  let found: TaggedSpan | null = null;
  for (const pattern of patterns) {
    const m = doc.match(pattern);
    if (!m.found) continue;
    const terms = (m.json({ offset: true }) as { terms: Term[] }[])[0]?.terms ?? [];
    const first = terms[0];
    const last = terms[terms.length - 1];
    if (!first || !last) continue;
    found = { start: first.offset.start, end: last.offset.start + last.offset.length };
    break;
  }
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, found);
  return found;
}

/**
 * The window of `text` from up to `before` words before `index` to up to `after` words after
 * it: enough context for the tagger, far less work than the whole sentence.
 */
export function wordWindow(
  text: string,
  index: number,
  before: number,
  after: number,
): { start: number; value: string } {
  const head = text.slice(0, index).split(/(?<=\s)/);
  const tail = text.slice(index).split(/(?<=\s)/);
  const left = head.slice(Math.max(0, head.length - before)).join('');
  const right = tail.slice(0, after + 1).join('');
  return { start: index - left.length, value: left + right };
}

/** Forgets every remembered answer (the benchmark's cold runs). */
export function clearTaggerCache(): void {
  cache.clear();
}
