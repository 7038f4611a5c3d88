import type { PrintDataView, PrintDocument, PrintRecordView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessage } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import { outstandingMaterials, reviewAuthority } from '../../src-renderer/src/print/format.ts';
import PrintPaper from '../../src-renderer/src/print/PrintPaper.vue';
import PrintView from '../../src-renderer/src/print/PrintView.vue';

// The renderer's boundary: every call to main goes through the API client.
vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));
const callMock = vi.mocked(call);

const titles: Record<PrintDocument, string> = {
  acceptance: '受理通知书',
  notice: '一次性告知书',
  refusal: '不予受理通知书',
  handover: '综合窗口受理交接单',
};

const missingNames = ['营业执照复印件', '房屋产权证明', '法定代表人身份证明'];

function fixture(document: PrintDocument, overrides: Partial<PrintDataView> = {}): PrintDataView {
  return {
    document,
    title: titles[document],
    centreName: '大连市甘井子区政务服务中心',
    regionCode: '210211',
    windowName: '01 综合窗口 1',
    clerkName: '王芳',
    caseNumber: 'GJZ-W01-20261126-0007',
    queryPassword: '835172',
    qrPayload: 'OW1|210211|GJZ-W01-20261126-0007|a1b2c3',
    applicant: {
      type: 'enterprise',
      name: '大连海湾食品有限公司',
      idLabel: '统一社会信用代码',
      idMasked: '91210211MA0****2X',
      phoneMasked: '138****5678',
      address: '大连市甘井子区泉水街道泉水路 88 号',
    },
    agent: { name: '赵磊', idMasked: '210211********1234' },
    matters: [
      {
        code: '2102110001',
        name: '食品经营许可（新办）',
        departmentName: '甘井子区市场监督管理局',
        promisedLimit: { value: 5, unit: 'working' },
        statutoryLimit: { value: 20, unit: 'working' },
        feeYuan: 0,
        caseNumber: 'GJZ-W01-20261126-0007-1',
        dueDate: '2026-12-03',
      },
      {
        code: '2102110002',
        name: '户外广告设施设置审批',
        departmentName: '甘井子区城市管理局',
        promisedLimit: { value: 10, unit: 'calendar' },
        statutoryLimit: { value: 30, unit: 'calendar' },
        feeYuan: 12.5,
        caseNumber: 'GJZ-W01-20261126-0007-2',
        dueDate: '2026-12-06',
      },
    ],
    materials: [
      { name: '申请书', form: 'original', copies: 1, status: 'received', required: true },
      { name: '营业执照复印件', form: 'copy', copies: 1, status: 'missing', required: true },
      { name: '房屋产权证明', form: 'copy', copies: 2, status: 'missing', required: true },
      // The same material asked for by the second matter: listed once on the notice.
      { name: '营业执照复印件', form: 'copy', copies: 1, status: 'missing', required: true },
      { name: '法定代表人身份证明', form: 'original', copies: 1, status: 'deferred', required: true },
      { name: '设施效果图', form: 'electronic', copies: 1, status: 'received', required: false },
    ],
    decidedAt: '2026-11-26T01:35:00.000Z',
    decidedDate: '2026-11-26',
    dueDate: '2026-12-06',
    refusalReason: document === 'refusal' ? '申请事项不属于本机关职权范围，请向大连市生态环境局申请。' : null,
    copyNumber: 1,
    channelLabel: '窗口',
    ...overrides,
  };
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

async function mountPaper(data: PrintDataView) {
  const wrapper = mount(PrintPaper, { props: { data } });
  // The QR code is made asynchronously.
  await vi.waitFor(() => expect(wrapper.find('[data-testid="print-qr"]').exists()).toBe(true));
  return wrapper;
}

describe('print documents', () => {
  for (const document of ['acceptance', 'notice', 'refusal', 'handover'] as const) {
    it(`${document}: header, number, QR code, date, matters, materials and seal`, async () => {
      const wrapper = await mountPaper(fixture(document));
      const text = wrapper.text();
      expect(wrapper.find('h1').text()).toBe(titles[document]);
      expect(wrapper.find('.doc-centre').text()).toBe('大连市甘井子区政务服务中心');
      expect(wrapper.find('[data-testid="print-case-number"]').text()).toBe('GJZ-W01-20261126-0007');
      const qr = wrapper.find('[data-testid="print-qr"]').attributes('src') ?? '';
      expect(qr.startsWith('data:image/svg+xml')).toBe(true);
      expect(decodeURIComponent(qr)).toContain('<svg');
      expect(wrapper.find('[data-testid="print-date"]').text()).toBe('2026年11月26日');
      expect(text).toContain('91210211MA0****2X');
      expect(text).toContain('甘井子区市场监督管理局');
      expect(text).toContain('5个工作日');
      expect(text).toContain('30个自然日');
      expect(text).toContain('不收费');
      expect(text).toContain('12.50 元');
      expect(wrapper.find('.doc-seal-circle').text()).toBe('（盖章）');
      expect(text).not.toContain('次打印');
    });
  }

  it('acceptance: the wording, due date, query password and the deferred material with its deadline', async () => {
    const wrapper = await mountPaper(fixture('acceptance'));
    const text = wrapper.text();
    expect(text).toContain('经审查，贵单位提交的申请材料齐全、符合法定形式，本机关决定予以受理');
    expect(wrapper.find('[data-testid="print-due"]').text()).toBe('2026年12月6日');
    expect(wrapper.find('[data-testid="print-password"]').text()).toBe('835172');
    expect(text).toContain('查询办理进度');
    const deferred = wrapper.find('[data-testid="print-deferred"]');
    expect(deferred.text()).toContain('法定代表人身份证明');
    expect(deferred.text()).toContain('请于2026年12月6日前补齐');
    expect(wrapper.find('[data-testid="print-materials"]').text()).toContain('复印件');
    expect(wrapper.find('[data-testid="print-materials"]').text()).toContain('电子件');
    expect(text).toContain('受理人：王芳');
    expect(text).toContain('申请人签字');
  });

  it('acceptance without deferred materials has no 容缺 section', async () => {
    const data = fixture('acceptance');
    const wrapper = await mountPaper({ ...data, materials: data.materials.filter((m) => m.status === 'received') });
    expect(wrapper.find('[data-testid="print-deferred"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('容缺');
  });

  it('notice: every missing material exactly once, with the legal notes', async () => {
    const wrapper = await mountPaper(fixture('notice'));
    const text = wrapper.text();
    for (const name of missingNames) expect(occurrences(text, name), name).toBe(1);
    const rows = wrapper.findAll('[data-testid="print-outstanding"] tbody tr');
    expect(rows.map((row) => row.findAll('td')[1]?.text())).toEqual(missingNames);
    expect(wrapper.find('[data-testid="print-outstanding"]').text()).toContain('容缺后补');
    expect(text).toContain('需补正的材料（共 3 项）');
    // Received materials are listed apart from what is missing.
    expect(text).toContain('申请书');
    expect(text).toContain('五日内一次告知');
    expect(text).toContain('逾期不告知的，自收到申请材料之日起即为受理');
  });

  it('refusal: the reason and the appeal rights', async () => {
    const wrapper = await mountPaper(fixture('refusal'));
    expect(wrapper.find('[data-testid="print-reason"]').text()).toBe('申请事项不属于本机关职权范围，请向大连市生态环境局申请。');
    expect(wrapper.text()).toContain('本机关决定不予受理');
    expect(wrapper.find('[data-testid="print-appeal"]').text()).toBe(
      '如不服本决定，可自收到本通知书之日起六十日内向大连市甘井子区人民政府申请行政复议，或者在六个月内向人民法院提起行政诉讼。',
    );
  });

  it('handover: each matter with its department and case number, the clerk and a blank receiver', async () => {
    const wrapper = await mountPaper(fixture('handover'));
    const matters = wrapper.find('[data-testid="print-matters"]').text();
    expect(matters).toContain('GJZ-W01-20261126-0007-1');
    expect(matters).toContain('GJZ-W01-20261126-0007-2');
    expect(matters).toContain('甘井子区城市管理局');
    const text = wrapper.text();
    expect(text).toContain('移交人（综合窗口）');
    expect(text).toContain('王芳');
    expect(text).toContain('接收人（承办部门）');
    expect(text).toContain('2026年11月26日 09:35');
    // The query password is the applicant's, not the back office's.
    expect(text).not.toContain('835172');
  });

  it('a reprint says which copy it is', async () => {
    const wrapper = await mountPaper(fixture('acceptance', { copyNumber: 2 }));
    expect(wrapper.find('[data-testid="print-copy"]').text()).toBe('第 2 次打印');
  });

  it('helpers: the review authority and outstanding materials', () => {
    expect(reviewAuthority('大连市甘井子区政务服务中心')).toBe('大连市甘井子区人民政府');
    expect(reviewAuthority('大连市政务服务中心')).toBe('大连市人民政府');
    expect(reviewAuthority('某某中心')).toBe('本级人民政府');
    expect(outstandingMaterials(fixture('notice').materials).map((m) => m.name)).toEqual(missingNames);
  });
});

describe('print view', () => {
  const printSpy = vi.fn();
  let errorSpy: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    callMock.mockReset();
    printSpy.mockReset();
    window.print = printSpy;
    delete window.onewindowShell;
    errorSpy = vi.spyOn(ElMessage, 'error');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    delete window.onewindowShell;
  });

  async function mountView(document: PrintDocument, data: PrintDataView, record: () => Promise<PrintRecordView>) {
    const log: string[] = [];
    callMock.mockImplementation(async (name, input) => {
      log.push(name);
      if (name === 'prints/data') {
        expect(input).toEqual({ caseId: 'case-7', document });
        return data;
      }
      if (name === 'prints/record') {
        expect(input).toEqual({ caseId: 'case-7', document });
        return record();
      }
      throw new Error(`unexpected call ${name}`);
    });
    printSpy.mockImplementation(() => log.push('window.print'));
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/print/:caseId/:document', name: 'print', component: PrintView, props: true },
        { path: '/cases', name: 'cases', component: defineComponent({ template: '<div />' }) },
      ],
    });
    await router.push(`/print/case-7/${document}`);
    const wrapper = mount(PrintView, { props: { caseId: 'case-7', document }, global: { plugins: [router, ElementPlus] } });
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="print-button"]').attributes('disabled')).toBeUndefined());
    return { wrapper, log };
  }

  it('loads the document, records the print first, then prints, showing the recorded copy number', async () => {
    const { wrapper, log } = await mountView('acceptance', fixture('acceptance'), async () => ({
      document: 'acceptance',
      copyNumber: 2,
      printedAt: '2026-11-26T02:00:00.000Z',
      userName: '王芳',
    }));
    expect(wrapper.find('h1').text()).toBe('受理通知书');
    expect(wrapper.find('[data-testid="print-copy"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="print-pdf-hint"]').text()).toContain('另存为 PDF');
    let copyAtPrint: string | null = null;
    printSpy.mockImplementation(() => {
      log.push('window.print');
      copyAtPrint = wrapper.find('[data-testid="print-copy"]').text();
    });
    await wrapper.find('[data-testid="print-button"]').trigger('click');
    await flushPromises();
    expect(log).toEqual(['prints/data', 'prints/record', 'window.print']);
    // The paper on the printer already carries the copy number the record gave.
    expect(copyAtPrint).toBe('第 2 次打印');
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it('does not print when the print could not be recorded, and says so in Chinese', async () => {
    const { wrapper, log } = await mountView('notice', fixture('notice'), async () => {
      throw new AppError('INTERNAL', '数据库暂时不可用');
    });
    await wrapper.find('[data-testid="print-button"]').trigger('click');
    await flushPromises();
    expect(log).toEqual(['prints/data', 'prints/record']);
    expect(printSpy).not.toHaveBeenCalled();
    expect(errorSpy).toHaveBeenCalledTimes(1);
    const arg = errorSpy.mock.calls[0]?.[0] as { message: string };
    expect(arg.message).toBe('打印登记失败，未打印：数据库暂时不可用');
  });

  it('prints through the Electron shell when there is one, never window.print', async () => {
    const shellPrint = vi.fn(async () => ({ ok: true as const }));
    window.onewindowShell = { print: shellPrint, saveAsPdf: vi.fn(async () => ({ ok: true as const, path: '/tmp/x.pdf' })) };
    const { wrapper, log } = await mountView('refusal', fixture('refusal'), async () => {
      log.push('recorded');
      return { document: 'refusal', copyNumber: 1, printedAt: '2026-11-26T02:00:00.000Z', userName: '王芳' };
    });
    shellPrint.mockImplementation(async () => {
      log.push('shell.print');
      return { ok: true as const };
    });
    expect(wrapper.find('[data-testid="print-pdf"]').exists()).toBe(true);
    await wrapper.find('[data-testid="print-button"]').trigger('click');
    await flushPromises();
    expect(log).toEqual(['prints/data', 'prints/record', 'recorded', 'shell.print']);
    expect(printSpy).not.toHaveBeenCalled();
  });

  it('shows a Chinese error instead of the paper for an unknown document', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: PrintView }] });
    const wrapper = mount(PrintView, { props: { caseId: 'case-7', document: 'receipt' }, global: { plugins: [router, ElementPlus] } });
    await flushPromises();
    expect(wrapper.find('[data-testid="print-error"]').text()).toContain('未知的文书类型“receipt”');
    expect(callMock).not.toHaveBeenCalled();
  });
});
