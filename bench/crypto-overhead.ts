/**
 * crypto.accept_overhead_p99_ms: what sealing personal data and writing blind-index tokens add to
 * accepting a case with 10 materials (新生儿出生一件事: 10 checklist materials, a parent and 5
 * child cases, each with its tokens), through the API on a fresh demo site.
 *
 * Measured two ways in the same process, accepts interleaved so machine noise hits both alike:
 *  - value: per accept, the time spent inside the cipher (sealing, opening, tokens), by timing
 *    each FieldCipher call made during the accept; p99 over the samples.
 *  - context: the same accepts with a stand-in cipher that does no cryptography (plain JSON,
 *    tokens as plain strings: same rows, same sizes) — the difference of the two accept timings.
 *    That difference also contains the token rows' inserts; it is noisier (two distributions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { namePrefixes } from '../src-main/domain/crypto/blind-index.ts';
import { residentIdCheckChar } from '../src-main/domain/identity/resident-id.ts';
import { bootServices } from '../src-main/host/boot.ts';
import { demoPassword } from '../src-main/services/demo/seed.ts';
import type { FieldCipher } from '../src-main/store/field-cipher.ts';
import { percentile, report } from './report.ts';

/** Counts the time spent in every cipher method while `timing` is on. */
function instrument(cipher: FieldCipher): { elapsed: () => number; reset: () => void } {
  let total = 0;
  const methods = ['seal', 'open', 'sealBytes', 'openBytes', 'token', 'nameTokens', 'nameQuery', 'fileName'] as const;
  for (const method of methods) {
    const original = (cipher[method] as (...args: unknown[]) => unknown).bind(cipher);
    (cipher as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const t = performance.now();
      try {
        return original(...args);
      } finally {
        total += performance.now() - t;
      }
    };
  }
  return { elapsed: () => total, reset: () => (total = 0) };
}

/** The same interface without cryptography: JSON in clear, tokens as the plain normalised value. */
function plainCipher(real: FieldCipher): FieldCipher {
  const plain = Object.create(real) as FieldCipher;
  const asToken = (text: string) => Buffer.from(text, 'utf8').subarray(0, 16);
  Object.assign(plain, {
    sealBytes: (bytes: Uint8Array) => Buffer.from(bytes),
    openBytes: (bytes: Uint8Array) => Buffer.from(bytes),
    seal: (value: unknown) => Buffer.from(JSON.stringify(value)),
    open: (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown,
    token: (kind: string, value: string) => asToken(`${kind}${value}`),
    nameTokens: (name: string) => namePrefixes(name).map((p) => asToken(`name${p}`)),
  });
  return plain;
}

export async function benchCryptoOverhead(samples = Number(process.env.ONEWINDOW_BENCH_SAMPLES ?? 300)): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-crypto-'));
  const services = bootServices({ dataDir, appVersion: 'bench' });
  try {
    const { store } = services.env;
    const real = store.read((tx) => tx.cipher);
    const timed = instrument(real);
    const plain = plainCipher(real);
    const login = await services.dispatcher.call('session/login', { username: 'clerk', password: demoPassword }, null);
    if (!login.ok) throw new Error(login.error.message);
    const token = (login.value as { token: string }).token;
    const checklist = await services.dispatcher.call('catalogue/checklist', { target: { kind: 'bundle', bundleCode: 'YJS-XSECS' } }, token);
    if (!checklist.ok) throw new Error(checklist.error.message);
    const list = checklist.value as { target: unknown; materials: Array<{ key: string }> };
    if (list.materials.length !== 10) throw new Error(`expected 10 materials, got ${list.materials.length}`);

    let n = 0;
    const accept = async (): Promise<number> => {
      n++;
      const first17 = `650102${1960 + (n % 45)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
      const form = {
        target: list.target,
        channel: 'window',
        materials: list.materials.map((m) => ({ key: m.key, status: 'received' })),
        applicant: { type: 'individual', name: `欧阳明${n}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904110000', address: '辽宁省大连市甘井子区黄河路100号' },
        agent: { name: '张代办', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904119999' },
      };
      const t = performance.now();
      const result = await services.dispatcher.call('intake/accept', form, token);
      if (!result.ok) throw new Error(result.error.message);
      return performance.now() - t;
    };

    const cryptoMs: number[] = [];
    const withCipher: number[] = [];
    const withoutCipher: number[] = [];
    for (let i = 0; i < 20; i++) await accept(); // warm-up
    for (let i = 0; i < samples; i++) {
      store.useCipher(real);
      timed.reset();
      withCipher.push(await accept());
      cryptoMs.push(timed.elapsed());
      store.useCipher(plain);
      withoutCipher.push(await accept());
    }
    store.useCipher(real);
    const p = (xs: number[], q: number) => Number(percentile(xs, q).toFixed(3));
    report('crypto.accept_overhead_p99_ms', p(cryptoMs, 99), 'ms', {
      target: '<= 1',
      includes: 'the time inside FieldCipher (sealing, opening, blind-index tokens) during one intake/accept at the dispatcher, in process',
      via: 'intake/accept of 新生儿出生一件事 (10 materials, parent + 5 children); time inside FieldCipher per accept',
      p50: p(cryptoMs, 50),
      p95: p(cryptoMs, 95),
      max: p(cryptoMs, 100),
      samples,
      accept_with_cipher: { p50: p(withCipher, 50), p99: p(withCipher, 99) },
      accept_without_cipher: { p50: p(withoutCipher, 50), p99: p(withoutCipher, 99) },
      ab_delta_p50: Number((percentile(withCipher, 50) - percentile(withoutCipher, 50)).toFixed(3)),
      ab_delta_p99: Number((percentile(withCipher, 99) - percentile(withoutCipher, 99)).toFixed(3)),
      load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    });
  } finally {
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
