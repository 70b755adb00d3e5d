// Writes the app icons (assets/icons/icon-{512,256}.png) and the tray icons (assets/tray/):
// one per tray state at 16 px (@1x) and 32 px (@2x), in colour and as black macOS template
// images (`…Template.png`). Each state has its own shape, so they differ without colour too:
// off-call = ring, on-call = disc, paged = triangle with "!", incident = diamond, feed-down = ring
// with a cross, unknown = ring with a dot (the feed cannot be read yet: on call or not unknown). Run `node scripts/make-icons.mjs` to regenerate; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { URL } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (Uint8Array, width*height*4) as a PNG. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Renders `paint(x, y)` (coordinates in 0..1, answering [r, g, b, a] or null) at `size` pixels,
 * 4×4 supersampled for smooth edges.
 */
function render(size, paint) {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

const hex = (h) => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
  1,
];
const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy);

// Tray shapes, in a 0..1 box with a small margin.
const shapes = {
  'off-call': (x, y) => {
    const d = dist(x, y, 0.5, 0.5);
    return d <= 0.42 && d >= 0.27;
  },
  'on-call': (x, y) => dist(x, y, 0.5, 0.5) <= 0.42,
  paged: (x, y) => {
    // Triangle pointing up with an exclamation mark cut out.
    const inside = y <= 0.92 && y >= 0.08 && Math.abs(x - 0.5) <= ((y - 0.08) / 0.84) * 0.46;
    const bar = Math.abs(x - 0.5) <= 0.06 && y >= 0.38 && y <= 0.68;
    const dot = dist(x, y, 0.5, 0.8) <= 0.065;
    return inside && !bar && !dot;
  },
  incident: (x, y) => Math.abs(x - 0.5) + Math.abs(y - 0.5) <= 0.46,
  'feed-down': (x, y) => {
    const d = dist(x, y, 0.5, 0.5);
    const ring = d <= 0.46 && d >= 0.34;
    const u = x - 0.5;
    const v = y - 0.5;
    const cross = d <= 0.3 && (Math.abs(u - v) <= 0.1 || Math.abs(u + v) <= 0.1);
    return ring || cross;
  },
  unknown: (x, y) => {
    const d = dist(x, y, 0.5, 0.5);
    return (d <= 0.46 && d >= 0.34) || d <= 0.14;
  },
};

const colours = {
  'off-call': '#6b7280',
  'on-call': '#16a34a',
  paged: '#dc2626',
  incident: '#ea580c',
  'feed-down': '#7c3aed',
  unknown: '#b45309',
};

// App icon: a white bell on a rounded dark-blue square.
function appIcon(x, y) {
  const m = 0.06;
  const rr = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - m - rr), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - m - rr), 0);
  if (Math.hypot(qx, qy) > rr) return null;
  const dome = y <= 0.42 && dist(x, y, 0.5, 0.42) <= 0.2;
  const body = y >= 0.42 && y <= 0.66 && Math.abs(x - 0.5) <= 0.2 + ((y - 0.42) / 0.24) * 0.08;
  const rim = y >= 0.66 && y <= 0.71 && Math.abs(x - 0.5) <= 0.31;
  const clapper = dist(x, y, 0.5, 0.77) <= 0.055;
  const knob = dist(x, y, 0.5, 0.21) <= 0.04;
  return dome || body || rim || clapper || knob ? [255, 255, 255, 1] : hex('#1e3a8a');
}

const root = new URL('../assets/', import.meta.url);
mkdirSync(new URL('icons/', root), { recursive: true });
mkdirSync(new URL('tray/', root), { recursive: true });
for (const size of [512, 256]) {
  writeFileSync(
    new URL(`icons/icon-${size}.png`, root),
    encodePng(size, size, render(size, appIcon)),
  );
}
for (const [state, inside] of Object.entries(shapes)) {
  for (const [suffix, size] of [
    ['', 16],
    ['@2x', 32],
  ]) {
    const colour = hex(colours[state]);
    const coloured = render(size, (x, y) => (inside(x, y) ? colour : null));
    writeFileSync(
      new URL(`tray/tray-${state}${suffix}.png`, root),
      encodePng(size, size, coloured),
    );
    const template = render(size, (x, y) => (inside(x, y) ? [0, 0, 0, 1] : null));
    writeFileSync(
      new URL(`tray/tray-${state}Template${suffix}.png`, root),
      encodePng(size, size, template),
    );
  }
}
