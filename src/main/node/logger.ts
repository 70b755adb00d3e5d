/**
 * The main-process logger for both hosts: JSON lines to a file (and warnings/errors to stderr),
 * with every known secret replaced by `[redacted]` before anything is written.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/ports.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of `createLogger`. `secrets` is asked at every write, so new tokens are covered too. */
export interface LoggerOptions {
  file?: string;
  level?: Level;
  secrets: () => readonly (string | undefined)[];
  /** Where errors are echoed, as one human-readable line; defaults to stderr. */
  echo?: (line: string) => void;
}

/** Replaces each secret (at least 4 characters long) in `text` by `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  // Bearer / Token headers that slipped into a message, whatever their value.
  return out.replace(/(Bearer|Token token=|OAuth)\s*[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]');
}

/** Creates a logger; see `LoggerOptions`. */
export function createLogger(options: LoggerOptions): Logger {
  const min = ORDER[options.level ?? 'info'];
  const echo = options.echo ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });

  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ t: new Date().toISOString(), level, message, ...fields });
    } catch {
      line = JSON.stringify({ t: new Date().toISOString(), level, message });
    }
    line = redact(line, options.secrets());
    if (options.file) {
      try {
        appendFileSync(options.file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A full disk must not take the pager down with it; stderr still gets errors.
      }
    }
    if (ORDER[level] >= ORDER.error) {
      const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      echo(redact(`zephyr: error: ${message}${extra}`, options.secrets()));
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
