// Module hooks for the boot test: the specifier `electron` resolves to the hand-written fake
// (test/fakes/electron/boot-entry.ts), and the fake's TypeScript files are transpiled on load
// (Node 20 cannot run TypeScript itself). Everything else resolves and loads as usual.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import ts from 'typescript';

const fakesDir = new URL('../fakes/electron/', import.meta.url);
const fakeEntry = new URL('boot-entry.ts', fakesDir).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fakeEntry, shortCircuit: true, format: 'module' };
  if (
    context.parentURL?.startsWith(fakesDir.href) &&
    specifier.startsWith('.') &&
    specifier.endsWith('.js')
  ) {
    const tsUrl = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(tsUrl)))
      return { url: tsUrl.href, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith(fakesDir.href) && url.endsWith('.ts')) {
    const source = await readFile(fileURLToPath(url), 'utf8');
    const output = ts.transpileModule(source, {
      fileName: fileURLToPath(url),
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        sourceMap: false,
      },
    });
    return { format: 'module', source: output.outputText, shortCircuit: true };
  }
  return nextLoad(url, context);
}
