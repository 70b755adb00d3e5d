// `node --import ./test/boot/register-fake-electron.mjs dist/main/electron-main.js` runs the real
// built main entry with `electron` replaced by the hand-written fake (see electron-loader.mjs).
import { register } from 'node:module';

register('./electron-loader.mjs', import.meta.url);
