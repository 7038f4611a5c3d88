/** Scanning files for the byte traces a marker applicant could leave (tests/unit/privacy). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { maskResidentId } from '../../src-main/domain/identity/resident-id.ts';

export const markerPhone = '13987654321';

/** Every byte string the marker could leave behind: whole, masked, the hidden middle digits, UTF-8 and UTF-16. */
export function markerNeedles(id: string, name: string, phone = markerPhone): Array<[string, Buffer]> {
  const texts = [id, maskResidentId(id), id.slice(4, 14), name, name.slice(0, 2), phone, phone.slice(3), '龘龘路'];
  return texts.flatMap((text) => [
    [`${text} (UTF-8)`, Buffer.from(text, 'utf8')],
    [`${text} (UTF-16LE)`, Buffer.from(text, 'utf16le')],
  ]);
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function findMarkers(dir: string, needles: Array<[string, Buffer]>): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const [label, needle] of needles) if (bytes.includes(needle)) found.push(`${label} in ${file}`);
  }
  return found;
}

