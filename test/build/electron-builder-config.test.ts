import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../src/main/electron/deep-link.js';

const root = resolve(import.meta.dirname, '../..');
const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
> & {
  files: string[];
  mac: Record<string, unknown>;
  win: Record<string, unknown>;
  linux: Record<string, unknown>;
};
const schema = JSON.parse(
  readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;

function validator() {
  // electron-builder's schema uses a few annotations Ajv does not know (e.g. `tsType`).
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own configuration schema", () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would be rejected with a misspelt key (the schema check is not vacuous)', () => {
    const validate = validator();
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntim: true } })).toBe(false);
  });

  it('names the product and id the app uses', () => {
    expect(config.appId).toBe('com.zephyr.oncall');
    expect(config.productName).toBe('Zephyr On-Call');
    expect(config.asar).toBe(true);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: false });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
  });

  it('refers only to icon files that exist, at the sizes the platforms need', () => {
    for (const platform of [config.mac, config.win, config.linux]) {
      const icon = platform.icon as string;
      const file = resolve(root, icon);
      expect(existsSync(file), icon).toBe(true);
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('ascii'), icon).toBe('PNG');
      // IHDR width: macOS needs 512 px, Windows at least 256 px.
      expect(png.readUInt32BE(16), icon).toBeGreaterThanOrEqual(
        platform === config.mac ? 512 : 256,
      );
    }
  });

  it('packs the built app and its assets, including the main entry package.json names', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'assets/**']));
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/electron-main.js');
  });

  it('registers the zephyr:// scheme the app parses and an update feed electron-updater reads', () => {
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: [DEEP_LINK_SCHEME] })]);
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github' })]);
  });
});
