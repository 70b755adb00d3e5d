// Writes assets/sounds/alarm.wav: a two-tone 16-bit mono alarm, 1.2 s long, seamless when looped.
// Run `node scripts/make-alarm-sound.mjs` to regenerate; the WAV is committed.
import { writeFileSync } from 'node:fs';

const rate = 22050;
const seconds = 1.2;
const n = Math.round(rate * seconds);
const data = Buffer.alloc(n * 2);
for (let i = 0; i < n; i++) {
  const t = i / rate;
  const phase = t % 0.6; // two beeps per loop, 0.25 s each
  const on = phase < 0.25;
  const freq = t < 0.6 ? 880 : 1175;
  const envelope = on ? Math.min(1, phase / 0.01, (0.25 - phase) / 0.01) : 0;
  const sample = Math.sin(2 * Math.PI * freq * t) * envelope * 0.8;
  data.writeInt16LE(Math.round(sample * 32767), i * 2);
}
const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + data.length, 4);
header.write('WAVE', 8);
header.write('fmt ', 12);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20); // PCM
header.writeUInt16LE(1, 22); // mono
header.writeUInt32LE(rate, 24);
header.writeUInt32LE(rate * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(data.length, 40);
writeFileSync(
  new URL('../assets/sounds/alarm.wav', import.meta.url),
  Buffer.concat([header, data]),
);
