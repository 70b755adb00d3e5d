/**
 * `npm run platform`: runs the local platform on its own (options in `cli-options.ts`).
 * Prints `Zephyr local platform on http://127.0.0.1:PORT`, then the generated user token when
 * `--token` was not given and the control token with `--control`. Stops cleanly on SIGINT and
 * SIGTERM; any problem is one line on stderr and exit code 2, never a stack trace.
 */
import { parseCliOptions } from './cli-options.js';
import { startLocalPlatform, type LocalPlatform } from './index.js';
import { newToken } from './roster.js';

function fail(message: string): never {
  process.stderr.write(`zephyr local platform: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = parseCliOptions(process.argv.slice(2));
  if ('error' in parsed) fail(parsed.error);
  const { options } = parsed;
  const token = options.token ?? newToken();
  const control = options.control ? { token: newToken() } : undefined;
  let platform: LocalPlatform;
  try {
    platform = await startLocalPlatform({
      dataDir: options.dataDir,
      port: options.port,
      token,
      ...(options.playbook ? { playbook: options.playbook } : {}),
      ...(control ? { control } : {}),
    });
  } catch (err) {
    fail((err as Error).message);
  }
  process.stdout.write(`Zephyr local platform on ${platform.url}\n`);
  if (options.token === undefined) process.stdout.write(`User token: ${token}\n`);
  if (control) process.stdout.write(`Control token: ${control.token}\n`);

  const shutdown = () => {
    void platform.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
