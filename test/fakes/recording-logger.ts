/** A `Logger` that keeps every entry for assertions. */
import type { Logger } from '../../src/main/core/ports.js';

/** One recorded log entry. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** Records log calls; `text()` is everything written, for "the token is never logged" checks. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, fields });
  }

  text(): string {
    return this.entries
      .map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields ?? {})}`)
      .join('\n');
  }
}
