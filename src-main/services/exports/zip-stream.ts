import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';

/**
 * A ZIP file written front to back into a stream, as an xlsx workbook is: each entry deflated as
 * its content arrives (zlib runs on libuv's threads, beside the code producing the rows), its
 * sizes and CRC in a data descriptor after it, the central directory at the end. No ZIP64: an
 * export stays far below 4 GiB and 65,535 entries. Names are UTF-8 (flag bit 11).
 */
export class ZipStream {
  private offset = 0;
  private readonly entries: Array<{ name: Buffer; crc: number; compressed: number; size: number; offset: number }> = [];
  private readonly time: number;
  private readonly date: number;
  private readonly out: Writable;
  private readonly level: number;

  constructor(out: Writable, level = 1, now = new Date()) {
    this.out = out;
    this.level = level;
    // MS-DOS time and date, local time as archivers write it.
    this.time = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
    this.date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  /** Writes to the file, waiting when it holds more than it wants (a slow disk or share). */
  private async put(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** A whole entry at once (the small parts of a workbook). */
  async add(name: string, content: string): Promise<void> {
    const entry = await this.open(name);
    await entry.write(content);
    await entry.close();
  }

  /** An entry written piece by piece: `write` each piece in order, then `close` it before the next entry. */
  async open(name: string): Promise<ZipEntry> {
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: deflate
    header.writeUInt16LE(0x0808, 6); // sizes in the data descriptor; UTF-8 name
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.time, 10);
    header.writeUInt16LE(this.date, 12);
    // CRC and sizes (14–25) stay 0 here: they follow the data.
    header.writeUInt16LE(nameBytes.length, 26);
    await this.put(Buffer.concat([header, nameBytes]));
    return new ZipEntry(createDeflateRaw({ level: this.level }), (chunk) => this.put(chunk), (crc, compressed, size) =>
      this.entries.push({ name: nameBytes, crc, compressed, size, offset }),
    );
  }

  /** The central directory; the caller then ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4); // made by
      record.writeUInt16LE(20, 6); // needed
      record.writeUInt16LE(0x0808, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt16LE(this.time, 12);
      record.writeUInt16LE(this.date, 14);
      record.writeUInt32LE(entry.crc, 16);
      record.writeUInt32LE(entry.compressed, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      // extra, comment, disk, internal and external attributes: 0
      record.writeUInt32LE(entry.offset, 42);
      await this.put(Buffer.concat([record, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }
}

export class ZipEntry {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly deflate: DeflateRaw;
  private readonly put: (chunk: Buffer) => Promise<void>;
  private readonly done: (crc: number, compressed: number, size: number) => void;

  constructor(deflate: DeflateRaw, put: (chunk: Buffer) => Promise<void>, done: (crc: number, compressed: number, size: number) => void) {
    this.deflate = deflate;
    this.put = put;
    this.done = done;
    // Compressed output goes to the file in order; while the file is behind, deflate waits.
    deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      deflate.pause();
      this.pending = this.pending.then(() => this.put(chunk)).then(
        () => {
          deflate.resume();
        },
        (error: unknown) => {
          this.failure = error;
          deflate.destroy(error as Error);
        },
      );
    });
  }

  /** Adds a piece of the entry's content; resolves once deflate can take more. */
  async write(content: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  /** Ends the entry: the rest of its compressed data, then its data descriptor. */
  async close(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    await this.pending;
    if (this.failure) throw this.failure;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(this.crc >>> 0, 4);
    descriptor.writeUInt32LE(this.compressed, 8);
    descriptor.writeUInt32LE(this.size, 12);
    await this.put(descriptor);
    this.done(this.crc >>> 0, this.compressed, this.size);
  }
}
