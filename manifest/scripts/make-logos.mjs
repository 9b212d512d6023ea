// Draws the Marketplace logos as real PNGs: a countersign tick on the brand green. Run with
// `node manifest/scripts/make-logos.mjs`; the PNGs it writes are committed.
import { writeFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";

const green = [22, 101, 52];
const white = [255, 255, 255];

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG of `size`×`size` from a function giving each pixel's colour. */
function encodePng(size, pixel) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      rows.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage (0..1) of the tick at a point, in units of the logo's side, anti-aliased. */
function tick(x, y, size) {
  const u = size / 100;
  const points = [
    [24 * u, 52 * u],
    [42 * u, 70 * u],
    [77 * u, 32 * u],
  ];
  const half = 7.5 * u;
  const d = Math.min(
    distanceToSegment(x, y, points[0], points[1]),
    distanceToSegment(x, y, points[1], points[2]),
  );
  return Math.max(0, Math.min(1, half - d + 0.5));
}

function mix(a, b, t) {
  return a.map((value, index) => Math.round(value + ((b[index] ?? 0) - value) * t));
}

const out = new URL("../assets/", import.meta.url);

// The listing logo: square, no rounded corners, opaque.
writeFileSync(
  new URL("logo.png", out),
  encodePng(320, (x, y) => [...mix(green, white, tick(x, y, 320)), 255]),
);

// The small logo: PNG-24 with transparency, the tick alone in the brand green.
writeFileSync(
  new URL("logo-small.png", out),
  encodePng(128, (x, y) => [...green, Math.round(255 * tick(x, y, 128))]),
);
