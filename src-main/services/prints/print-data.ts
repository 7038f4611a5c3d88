import type { PrintDataView, PrintDocument, PrintRecordView } from '../../domain/api/views.ts';
import { channelLabels, type Channel } from '../../domain/cases/status.ts';
import { AppError } from '../../domain/errors.ts';
import { idTypeLabels, type IdType } from '../../domain/intake/form.ts';
import { maskAddress } from '../../domain/identity/address.ts';
import { maskPhone } from '../../domain/identity/phone.ts';
import { maskResidentId } from '../../domain/identity/resident-id.ts';
import { maskApplicantName, noticeLink } from '../../domain/notices/verification.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { assertCaseInScope, scopeOf } from '../access/case-scope.ts';
import { matterVersion } from '../catalogue/store.ts';
import { openCasePersonal } from '../crypto/case-personal.ts';
import { noticeVerificationBaseUrl } from '../notices/base-url.ts';
import { noticeSigningKey, signNotice } from '../notices/signing.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

const titles: Record<PrintDocument, string> = {
  acceptance: '受理通知书',
  notice: '一次性告知书',
  refusal: '不予受理通知书',
  handover: '综合窗口受理交接单',
};

/** Which notice fits which window decision; a mismatched print is refused, not produced. */
const allowedFor: Record<PrintDocument, readonly string[]> = {
  acceptance: ['accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered', 'closed'],
  notice: ['notice'],
  refusal: ['refused'],
  handover: ['accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered', 'closed'],
};

interface CaseRow {
  id: string;
  case_number: string | null;
  status: string;
  is_bundle: number;
  matter_code: string;
  matter_version: number;
  channel: Channel;
  applicant_type: 'individual' | 'enterprise';
  applicant_id_type: IdType | null;
  applicant_credit_code: string | null;
  personal: Buffer;
  due_date: string | null;
  decided_at: string | null;
  created_at: string;
  refusal_reason: string | null;
  query_password: string | null;
  centre_name: string;
  region_code: string;
  window_name: string | null;
  clerk_name: string;
}

function maskId(value: string): string {
  return value.length >= 8 ? maskResidentId(value) : `${value.slice(0, 1)}***`;
}

export function printData(tx: ReadTx, caseId: string, document: PrintDocument): PrintDataView {
  const row = tx.get<CaseRow>(
    `SELECT c.*, ce.name AS centre_name, ce.region_code, w.name AS window_name, u.display_name AS clerk_name
       FROM case_record c JOIN centre ce ON ce.id = c.centre_id JOIN app_user u ON u.id = c.clerk_id
       LEFT JOIN service_window w ON w.id = c.window_id WHERE c.id = ?`,
    caseId,
  );
  if (!row?.case_number) throw new AppError('NOT_FOUND', '找不到该办件，无法打印。', { field: 'caseId' });
  if (!allowedFor[document].includes(row.status)) {
    throw new AppError('CONFLICT', `该办件当前状态不能打印《${titles[document]}》。`, { field: 'document' });
  }
  // A bundle's parent lists its children's matters; a single case lists its own.
  const matterCases = row.is_bundle
    ? tx.all<{ matter_code: string; matter_version: number; case_number: string; due_date: string | null }>(
        'SELECT matter_code, matter_version, case_number, due_date FROM case_record WHERE parent_case_id = ? ORDER BY case_number',
        caseId,
      )
    : [{ matter_code: row.matter_code, matter_version: row.matter_version, case_number: row.case_number, due_date: row.due_date }];
  const matters = matterCases.map((m) => {
    const resolved = matterVersion(tx, m.matter_code, m.matter_version);
    if (!resolved) throw new AppError('INTERNAL', `事项 ${m.matter_code} 第 ${m.matter_version} 版不在本机目录中，无法打印。`);
    return {
      code: m.matter_code,
      name: resolved.matter.name,
      departmentName: resolved.departmentName,
      promisedLimit: resolved.matter.promisedLimit,
      statutoryLimit: resolved.matter.statutoryLimit,
      feeYuan: resolved.matter.feeYuan,
      caseNumber: m.case_number,
      dueDate: m.due_date,
    };
  });
  const materials = tx
    .all<{ name: string; form: string; copies: number; status: 'received' | 'missing' | 'deferred'; required: number }>(
      'SELECT name, form, copies, status, required FROM case_material WHERE case_id = ? ORDER BY line',
      caseId,
    )
    .map((m) => ({ ...m, required: m.required === 1 }));
  const printed = tx.get<{ n: number }>('SELECT count(*) AS n FROM print_record WHERE case_id = ? AND document = ?', caseId, document)?.n ?? 0;
  const decidedAt = row.decided_at ?? row.created_at;
  const individual = row.applicant_type === 'individual';
  const personal = openCasePersonal(tx, row.personal);
  const decidedDate = dateInChina(new Date(decidedAt));
  // The QR code: a link the platform answers, signed by this device over what the paper says.
  const signed = signNotice(noticeSigningKey(tx.cipher.noticeSigningSeed), {
    document,
    caseNumber: row.case_number,
    decidedDate,
    dueDate: row.due_date,
    applicant: maskApplicantName(personal.name, !individual),
  });
  return {
    document,
    title: titles[document],
    centreName: row.centre_name,
    regionCode: row.region_code,
    windowName: row.window_name,
    clerkName: row.clerk_name,
    caseNumber: row.case_number,
    queryPassword: document === 'acceptance' ? row.query_password : null,
    qrPayload: noticeLink(noticeVerificationBaseUrl(tx), signed),
    applicant: {
      type: row.applicant_type,
      // A notice is handed to the applicant: the full name, the rest masked (docs/personal-data.md).
      name: personal.name,
      idLabel: individual ? idTypeLabels[row.applicant_id_type ?? 'resident_id'] : '统一社会信用代码',
      idMasked: individual ? maskId(personal.idNumber ?? '') : (row.applicant_credit_code ?? ''),
      phoneMasked: personal.phone ? maskPhone(personal.phone) : null,
      address: personal.address ? maskAddress(personal.address) : null,
    },
    agent: personal.agentName ? { name: personal.agentName, idMasked: maskId(personal.agentIdNumber ?? '') } : null,
    matters,
    materials,
    decidedAt,
    decidedDate,
    dueDate: row.due_date,
    refusalReason: row.refusal_reason,
    copyNumber: printed + 1,
    channelLabel: channelLabels[row.channel],
  };
}

/** Every print is on record before it happens: who, when, which document, which copy. */
export function recordPrint(tx: WriteTx, caseId: string, document: PrintDocument, userId: string): PrintRecordView {
  const data = printData(tx, caseId, document);
  tx.run(
    'INSERT INTO print_record (id, case_id, document, copy_number, printed_at, user_id) VALUES (?, ?, ?, ?, ?, ?)',
    timeOrderedId(), caseId, document, data.copyNumber, tx.now, userId,
  );
  tx.appendCaseEvent({ caseId, type: 'document.printed', payload: { document, copyNumber: data.copyNumber } });
  tx.audit({ action: 'print', target: data.caseNumber, detail: { document, copyNumber: data.copyNumber } });
  const user = tx.get<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = ?', userId);
  return { document, copyNumber: data.copyNumber, printedAt: tx.now, userName: user?.display_name ?? '' };
}

export function listPrints(tx: ReadTx, caseId: string): PrintRecordView[] {
  return tx
    .all<{ document: PrintDocument; copy_number: number; printed_at: string; user_name: string }>(
      `SELECT p.document, p.copy_number, p.printed_at, u.display_name AS user_name
         FROM print_record p JOIN app_user u ON u.id = p.user_id WHERE p.case_id = ? ORDER BY p.printed_at`,
      caseId,
    )
    .map((p) => ({ document: p.document, copyNumber: p.copy_number, printedAt: p.printed_at, userName: p.user_name }));
}

/** What a print needs, for a case the viewer may see. */
export function printDataFor(tx: ReadTx, viewer: StaffActor, caseId: string, document: PrintDocument): PrintDataView {
  assertCaseInScope(tx, scopeOf(tx, viewer), caseId);
  return printData(tx, caseId, document);
}

/** A print (or reprint) on record, for a case the viewer may see. */
export function recordPrintFor(tx: WriteTx, viewer: StaffActor, caseId: string, document: PrintDocument): PrintRecordView {
  assertCaseInScope(tx, scopeOf(tx, viewer), caseId);
  return recordPrint(tx, caseId, document, viewer.userId);
}
