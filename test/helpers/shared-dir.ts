/**
 * Finds `../shared` (the vendors' API descriptions and the policy) beside the project. Tests that
 * need it skip with a message where it is absent, except in CI, where its absence is a failure.
 * `ZEPHYR_SHARED_DIR` points elsewhere (a git worktree that does not sit beside `shared`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Absolute path of `../shared` from the project root, or of `ZEPHYR_SHARED_DIR` when set. */
export const SHARED_DIR = process.env.ZEPHYR_SHARED_DIR
  ? resolve(process.env.ZEPHYR_SHARED_DIR)
  : resolve(import.meta.dirname, '..', '..', '..', 'shared');

/**
 * `true` when `../shared/<relative>` exists. When it does not: throws in CI, and otherwise
 * prints why the caller will skip and returns `false`.
 */
export function sharedAvailable(relative: string): boolean {
  const path = resolve(SHARED_DIR, relative);
  if (existsSync(path)) return true;
  if (process.env.CI)
    throw new Error(`${path} is missing: CI must run with ../shared beside the project`);
  console.warn(`skipping: ${path} is absent (tests against ../shared need it)`);
  return false;
}
