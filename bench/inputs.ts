/**
 * Benchmark inputs drawn from the fixture's own data, in a separate pass: another read-only
 * connection, closed before any timed call, after which the database file is dropped from the OS
 * page cache. So neither SQLite's cache of the connection under test nor the kernel holds the
 * pages of the rows about to be searched for: each timed search reads its case from disk, as a
 * clerk's search for a case nobody touched today does. `inputsNote` says so beside each figure.
 */
import Database from 'better-sqlite3';
import { deriveDataKeys, Keyring } from '../src-main/domain/crypto/sealed.ts';
import type { CasePersonal } from '../src-main/services/crypto/case-personal.ts';
import { keyFileVault, prepareDataKey } from '../src-main/services/crypto/data-key.ts';
import type { ApplicantProfile } from '../src-main/services/intake/applicants.ts';
import { databasePath } from '../src-main/services/paths.ts';
import { FieldCipher } from '../src-main/store/field-cipher.ts';
import { dropPageCache } from './fixtures/copy.ts';
import { Rng, item } from './fixtures/rng.ts';

export interface InputPass {
  db: Database.Database;
  cipher: FieldCipher;
  /** case_record rows (rowids 1..rows). */
  rows: number;
}

export const inputsNote = {
  separate_pass: 'another read-only connection, closed before timing',
  page_cache: 'database file dropped from the OS page cache after sampling (dd iflag=nocache)',
};

/** Runs `sample` on its own connection to the data folder's database, then drops the file's cached pages. */
export function separatePass<T>(dataDir: string, sample: (pass: InputPass) => T): { inputs: T; pageCacheDropped: boolean } {
  const path = databasePath(dataDir);
  const key = prepareDataKey(dataDir, keyFileVault);
  const cipher = new FieldCipher(new Keyring(deriveDataKeys(key.keyId, key.root)));
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let inputs: T;
  try {
    const rows = (db.prepare('SELECT max(rowid) AS n FROM case_record').get() as { n: number }).n;
    inputs = sample({ db, cipher, rows });
  } finally {
    db.close();
  }
  const pageCacheDropped = dropPageCache(path) && dropPageCache(`${path}-wal`);
  return { inputs, pageCacheDropped };
}

/** One column of random case rows (uniform over two years of history). */
export function sampleColumn(pass: InputPass, rng: Rng, sql: string, n: number): string[] {
  const stmt = pass.db.prepare(sql);
  const out: string[] = [];
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const row = stmt.get(1 + rng.int(pass.rows)) as Record<string, string | null> | undefined;
    const value = row ? Object.values(row)[0] : null;
    if (value) out.push(value);
  }
  return out;
}

/** A personal field of random case rows, opened with the data key as the services would. */
export function samplePersonal(pass: InputPass, rng: Rng, field: keyof CasePersonal, n: number, where = ''): string[] {
  const stmt = pass.db.prepare(`SELECT personal FROM case_record WHERE rowid = ? ${where}`);
  const out: string[] = [];
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const row = stmt.get(1 + rng.int(pass.rows)) as { personal: Buffer } | undefined;
    const value = row ? pass.cipher.open<CasePersonal>(row.personal)[field] : null;
    if (value) out.push(value);
  }
  return out;
}

/** Returning applicants (applicant_profile), opened. */
export function sampleProfiles(pass: InputPass, where: string, limit: number): Array<ApplicantProfile & { caseCount: number }> {
  const rows = pass.db.prepare(`SELECT sealed, case_count FROM applicant_profile WHERE ${where} LIMIT ${limit}`).all() as Array<{ sealed: Buffer; case_count: number }>;
  return rows.map((r) => ({ ...pass.cipher.open<ApplicantProfile>(r.sealed), caseCount: r.case_count }));
}

export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [item(out, j), item(out, i)];
  }
  return out;
}

export interface SearchInputs {
  caseNumbers: string[];
  /** ID numbers of people with 3+ cases (the ones a clerk looks up), with their case counts. */
  repeaters: Array<{ idNumber: string; cases: number }>;
  repeaterPool: number;
  /** As typed: the surname alone (王) or surname + first given character (张伟), alternately. */
  namePrefixes: string[];
  phones: string[];
  /** case_record ids (for opening a case). */
  caseIds: string[];
}

/** `n` of each kind of search input, seeded. */
export function searchInputs(pass: InputPass, seed: number, n: number): SearchInputs {
  const rng = new Rng(seed);
  const caseNumbers = sampleColumn(pass, rng, 'SELECT case_number FROM case_record WHERE rowid = ?', n);
  const pool = sampleProfiles(pass, "type = 'individual' AND case_count >= 3", 100_000).map((p) => ({ idNumber: p.idNumber ?? '', cases: p.caseCount }));
  const repeaters = shuffled(rng, pool).slice(0, n);
  const names = samplePersonal(pass, rng, 'name', n, "AND applicant_type = 'individual'");
  const namePrefixes = names.map((name, i) => [...name].slice(0, i % 2 === 0 ? 1 : 2).join(''));
  const phones = samplePersonal(pass, rng, 'phone', n);
  const caseIds = sampleColumn(pass, rng, 'SELECT id FROM case_record WHERE rowid = ?', n);
  return { caseNumbers, repeaters, repeaterPool: pool.length, namePrefixes, phones, caseIds };
}
