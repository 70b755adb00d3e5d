/**
 * The `npm run platform` command line, parsed without side effects so it can be tested: either
 * the options to start with, or one clear line saying what is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { Playbook } from '../../shared/playbook.js';

/** Port when `--port` is not given. */
export const DEFAULT_PORT = 7420;
/** Data directory when `--data-dir` is not given (relative to the working directory). */
export const DEFAULT_DATA_DIR = '.tmp/local-platform';

/** What the command line asks for. */
export interface CliOptions {
  port: number;
  /** `undefined`: generate one and print it. */
  token?: string;
  dataDir: string;
  control: boolean;
  playbook?: Playbook;
}

/** Parses `argv` (without node and script); `{error}` is one line naming the bad option. */
export function parseCliOptions(argv: string[]): { options: CliOptions } | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
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
    return { error: (err as Error).message.split('\n')[0] ?? 'bad options' };
  }
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    return { error: `--port must be a number from 0 to 65535, got '${portText}'` };
  }
  if (values.token !== undefined && values.token.trim() === '') {
    return { error: '--token must not be empty' };
  }
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') {
    return { error: '--data-dir must not be empty' };
  }
  let playbook: Playbook | undefined;
  if (values.playbook !== undefined) {
    const result = readPlaybook(values.playbook);
    if ('error' in result) return result;
    playbook = result.playbook;
  }
  return {
    options: {
      port,
      ...(values.token !== undefined ? { token: values.token } : {}),
      dataDir: resolve(values['data-dir'] ?? DEFAULT_DATA_DIR),
      control: values.control === true,
      ...(playbook ? { playbook } : {}),
    },
  };
}

function readPlaybook(file: string): { playbook: Playbook } | { error: string } {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    return { error: `cannot read playbook ${file}: ${(err as Error).message.split('\n')[0]}` };
  }
  const parsed = Playbook.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    return {
      error: `playbook ${file} is invalid: ${where}: ${issue?.message ?? 'unexpected shape'}`,
    };
  }
  return { playbook: parsed.data };
}
