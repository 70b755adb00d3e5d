/** Defect 6 of issue 10: one huge feed answer must not take the host's memory. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlainClock } from '../../../src/main/core/clock.js';
import { MAX_FEED_ANSWER_BYTES, readTextCapped } from '../../../src/main/core/capped-body.js';
import { PagerDutySource } from '../../../src/main/core/pagerduty/pagerduty-source.js';
import { ZephyrSource } from '../../../src/main/core/feeds/zephyr-client.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** Streams `bytes` of JSON-ish filler without a Content-Length (chunked). */
async function hugeAnswer(bytes: number): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('feed answers are capped at 20 MB', () => {
  it('readTextCapped stops past the limit, and refuses a declared length over it', async () => {
    await expect(readTextCapped(new Response('x'.repeat(11)), 10)).rejects.toThrow(/larger than/);
    expect(await readTextCapped(new Response('é'.repeat(5)), 10)).toBe('ééééé');
    const declared = new Response('{}', {
      headers: { 'content-length': String(MAX_FEED_ANSWER_BYTES + 1) },
    });
    await expect(readTextCapped(declared)).rejects.toThrow(/larger than 20 MB/);
  });

  it('the platform client gives a clear feed error for a 21 MB answer', async () => {
    const url = await hugeAnswer(21 * 1024 * 1024);
    const source = new ZephyrSource({
      baseUrl: url,
      token: 'tok-0123456789',
      demo: false,
      clock: createPlainClock(),
      logger: new RecordingLogger(),
    });
    await expect(source.pollPages({}, new AbortController().signal)).rejects.toMatchObject({
      kind: 'invalid-response',
      message: expect.stringMatching(/larger than 20 MB/),
    });
  });

  it('the PagerDuty client too', async () => {
    const url = await hugeAnswer(21 * 1024 * 1024);
    const source = new PagerDutySource({
      apiUrl: url,
      token: 'tok-0123456789',
      clock: createPlainClock(),
      logger: new RecordingLogger(),
    });
    await expect(source.me(new AbortController().signal)).rejects.toMatchObject({
      kind: 'invalid-response',
      message: expect.stringMatching(/larger than 20 MB/),
    });
  });
});
