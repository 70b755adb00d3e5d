/**
 * `npm run platform`: runs the local platform on its own.
 * Options: --port <n> (default 7420), --token <t> (default: a new random token, printed),
 * --data-dir <dir> (default .tmp/local-platform), --control (enables the control API and prints
 * its token), --playbook <file> (JSON or YAML, validated). Bad options give one clear line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { Playbook } from '../../shared/playbook.js';
import { startLocalPlatform } from './index.js';
import { newToken } from './roster.js';

const DEFAULT_PORT = 7420;

function fail(message: string): never {
  process.stderr.write(`zephyr local platform: ${message}\n`);
  process.exit(2);
}

function readPlaybook(file: string): Playbook {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    fail(`cannot read playbook ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = Playbook.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`playbook ${file} is invalid: ${issue?.path.join('.') || 'top level'}: ${issue?.message}`);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        control: { type: 'boolean' },
        playbook: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`--port must be 0..65535, got '${portText}'`);
  if (values.token !== undefined && values.token.trim() === '') fail('--token must not be empty');
  const token = values.token ?? newToken();
  const control = values.control ? { token: newToken() } : undefined;
  const playbook = values.playbook !== undefined ? readPlaybook(values.playbook) : undefined;

  let platform;
  try {
    platform = await startLocalPlatform({
      dataDir: resolve(values['data-dir'] ?? '.tmp/local-platform'),
      port,
      token,
      ...(playbook ? { playbook } : {}),
      ...(control ? { control } : {}),
    });
  } catch (err) {
    fail((err as Error).message);
  }
  process.stdout.write(`Zephyr local platform on ${platform.url}\n`);
  if (values.token === undefined) process.stdout.write(`User token: ${token}\n`);
  if (control) process.stdout.write(`Control token: ${control.token}\n`);

  const running = platform;
  const shutdown = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
