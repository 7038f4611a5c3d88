import { AppError } from '@domain/errors.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTargetOptions, filterTargets, parseTargetValue, targetValue } from '../../src-renderer/src/intake/catalogue.ts';
import { duplicatesOf, fieldErrorsOf } from '../../src-renderer/src/intake/errors.ts';
import { fieldElement, firstOnPage, focusField, focusFirstError } from '../../src-renderer/src/intake/focus.ts';
import { fieldsIn, focusNextField, isEnterToNext, shortcutOf, type KeyLike } from '../../src-renderer/src/intake/keyboard.ts';
import { buildIntake, emptyModel, fromDraftForm, screenField, toDraftForm } from '../../src-renderer/src/intake/model.ts';

const key = (init: Partial<KeyLike>): KeyLike => ({ key: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...init });

describe('shortcuts', () => {
  it.each([
    [{ key: 'Enter', ctrlKey: true }, 'accept'],
    [{ key: 'Enter', metaKey: true }, 'accept'],
    [{ key: 's', code: 'KeyS', altKey: true }, 'accept'],
    // A Mac's Option+S types “ß”: the physical key decides.
    [{ key: 'ß', code: 'KeyS', altKey: true }, 'accept'],
    [{ key: 'g', code: 'KeyG', altKey: true }, 'notice'],
    [{ key: 'j', code: 'KeyJ', altKey: true }, 'refuse'],
    [{ key: 's', code: 'KeyS', ctrlKey: true }, 'save'],
    [{ key: 'n', code: 'KeyN', altKey: true }, 'next'],
    [{ key: 'y', code: 'KeyY', altKey: true }, 'prefill'],
    [{ key: 'a', code: 'KeyA', altKey: true }, 'allReceived'],
  ] as const)('%o → %s', (init, expected) => {
    expect(shortcutOf(key(init))).toBe(expected);
  });

  it.each([
    { key: 'Enter' },
    { key: 's', code: 'KeyS' },
    { key: 'S', code: 'KeyS', altKey: true, shiftKey: true },
    { key: 's', code: 'KeyS', altKey: true, ctrlKey: true },
    { key: 'a', code: 'KeyA', ctrlKey: true },
    { key: 'Enter', ctrlKey: true, isComposing: true },
  ])('%o is no shortcut', (init) => {
    expect(shortcutOf(key(init))).toBeNull();
  });
});

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body.firstElementChild as HTMLElement;
}

const form = `
  <form>
    <div data-field="target"><input role="combobox" aria-expanded="false" id="target" /></div>
    <div data-field="applicant.type">
      <input type="radio" name="type" value="individual" id="type-i" checked />
      <input type="radio" name="type" value="enterprise" id="type-e" />
    </div>
    <div data-field="applicant.idNumber"><input id="id" /></div>
    <div data-field="applicant.name"><input id="name" /></div>
    <button type="button" id="offer">填入</button>
    <div data-field="note"><textarea id="note"></textarea></div>
    <div data-field="materials">
      <div data-field="materials.GJZ-GA-0001/M01">
        <input type="radio" name="m1" value="received" id="m1-r" />
        <input type="radio" name="m1" value="missing" id="m1-m" />
        <input type="radio" name="m1" value="deferred" id="m1-d" disabled />
        <button type="button" id="m1-scan">扫描</button>
      </div>
      <div data-field="materials.premises-proof">
        <input type="radio" name="m2" value="received" id="m2-r" />
        <input type="radio" name="m2" value="missing" id="m2-m" checked />
      </div>
    </div>
  </form>`;

const byId = (id: string) => document.getElementById(id) as HTMLElement;

describe('field → element', () => {
  beforeEach(() => page(form));

  it('maps each field path to its control', () => {
    const root = document.body;
    expect(fieldElement(root, 'applicant.idNumber')?.dataset.field).toBe('applicant.idNumber');
    expect(focusField(root, 'applicant.idNumber')).toBe(true);
    expect(document.activeElement).toBe(byId('id'));
    // A material row: its chosen radio, else its first.
    focusField(root, 'materials.premises-proof');
    expect(document.activeElement).toBe(byId('m2-m'));
    focusField(root, 'materials.GJZ-GA-0001/M01');
    expect(document.activeElement).toBe(byId('m1-r'));
    // Main's whole-group paths, and paths below a field, land on the field that stands for them.
    focusField(root, 'applicant');
    expect(document.activeElement).toBe(byId('type-i'));
    focusField(root, 'applicant.name.0');
    expect(document.activeElement).toBe(byId('name'));
    // A row no longer on the checklist: the checklist.
    expect(fieldElement(root, 'materials.gone')?.dataset.field).toBe('materials');
    expect(focusField(root, 'nowhere')).toBe(false);
  });

  it('focuses the first error in page order, not in the order given', () => {
    const root = document.body;
    expect(firstOnPage(root, ['materials.premises-proof', 'applicant.name', 'applicant.idNumber'])).toBe('applicant.idNumber');
    expect(focusFirstError(root, ['materials.premises-proof', 'applicant.name'])).toBe('applicant.name');
    expect(document.activeElement).toBe(byId('name'));
    expect(focusFirstError(root, ['nowhere'])).toBeNull();
  });
});

describe('Enter moves to the next field', () => {
  beforeEach(() => page(form));

  const enter = (target: HTMLElement, init: Partial<KeyLike> = {}) => ({ ...key({ key: 'Enter', ...init }), target });

  it('applies to text boxes, radios and closed selects, not to textareas, buttons or open dropdowns', () => {
    expect(isEnterToNext(enter(byId('id')))).toBe(true);
    expect(isEnterToNext(enter(byId('type-i')))).toBe(true);
    expect(isEnterToNext(enter(byId('target')))).toBe(true);
    byId('target').setAttribute('aria-expanded', 'true');
    expect(isEnterToNext(enter(byId('target')))).toBe(false);
    expect(isEnterToNext(enter(byId('note')))).toBe(false);
    expect(isEnterToNext(enter(byId('offer')))).toBe(false);
    expect(isEnterToNext(enter(byId('id'), { ctrlKey: true }))).toBe(false);
    expect(isEnterToNext(enter(byId('id'), { isComposing: true }))).toBe(false);
  });

  it('steps through fields in page order, a radio group once, skipping buttons and disabled radios', () => {
    const container = document.body;
    expect(fieldsIn(container).map((el) => el.id)).toEqual(['target', 'type-i', 'id', 'name', 'note', 'm1-r', 'm2-m']);
    byId('name').focus();
    expect(focusNextField(container, byId('name'))).toBe(true);
    expect(document.activeElement).toBe(byId('note'));
    // From any radio of a group to the next group.
    expect(focusNextField(container, byId('m1-m'))).toBe(true);
    expect(document.activeElement).toBe(byId('m2-m'));
    expect(focusNextField(container, byId('m2-m'))).toBe(false);
  });
});

describe('errors from main on the screen’s fields', () => {
  it('maps a schema refusal (materials by index) and a material rule (materials by key)', () => {
    const schema = new AppError('VALIDATION', '输入有误：手机号码应为11位', {
      field: 'applicant.phone',
      details: [
        { field: 'applicant.phone', message: '手机号码应为11位，当前为7位，请核对' },
        { field: 'materials.1.status', message: '请为每项材料选择：已收取、缺失或容缺后补' },
        { field: 'applicant', message: '请选择申请人类型（个人或企业）' },
      ],
    });
    expect(fieldErrorsOf(schema, ['a', 'premises-proof'])).toEqual([
      { field: 'applicant.phone', message: '手机号码应为11位，当前为7位，请核对' },
      { field: 'materials.premises-proof', message: '请为每项材料选择：已收取、缺失或容缺后补' },
      { field: 'applicant.type', message: '请选择申请人类型（个人或企业）' },
    ]);
    const rule = new AppError('VALIDATION', '材料齐全，无需一次性告知：请直接受理', { field: 'materials', details: [{ field: 'materials', message: '材料齐全，无需一次性告知：请直接受理' }] });
    expect(fieldErrorsOf(rule, [])).toEqual([{ field: 'materials', message: '材料齐全，无需一次性告知：请直接受理' }]);
    expect(fieldErrorsOf(new AppError('FORBIDDEN', '无权受理'), [])).toEqual([]);
    expect(screenField('materials.7', ['x'])).toBe('materials');
  });

  it('reads the earlier cases from a duplicate refusal', () => {
    const d = { id: 'c1', caseNumber: 'N1', matterCode: 'M', matterName: '事项', status: 'accepted', createdAt: '', clerkName: '王芳', windowNumber: '01' };
    expect(duplicatesOf(new AppError('CONFLICT', '重复', { field: 'duplicates', details: { duplicates: [d] } }))).toEqual([d]);
    expect(duplicatesOf(new AppError('CONFLICT', '已被他人修改'))).toBeNull();
  });
});

describe('form model', () => {
  it('builds the API input and the schema’s messages per field', () => {
    const model = emptyModel();
    model.individual = { name: '  ', idType: 'resident_id', idNumber: '110105194912310021', phone: '0411', address: '' };
    const built = buildIntake(model, null, { requireVerdicts: true, today: '2026-11-26' });
    expect(built.errors.get('target')).toBe('请选择要办理的事项或“一件事”');
    expect(built.errors.get('applicant.name')).toBe('请填写申请人姓名');
    expect(built.errors.get('applicant.idNumber')).toBe('身份证号码校验位错误：最后一位应为 X，请核对号码');
    expect(built.errors.get('applicant.phone')).toMatch(/^固定电话应为“区号-号码”/);
  });

  it('keeps a draft exactly as typed and restores it', () => {
    const model = emptyModel();
    model.target = { kind: 'bundle', bundleCode: 'YJS-QYKB' };
    model.applicantType = 'enterprise';
    model.enterprise = { name: '大连“明辉”<五金>商行 🔧', creditCode: 'bad', legalRepresentative: '王䶮', contactName: '', phone: '', address: '𠮷' };
    model.hasAgent = true;
    model.agent = { name: '龘龙', idType: 'passport', idNumber: 'E123', phone: '139' };
    model.materials = { a: 'received', b: null, c: 'deferred' };
    const draft = JSON.parse(JSON.stringify(toDraftForm(model, '企业开办一件事'))) as unknown;
    const restored = fromDraftForm(draft);
    expect(restored.enterprise).toEqual(model.enterprise);
    expect(restored.agent).toEqual(model.agent);
    expect(restored.target).toEqual(model.target);
    expect(restored.materials).toEqual({ a: 'received', c: 'deferred' });
    // Both stamp 叫号时间 with the clock: held still, so the two cannot straddle a millisecond.
    vi.useFakeTimers({ now: new Date('2026-11-27T03:46:35.761Z'), toFake: ['Date'] });
    try {
      expect(fromDraftForm(null)).toEqual(emptyModel());
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('matter search', () => {
  const options = buildTargetOptions({
    version: 't',
    departments: [],
    matters: [
      { code: 'GJZ-GA-0001', name: '户籍迁移（迁入）', version: 1, departmentCode: 'GJZ-GA', departmentName: '大连市公安局甘井子分局', regionCode: '210211', kind: 'promised', statutoryLimit: { value: 20, unit: 'working' }, promisedLimit: { value: 5, unit: 'working' }, feeYuan: 0, crossRegion: false, reviewSteps: 2 },
      { code: 'GJZ-SCJG-0001', name: '企业设立登记（有限责任公司）', version: 1, departmentCode: 'GJZ-SCJG', departmentName: '甘井子区市场监督管理局', regionCode: '210211', kind: 'promised', statutoryLimit: { value: 3, unit: 'working' }, promisedLimit: { value: 1, unit: 'working' }, feeYuan: 0, crossRegion: true, reviewSteps: 1 },
    ],
    bundles: [{ code: 'YJS-QYKB', name: '企业开办一件事', description: '', matterCodes: ['GJZ-SCJG-0001'] }],
  });

  it('finds by name, code or department; a matter found by its own code comes before a bundle that only contains it', () => {
    expect(filterTargets(options, '户籍').map((o) => o.code)).toEqual(['GJZ-GA-0001']);
    expect(filterTargets(options, 'gjz-scjg').map((o) => o.code)).toEqual(['GJZ-SCJG-0001', 'YJS-QYKB']);
    expect(filterTargets(options, '公安局').map((o) => o.code)).toEqual(['GJZ-GA-0001']);
    expect(filterTargets(options, '企业 一件事').map((o) => o.code)).toEqual(['YJS-QYKB']);
    expect(filterTargets(options, '  ')).toHaveLength(3);
  });

  it('puts the matter whose name is typed before any bundle that contains it', () => {
    // As in the issue: 社会保障卡 typed, the bundle listing that matter was highlighted first.
    const withCard = buildTargetOptions({
      version: 't',
      departments: [],
      matters: [
        { code: 'RS-1', name: '社会保障卡申领', version: 1, departmentCode: 'RS', departmentName: '人社局', regionCode: '210211', kind: 'immediate', statutoryLimit: { value: 0, unit: 'working' }, promisedLimit: { value: 0, unit: 'working' }, feeYuan: 0, crossRegion: false, reviewSteps: 1 },
        { code: 'WJ-1', name: '出生医学证明', version: 1, departmentCode: 'WJ', departmentName: '卫健局', regionCode: '210211', kind: 'promised', statutoryLimit: { value: 5, unit: 'working' }, promisedLimit: { value: 3, unit: 'working' }, feeYuan: 0, crossRegion: false, reviewSteps: 1 },
      ],
      bundles: [{ code: 'YJS-XSE', name: '新生儿出生一件事', description: '', matterCodes: ['WJ-1', 'RS-1'] }],
    });
    expect(filterTargets(withCard, '社会保障卡').map((o) => o.code)).toEqual(['RS-1', 'YJS-XSE']);
    expect(filterTargets(withCard, '社会保障卡申领').map((o) => o.code)).toEqual(['RS-1', 'YJS-XSE']);
    // The bundle's own name still finds the bundle first.
    expect(filterTargets(withCard, '新生儿').map((o) => o.code)).toEqual(['YJS-XSE']);
    expect(filterTargets(withCard, '出生').map((o) => o.code)).toEqual(['WJ-1', 'YJS-XSE']);
  });

  it('round-trips the select value', () => {
    expect(parseTargetValue(targetValue({ kind: 'bundle', bundleCode: 'YJS-QYKB' }))).toEqual({ kind: 'bundle', bundleCode: 'YJS-QYKB' });
    expect(parseTargetValue('matter:')).toBeNull();
  });
});
