/**
 * Log bytes per minute while the only feed flaps (debug level, the worst case): the platform answers
 * 500, resets the connection or sends half a body, in turn. Also counts the log files, which the
 * logger's size-based rotation keeps bounded (`zephyr.log` and at most 5 old files).
 */
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startHost, tempDataDir } from './host-harness.js';

function logBytes(dir: string): number {
  try {
    return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch {
    return 0;
  }
}

/** Runs the host `seconds` against a flapping platform. */
export async function logGrowth(
  seconds: number,
): Promise<{ bytesPerMinute: number; seconds: number; logFiles: number }> {
  let n = 0;
  const failing = createServer((req, res) => {
    req.resume();
    n += 1;
    if (n % 3 === 1) req.socket.destroy();
    else if (n % 3 === 2) res.writeHead(200, { 'content-type': 'application/json' }).end('{"pa');
    else res.writeHead(500, { 'content-type': 'text/plain' }).end('down for maintenance');
  });
  await new Promise<void>((r) => failing.listen(0, '127.0.0.1', () => r()));
  const { port } = failing.address() as AddressInfo;
  const dataDir = tempDataDir();
  const host = await startHost(dataDir, {
    ZEPHYR_PLATFORM_URL: `http://127.0.0.1:${port}`,
    ZEPHYR_PLATFORM_TOKEN: 'failing-feed-token-0123',
    ZEPHYR_LOG_LEVEL: 'debug',
  });
  const logs = join(dataDir, 'logs');
  const before = logBytes(logs);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = logBytes(logs);
  const logFiles = readdirSync(logs).length;
  await host.stop();
  await new Promise<void>((r) => failing.close(() => r()));
  return { bytesPerMinute: Math.round(((after - before) * 60) / seconds), seconds, logFiles };
}
