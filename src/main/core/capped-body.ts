/**
 * Reads an HTTP answer's body with a byte limit, so one huge (or endless) feed answer cannot take
 * the host's memory: past the limit the read stops and `AnswerTooLargeError` says so.
 */

/** The largest feed answer the clients read: 20 MB (a 10,000-page feed is about 5 MB). */
export const MAX_FEED_ANSWER_BYTES = 20 * 1024 * 1024;

/** Thrown when an answer is larger than the limit. */
export class AnswerTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(
      `the answer is larger than ${Math.round(limitBytes / (1024 * 1024))} MB and was not read`,
    );
    this.name = 'AnswerTooLargeError';
  }
}

/** The body of `response` as text, reading at most `limitBytes`; cancels the rest past it. */
export async function readTextCapped(
  response: Response,
  limitBytes: number = MAX_FEED_ANSWER_BYTES,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(limitBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limitBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
