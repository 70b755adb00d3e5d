/**
 * `KeyValueStore` on a JSON file: written atomically (temp file, fsync, rename) with 0600
 * permissions, so a crash mid-write leaves the previous version intact.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeyValueStore, StoreFactory } from '../core/ports.js';

/** Writes `text` to `file` atomically with the given mode. */
export function writeFileAtomic(file: string, text: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** A store on one JSON file. `read` throws an error naming the file when it is not valid JSON. */
export class JsonFileStore<T> implements KeyValueStore<T> {
  constructor(readonly file: string) {}

  read(): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`${this.file} is not valid JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
  }

  write(value: T): void {
    // Compact: the tracker's file can hold thousands of entries and is written on every change.
    writeFileAtomic(this.file, `${JSON.stringify(value)}\n`);
  }
}

/** A `StoreFactory` keeping each named store as `<dir>/<name>.json`. */
export function jsonStoreFactory(dir: string): StoreFactory {
  return <T>(name: string) => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid store name "${name}"`);
    return new JsonFileStore<T>(join(dir, `${name}.json`));
  };
}
