/** Defect 7 of issue 10: durability details of the files the app keeps. */
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JsonFileStore,
  makePrivateDir,
  writeFileAtomic,
} from '../../../src/main/node/json-file-store.js';
import { readStateFile } from '../../../src/main/local-platform/state-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'zephyr-durable-'));

describe('durability', () => {
  it('cleans .tmp files left by a dead process, keeps a live one', () => {
    const d = dir();
    const file = join(d, 'outbox.json');
    const dead = `${file}.999999.tmp`;
    const live = `${file}.${process.ppid}.tmp`;
    writeFileSync(dead, '{"half":');
    writeFileSync(live, '{}');
    writeFileSync(join(d, 'other.json.999999.tmp'), '{}');
    new JsonFileStore(file);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(d, 'other.json.999999.tmp'))).toBe(true);
  });

  it('the local platform state file: stale temps cleaned, written atomically 0600', () => {
    const d = dir();
    const path = join(d, 'platform-state.json');
    writeFileSync(`${path}.999999.tmp`, 'x');
    expect(readStateFile(path)).toBeUndefined();
    expect(readdirSync(d)).toEqual([]);
  });

  it('creates data directories 0700 and files 0600', () => {
    const d = join(dir(), 'data', 'logs');
    makePrivateDir(d);
    expect(statSync(d).mode & 0o777).toBe(0o700);
    const file = join(dir(), 'state', 'tracker.json');
    writeFileAtomic(file, '{}');
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
