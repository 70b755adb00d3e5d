/**
 * Fuzzed feed answers (fast-check) to the real platform client: every answer must end in a
 * page poll or a `SourceError`, never another error, never a hang.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createPlainClock } from '../src/main/core/clock.js';
import { SourceError } from '../src/main/core/ports.js';
import { ZephyrSource } from '../src/main/core/feeds/zephyr-client.js';
import { RecordingLogger } from '../test/fakes/recording-logger.js';

interface Answer {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: string;
}

const page = fc.record({
  id: fc.string({ maxLength: 8 }),
  title: fc.string({ maxLength: 20 }),
  status: fc.constantFrom('triggered', 'acknowledged', 'resolved', 'bogus'),
  createdAt: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string(),
  ),
});

const answer: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(
    200,
    200,
    200,
    201,
    204,
    301,
    304,
    400,
    401,
    403,
    404,
    409,
    429,
    500,
    503,
  ),
  contentType: fc.constantFrom('application/json', 'text/html', ''),
  headers: fc.record(
    {
      'retry-after': fc.oneof(fc.nat({ max: 100 }).map(String), fc.string({ maxLength: 8 })),
      etag: fc.string({ maxLength: 10 }).map((s) => `"${s.replace(/[^a-z0-9]/gi, '')}"`),
      date: fc.oneof(
        fc.constant('garbage'),
        fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
      ),
    },
    { requiredKeys: [] },
  ),
  body: fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc
      .record({ pages: fc.array(page, { maxLength: 5 }), cursor: fc.string({ maxLength: 10 }) })
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constant('{"pages": ['),
  ),
});

/** Feeds `count` fuzzed answers to `pollPages`; returns the tally. */
export async function fuzzFeed(
  count: number,
  seed: number,
): Promise<{ answers: number; unexpectedErrors: number; examples: string[] }> {
  const answers = fc.sample(answer, { numRuns: count, seed });
  let next = 0;
  const server = createServer((req, res) => {
    const a = answers[next % answers.length]!;
    const headers: Record<string, string> = { ...a.headers };
    if (a.contentType) headers['content-type'] = a.contentType;
    res.writeHead(a.status, headers);
    res.end(a.status === 204 || a.status === 304 ? undefined : a.body);
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const source = new ZephyrSource({
    baseUrl: `http://127.0.0.1:${port}`,
    token: 'fuzz-token-0123456789',
    demo: false,
    clock: createPlainClock(),
    logger: new RecordingLogger(),
  });
  let unexpectedErrors = 0;
  const examples: string[] = [];
  for (next = 0; next < answers.length; next += 1) {
    try {
      await source.pollPages({}, new AbortController().signal);
    } catch (error) {
      if (!(error instanceof SourceError)) {
        unexpectedErrors += 1;
        if (examples.length < 3) examples.push(String(error));
      }
    }
  }
  await new Promise<void>((r) => server.close(() => r()));
  return { answers: answers.length, unexpectedErrors, examples };
}
