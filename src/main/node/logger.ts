/**
 * The main-process logger for both hosts: JSON lines to a file (and errors to stderr), with every
 * known secret replaced by `[redacted]` before anything is written. The file is rotated by size
 * (`rotating-file-stream`, classic logrotate names: `zephyr.log`, `zephyr.log.1` … `.N`), so a
 * flapping feed at debug level can never fill the disk. Calls stay synchronous; lines are queued
 * on the stream and written in order.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
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
  /** Size cap of the current file and how many rotated files are kept (default 10 MiB, 5). */
  rotation?: LogRotation;
}

/** When the log file is rotated and how many old files are kept. */
export interface LogRotation {
  maxBytes: number;
  keep: number;
}

/** The default: at most 10 MiB a file and 5 old files, 60 MiB in all. */
export const DEFAULT_LOG_ROTATION: LogRotation = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/** A logger that writes a file: `close()` flushes the queued lines and closes it. */
export interface FileLogger extends Logger {
  close(): Promise<void>;
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
export function createLogger(options: LoggerOptions): FileLogger {
  const min = ORDER[options.level ?? 'info'];
  const echo = options.echo ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stream = options.file ? openRotating(options.file, options.rotation) : undefined;

  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ t: new Date().toISOString(), level, message, ...fields });
    } catch {
      line = JSON.stringify({ t: new Date().toISOString(), level, message });
    }
    line = redact(line, options.secrets());
    if (stream && !stream.destroyed && !stream.writableEnded) stream.write(`${line}\n`);
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
    close: () =>
      new Promise<void>((resolve) => {
        if (!stream || stream.writableEnded) {
          resolve();
          return;
        }
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}

function openRotating(file: string, rotation = DEFAULT_LOG_ROTATION): RotatingFileStream {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const stream = createStream(basename(file), {
    path: dirname(file),
    size: `${Math.max(1, Math.floor(rotation.maxBytes))}B`,
    rotate: Math.max(1, Math.floor(rotation.keep)),
    mode: 0o600,
  });
  // A full disk or a removed folder must not take the pager down with it; stderr still gets errors.
  stream.on('error', () => undefined);
  return stream;
}
