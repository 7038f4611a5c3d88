/**
 * Draws the app icon (a service window: a white counter frame on the centre's blue) and writes
 * resources/icons/icon.png (512 px, Linux) and icon.ico (16–256 px, Windows). Run it after
 * changing the drawing: `node packaging/make-icons.ts`. No image tools needed: PNG is zlib plus CRCs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const blue: Rgba = [31, 95, 191, 255];
const white: Rgba = [255, 255, 255, 255];
const clear: Rgba = [0, 0, 0, 0];

/** The colour at (x, y) of a unit square, so every size is drawn from the same shape. */
function pixel(x: number, y: number): Rgba {
  const radius = 0.18;
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return clear;
  const inFrame = x > 0.2 && x < 0.8 && y > 0.22 && y < 0.78;
  const inOpening = x > 0.28 && x < 0.72 && y > 0.3 && y < 0.56;
  const counter = x > 0.2 && x < 0.8 && y > 0.62 && y < 0.68;
  if (counter) return blue;
  return inFrame && !inOpening ? white : blue;
}

function png(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO of PNG entries (Windows Vista and later read them). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(images[index]!.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += images[index]!.length;
  });
  return Buffer.concat([header, ...images]);
}

const out = join(import.meta.dirname, '..', 'resources', 'icons');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.png'), png(512));
writeFileSync(join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
