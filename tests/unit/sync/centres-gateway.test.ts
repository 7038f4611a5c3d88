/**
 * A PC belongs to the centre its registration code is for (docs/sync.md, Devices), against a real
 * gateway process on a real PostgreSQL:
 *   - a demo PC registered with 中山's code (210202) says 中山 on its login screen, its notices and
 *     its daily log, and numbers its cases with 中山's region;
 *   - the issue's 跨区通办 story: 甘井子's window (210211) takes a matter of 中山, 中山's reviewer
 *     decides it at 中山's PC, and the decision comes back to 甘井子's window;
 *   - a PC holding real cases of 甘井子 is refused 中山's code with a Chinese reason, keeps its
 *     centre and its link, and the code is not used: a clean PC registers with it afterwards.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseRowView, Page, PrintDataView, SystemInfoView } from '../../../src-main/domain/api/views.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import { writeExport } from '../../../src-main/services/exports/export.ts';
import { findCjkFont } from '../../../src-main/services/exports/fonts.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { acceptAndTransfer, as, startSyncApp, startTestGateway, stopAllSyncApps, syncTempDir, type SyncApp } from '../../helpers/sync.ts';

const zhongshan = { name: '大连市中山区政务服务中心', regionCode: '210202' };
const ganjingzi = { name: '大连市甘井子区政务服务中心', regionCode: '210211' };
const zhongshanMatter = 'ZS-SCJG-0001'; // 个体工商户变更登记, decided by 中山区市场监督管理局

let gateway: DemoGateway;
let windowPc: SyncApp;
let zhongshanPc: SyncApp;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-centres-');
  windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
  zhongshanPc = await startSyncApp(gateway, { centre: '210202', role: 'backoffice', users: ['clerk', 'supervisor', 'reviewer-zs-scjg'] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

async function systemInfo(app: SyncApp): Promise<SystemInfoView> {
  const result = await app.services.dispatcher.call('system/info', {}, null);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemInfoView;
}

const hasCjkFont = (() => {
  try {
    findCjkFont(null);
    return true;
  } catch {
    return false;
  }
})();

describe("a PC registered with 中山's code is 中山's", () => {
  it('the login screen names 中山 and the link agrees', async () => {
    expect((await systemInfo(zhongshanPc)).centre).toMatchObject({ ...zhongshan, isDemo: true });
    expect((await systemInfo(windowPc)).centre).toMatchObject({ ...ganjingzi, isDemo: true });
    const link = zhongshanPc.services.env.store.read((tx) => tx.get<{ centre_code: string; centre_name: string }>('SELECT centre_code, centre_name FROM sync_link'));
    expect(link).toEqual({ centre_code: '210202', centre_name: zhongshan.name });
  });

  it("takes a case numbered with 中山's region; its notice and the daily log say 中山", async () => {
    const accepted = await acceptAndTransfer(zhongshanPc, zhongshanMatter, '中山受理演示');
    const deviceCode = zhongshanPc.services.env.store.read((tx) => tx.get<{ device_code: string }>('SELECT device_code FROM sync_link')?.device_code);
    expect(accepted.caseNumber.slice(0, 6)).toBe('210202');
    expect(accepted.caseNumber.slice(14, 17)).toBe(deviceCode);
    const notice = await as<PrintDataView>(zhongshanPc, 'clerk', 'prints/data', { caseId: accepted.caseId, document: 'acceptance' });
    expect(notice).toMatchObject({ centreName: zhongshan.name, regionCode: '210202' });
    if (hasCjkFont) {
      const today = dateInChina(new Date());
      const folder = syncTempDir('onewindow-centres-export-');
      const pdf = await writeExport(zhongshanPc.services.env, { format: 'pdf', from: today, to: today, actor: { userId: 'demo-user-supervisor', role: 'supervisor' }, full: false, folder });
      const text = execFileSync('pdftotext', ['-layout', pdf.filePath, '-'], { encoding: 'utf8' });
      expect(text).toContain(zhongshan.name);
      expect(text).not.toContain(ganjingzi.name);
    }
  });
});

describe('跨区通办 between two centres', () => {
  it("a case taken at 甘井子 for a matter of 中山 is decided by 中山's reviewer and comes back to 甘井子's window", async () => {
    const accepted = await acceptAndTransfer(windowPc, zhongshanMatter, '跨区通办丁');
    expect(accepted.caseNumber.slice(0, 6)).toBe('210211');
    await windowPc.engine.syncNow();
    await zhongshanPc.engine.syncNow();
    const queue = await as<Page<CaseRowView>>(zhongshanPc, 'reviewer-zs-scjg', 'review/queue', { queue: '待审' });
    expect(queue.rows.find((r) => r.id === accepted.caseId)?.caseNumber).toBe(accepted.caseNumber);
    for (const act of [{ action: 'review.claimed' }, { action: 'review.undertake', opinion: '同意变更' }, { action: 'review.decided', outcome: 'granted' }]) {
      await as(zhongshanPc, 'reviewer-zs-scjg', 'cases/act', { caseId: accepted.caseId, act });
    }
    expect(await zhongshanPc.engine.syncNow()).toMatchObject({ rejected: 0 });
    await windowPc.engine.syncNow();
    const detail = await as<CaseDetailView>(windowPc, 'clerk', 'cases/get', { id: accepted.caseId });
    expect(detail.status).toBe('decided');
    // The hand-over notice is 甘井子's: the case was taken there.
    const notice = await as<PrintDataView>(windowPc, 'clerk', 'prints/data', { caseId: accepted.caseId, document: 'handover' });
    expect(notice).toMatchObject({ centreName: ganjingzi.name, regionCode: '210211' });
    // 中山's hall does not count it as its own intake: its clerk does not see it, only the deciding department.
    const hall = await as<Page<CaseRowView>>(zhongshanPc, 'clerk', 'cases/list', { query: '跨区通办丁' });
    expect(hall.rows.map((r) => r.id)).not.toContain(accepted.caseId);
  });
});

describe("a PC holding 甘井子's real cases and 中山's code", () => {
  it('is refused before the code is used; the code then registers a clean PC', async () => {
    const bound = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
    await acceptAndTransfer(bound, 'GJZ-SCJG-0003', '已有办件');
    const code = await gateway.issueCode('210202', 'window');
    await expect(bound.register(code)).rejects.toThrow(
      /^该注册码属于大连市中山区政务服务中心（中心代码 210202），而本机已有大连市甘井子区政务服务中心（区划 210211）受理的办件。.*注册码也未被使用.*请向大连市甘井子区政务服务中心的管理员索取本中心的注册码/,
    );
    // Nothing changed here: its centre, its link, its next case number's region.
    expect((await systemInfo(bound)).centre).toMatchObject(ganjingzi);
    expect(bound.services.env.store.read((tx) => tx.get<{ centre_code: string }>('SELECT centre_code FROM sync_link')?.centre_code)).toBe('210211');
    expect(await bound.engine.syncNow()).toMatchObject({ rejected: 0 });
    expect((await acceptAndTransfer(bound, 'GJZ-SCJG-0003', '仍属甘井子')).caseNumber.slice(0, 6)).toBe('210211');

    const clean = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    await clean.register(code);
    expect((await systemInfo(clean)).centre).toMatchObject(zhongshan);
    expect((await acceptAndTransfer(clean, zhongshanMatter, '新装电脑')).caseNumber.slice(0, 6)).toBe('210202');
  });
});
