/**
 * The intake forms the accept benchmarks submit: 新生儿出生一件事 (a bundle, 10 checklist materials,
 * 5 child cases) for individuals, half of them returning applicants from the fixture and half
 * first-timers, and 企业设立登记 (one matter, 8 materials) for enterprises from the fixture.
 */
import { residentIdCheckChar } from '../src-main/domain/identity/resident-id.ts';
import { mobilePhone, personName } from './fixtures/people.ts';
import type { Rng } from './fixtures/rng.ts';
import { sampleProfiles, type InputPass } from './inputs.ts';

export const bundleTarget = { kind: 'bundle', bundleCode: 'YJS-XSECS' } as const;
export const singleTarget = { kind: 'matter', matterCode: 'GJZ-SCJG-0001' } as const;

export interface Checklist {
  target: unknown;
  materials: Array<{ key: string }>;
}

export interface Applicants {
  people: Array<{ id: string; name: string; phone: string }>;
  firms: Array<{ code: string; name: string; rep: string; phone: string }>;
}

/** Returning applicants to draw from (people with 2+ cases, enterprises), read in a separate pass. */
export function sampleApplicants(pass: InputPass): Applicants {
  return {
    people: sampleProfiles(pass, "type = 'individual' AND case_count >= 2", 5000).map((p) => ({ id: p.idNumber ?? '', name: p.name, phone: p.phone ?? '' })),
    firms: sampleProfiles(pass, "type = 'enterprise'", 5000).map((p) => ({ code: p.creditCode ?? '', name: p.name, rep: p.legalRepresentative ?? '', phone: p.phone ?? '' })),
  };
}

/** A new resident ID (GB 11643) nobody in the fixture has: birth region 650102 is not in its pool. */
export function newIdNumber(rng: Rng, i: number): string {
  const first17 = `650102${1960 + (i % 45)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(rng.int(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export interface IntakeForm {
  target: unknown;
  applicant: { idNumber?: string; creditCode?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

/** Makes the n-th form of a run: the whole checklist received, a ticket number, an applicant. */
export function intakeForm(rng: Rng, n: number, list: Checklist, kind: 'bundle' | 'single', applicants: Applicants): IntakeForm {
  const materials = list.materials.map((m) => ({ key: m.key, status: 'received' }));
  const base = { target: list.target, channel: 'window', ticketNumber: `A${String(n % 1000).padStart(3, '0')}`, materials };
  if (kind === 'single') {
    const f = rng.pick(applicants.firms);
    return { ...base, applicant: { type: 'enterprise', name: f.name, creditCode: f.code, legalRepresentative: f.rep, phone: f.phone } };
  }
  // Half returning applicants (their history is checked for duplicates), half first-timers.
  const p = rng.chance(0.5) ? rng.pick(applicants.people) : { id: newIdNumber(rng, n), name: personName(rng, 1990), phone: mobilePhone(rng) };
  return { ...base, applicant: { type: 'individual', name: p.name, idType: 'resident_id', idNumber: p.id, phone: p.phone, address: '辽宁省大连市甘井子区黄河路100号' } };
}

/** What the intake screen sends to intake/duplicates before it accepts (src-renderer intake store: checkDuplicates). */
export function duplicatesInput(form: IntakeForm): Record<string, unknown> {
  return { target: form.target, ...(form.applicant.idNumber ? { idNumber: form.applicant.idNumber } : { creditCode: form.applicant.creditCode }) };
}
