import type { ApplicantProfileView } from '@domain/api/views.ts';
import { checkCreditCode } from '@domain/identity/credit-code.ts';
import { checkResidentId } from '@domain/identity/resident-id.ts';
import { ref } from 'vue';
import { messageOf } from '../../shared/api/errors.ts';
import { request, wasHandled } from '../../shared/api/request.ts';
import { normalizeId, type IntakeModel } from '../model.ts';
import type { FormState } from './form.ts';

/** Who the lookup is for: `id:<number>` or `credit:<code>`, once the number is complete and valid. */
export function lookupKeyOf(model: IntakeModel, today: string): string | null {
  if (model.applicantType === 'enterprise') {
    const check = checkCreditCode(model.enterprise.creditCode);
    return check.ok ? `credit:${check.normalized}` : null;
  }
  const { idType, idNumber } = model.individual;
  if (idType === 'resident_id') {
    const check = checkResidentId(idNumber, today);
    return check.ok ? `id:${check.normalized}` : null;
  }
  const id = normalizeId(idNumber);
  return id.length >= 6 ? `id:${id}` : null;
}

export function lookupInput(key: string): { idNumber: string } | { creditCode: string } {
  return key.startsWith('credit:') ? { creditCode: key.slice(7) } : { idNumber: key.slice(3) };
}

/** A returning applicant: their last intake's contact details, offered for the clerk to fill in. */
export function createReturningApplicantState(form: FormState) {
  const { model, edited } = form;
  const profile = ref<ApplicantProfileView | null>(null);
  const profileKey = ref<string | null>(null);
  const profileApplied = ref(false);
  const lookupError = ref<string | null>(null);

  let lookupSeq = 0;
  async function lookup(key: string | null): Promise<void> {
    const seq = ++lookupSeq;
    lookupError.value = null;
    if (key === profileKey.value && profile.value) return;
    profile.value = null;
    profileKey.value = key;
    profileApplied.value = false;
    if (key === null) return;
    try {
      const found = await request('applicants/find', lookupInput(key));
      if (seq !== lookupSeq) return;
      profile.value = found;
    } catch (error) {
      if (seq !== lookupSeq) return;
      lookupError.value = wasHandled(error) ? null : `未能查询申请人以往信息：${messageOf(error)}`;
    }
  }

  /**
   * Fills the blank fields from the returning applicant's last intake (the clerk checks them with
   * the applicant). A field the clerk already typed in keeps what was typed: nothing typed is lost.
   */
  function applyProfile(): boolean {
    const p = profile.value;
    if (!p) return false;
    const fill = <K extends string>(fields: Record<K, string>, key: K, value: string | null) => {
      if (!value || fields[key].trim() !== '') return;
      fields[key] = value;
      edited(`applicant.${key}`);
    };
    if (model.applicantType === 'individual' && p.type === 'individual') {
      fill(model.individual, 'name', p.name);
      fill(model.individual, 'phone', p.phone);
      fill(model.individual, 'address', p.address);
    } else if (model.applicantType === 'enterprise' && p.type === 'enterprise') {
      fill(model.enterprise, 'name', p.name);
      fill(model.enterprise, 'legalRepresentative', p.legalRepresentative);
      fill(model.enterprise, 'contactName', p.contactName);
      fill(model.enterprise, 'phone', p.phone);
      fill(model.enterprise, 'address', p.address);
    } else {
      return false;
    }
    profileApplied.value = true;
    return true;
  }

  function reset(): void {
    profile.value = null;
    profileKey.value = null;
    profileApplied.value = false;
    lookupError.value = null;
  }

  return { profile, profileKey, profileApplied, lookupError, lookup, applyProfile, reset };
}
