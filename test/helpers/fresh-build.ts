/**
 * Which Vite builds (`--mode renderer|main|preload`) are missing or older than their sources, so a
 * test of the built app never runs against a stale `dist/`. Compares modification times: a
 * build is stale when any of its input files changed after its output was written.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One build: its mode, its output file and the files and folders it is built from. */
export interface BuildTarget {
  mode: string;
  output: string;
  inputs: string[];
}

/** The newest modification time (ms) of a file, or of any file under a folder; 0 if missing. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** The builds whose output is missing or older than one of their inputs. */
export function staleBuilds(targets: BuildTarget[]): BuildTarget[] {
  return targets.filter((t) => {
    if (!existsSync(t.output)) return true;
    const built = statSync(t.output).mtimeMs;
    return t.inputs.some((input) => newestMtime(input) > built);
  });
}
