/** Fuzzed bridge frames (fast-check) against the real host's bridge, over raw TCP. */
import fc from 'fast-check';
import {
  encodeFrame,
  openRaw,
  type RawConnection,
  type RawFrame,
} from '../test/helpers/raw-websocket.js';
import type { HostUnderTest } from './host-harness.js';

/** Commands safe to fuzz (nothing that rewrites settings or pages someone). */
const NAMES = [
  'app:get-state',
  'settings:get',
  'pages:acknowledge',
  'incidents:list',
  'declarations:list',
  'playbook:get',
];

const invoke = fc
  .record({
    type: fc.constantFrom('invoke', 'result', 'event', ''),
    id: fc.oneof(fc.nat(), fc.double(), fc.string({ maxLength: 5 })),
    name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 20 })),
    input: fc.jsonValue({ maxDepth: 3 }),
  })
  .map((message) => Buffer.from(JSON.stringify(message)));

const frame: fc.Arbitrary<RawFrame> = fc.oneof(
  // Well-formed frames carrying fuzzed messages.
  invoke.map((payload) => ({ opcode: 1, payload })),
  // Anything at all at the framing level.
  fc.record({
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    opcode: fc.integer({ min: 0, max: 15 }),
    masked: fc.boolean(),
    payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), invoke).map((b) => Buffer.from(b)),
  }),
  // Lies about the length.
  fc.record({
    opcode: fc.constantFrom(1, 2),
    payload: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
    announcedLength: fc.integer({ min: 0, max: 2 ** 31 }),
  }),
);

/** Sends `count` fuzzed frames (fixed `seed`); returns how many were sent. */
export async function fuzzFrames(
  host: HostUnderTest,
  count: number,
  seed: number,
): Promise<number> {
  const frames = fc.sample(frame, { numRuns: count, seed });
  let connection: RawConnection | undefined;
  let sent = 0;
  for (const f of frames) {
    if (!connection || connection.socket.destroyed || connection.socket.readableEnded) {
      connection?.socket.destroy();
      connection = await openRaw(host.port, host.token);
    }
    connection.send(encodeFrame(f));
    sent += 1;
    // Let the host read it before the next one (and notice a closed connection).
    await new Promise((resolve) => setImmediate(resolve));
    if (f.announcedLength !== undefined) {
      // A frame announcing more than it carries leaves the reader waiting: start afresh.
      connection.socket.destroy();
      connection = undefined;
    }
  }
  connection?.socket.destroy();
  return sent;
}
