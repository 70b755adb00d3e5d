/**
 * One Vite config, three builds (`--mode renderer|main|preload`, see package.json `build`):
 * - renderer: the React app, to dist/renderer (loaded by Electron and served by the Node host);
 * - main: the composition roots and the local platform CLI as ES modules, to dist/main;
 * - preload: one CommonJS bundle, so it runs with `sandbox: true`, to dist/preload.
 */
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

function rendererConfig(): UserConfig {
  return {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'dist/renderer'),
      emptyOutDir: true,
      sourcemap: true,
      // No inline scripts or styles: the CSP allows only 'self'.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  };
}

function mainConfig(): UserConfig {
  return {
    build: {
      ssr: true,
      outDir: resolve(root, 'dist/main'),
      emptyOutDir: true,
      sourcemap: true,
      target: 'node20',
      rollupOptions: {
        input: {
          'electron-main': resolve(root, 'src/main/host-electron.ts'),
          'node-host': resolve(root, 'src/main/host-node.ts'),
          'local-platform': resolve(root, 'src/main/local-platform/cli.ts'),
          start: resolve(root, 'src/main/start.ts'),
          bench: resolve(root, 'bench/bench.ts'),
          chaos: resolve(root, 'chaos/chaos.ts'),
        },
        external: ['electron', ...nodeBuiltins],
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
    ssr: { target: 'node' },
  };
}

function preloadConfig(): UserConfig {
  return {
    build: {
      outDir: resolve(root, 'dist/preload'),
      emptyOutDir: true,
      sourcemap: false,
      target: 'node20',
      minify: false,
      lib: {
        entry: resolve(root, 'src/preload/preload.ts'),
        formats: ['cjs'],
        fileName: () => 'preload.cjs',
      },
      rollupOptions: { external: ['electron'] },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'main') return mainConfig();
  if (mode === 'preload') return preloadConfig();
  return rendererConfig();
});
