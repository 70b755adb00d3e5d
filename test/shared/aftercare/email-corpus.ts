import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { EmailFindingKind } from '../../../src/shared/aftercare/email-check.js';

/** The fixture directory: tuning emails at the top, the held-back part under `held-out/`. */
export const CORPUS_DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'emails');

/** Every finding kind, in the order the tables print them. */
export const KINDS: readonly EmailFindingKind[] = [
  'marketing',
  'apology',
  'length',
  'jargon',
  'blame',
  'missing-times',
  'missing-impact',
];

const Kind = z.enum([
  'marketing',
  'apology',
  'length',
  'jargon',
  'blame',
  'missing-times',
  'missing-impact',
]);
const FrontMatter = z.object({ expect: z.array(Kind), note: z.string().min(1) });
const YamlEmail = FrontMatter.extend({ id: z.string().min(1), body: z.string().min(1) });

/** One labelled email. */
export interface LabelledEmail {
  file: string;
  expected: Set<EmailFindingKind>;
  body: string;
}

function fromMarkdown(dir: string, file: string): LabelledEmail {
  const raw = readFileSync(resolve(dir, file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(raw);
  if (!m?.[1] || m[2] === undefined) throw new Error(`${file}: expected YAML front matter`);
  const front = FrontMatter.parse(parse(m[1]));
  return { file, expected: new Set(front.expect), body: m[2] };
}

function fromYaml(dir: string, file: string): LabelledEmail[] {
  const list = z.array(YamlEmail).parse(parse(readFileSync(resolve(dir, file), 'utf8')));
  return list.map((e) => ({ file: `${file}#${e.id}`, expected: new Set(e.expect), body: e.body }));
}

/** Loads every labelled email of `dir` (not its subfolders): `*.md` files and `*.yaml` lists. */
export function loadCorpus(dir: string): LabelledEmail[] {
  const files = readdirSync(dir).sort();
  return [
    ...files.filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => fromMarkdown(dir, f)),
    ...files.filter((f) => f.endsWith('.yaml')).flatMap((f) => fromYaml(dir, f)),
  ];
}
