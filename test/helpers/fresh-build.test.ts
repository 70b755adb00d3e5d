import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleBuilds, type BuildTarget } from './fresh-build.js';

function fixture(): { dir: string; target: BuildTarget; touch: (path: string, s: number) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-fresh-build-'));
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  const touch = (path: string, seconds: number) => {
    writeFileSync(join(dir, path), 'x');
    utimesSync(join(dir, path), seconds, seconds);
  };
  return {
    dir,
    touch,
    target: {
      mode: 'main',
      output: join(dir, 'dist', 'main.js'),
      inputs: [join(dir, 'src'), join(dir, 'vite.config.ts')],
    },
  };
}

describe('staleBuilds', () => {
  it('rebuilds when the output is missing', () => {
    const { target, touch } = fixture();
    touch('src/deep/a.ts', 1000);
    expect(staleBuilds([target]).map((t) => t.mode)).toEqual(['main']);
  });

  it('keeps an output newer than every input', () => {
    const { target, touch } = fixture();
    touch('src/deep/a.ts', 1000);
    touch('vite.config.ts', 1000);
    touch('dist/main.js', 2000);
    utimesSync(join(target.inputs[0]!), 1000, 1000);
    utimesSync(join(target.inputs[0]!, 'deep'), 1000, 1000);
    expect(staleBuilds([target])).toEqual([]);
  });

  it('rebuilds when a file deep under an input folder changed after the build', () => {
    const { target, touch } = fixture();
    touch('dist/main.js', 2000);
    touch('vite.config.ts', 1000);
    touch('src/deep/a.ts', 3000);
    expect(staleBuilds([target]).map((t) => t.mode)).toEqual(['main']);
  });

  it('rebuilds when a single input file changed after the build', () => {
    const { target, touch } = fixture();
    touch('src/deep/a.ts', 1000);
    utimesSync(join(target.inputs[0]!, 'deep'), 1000, 1000);
    utimesSync(target.inputs[0]!, 1000, 1000);
    touch('dist/main.js', 2000);
    touch('vite.config.ts', 3000);
    expect(staleBuilds([target]).map((t) => t.mode)).toEqual(['main']);
  });
});
