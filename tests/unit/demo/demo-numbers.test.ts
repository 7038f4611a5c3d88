/**
 * The demo history's case numbers carry device codes of their own (ZD1–ZD4), which no real window
 * may be configured with and the gateway never issues (tests/gateway/demo-device-codes.test.ts):
 * a real case taken at any PC, registered or not, can never have a demo case's number.
 */
import { describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { parseCaseNumber } from '../../../src-main/domain/cases/case-number.ts';
import { checkSiteFile } from '../../../src-main/domain/site/site-file.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { hallSite } from '../site/fixtures.ts';

describe('a demo store', () => {
  const services = bootDemo();
  const read = <T>(sql: string) => services.env.store.read((tx) => tx.all<T>(sql));

  it('numbers its history under the codes kept for demo data, and its windows keep W01–W04 for the cases clerks take', async () => {
    const numbers = read<{ case_number: string; is_demo: number }>('SELECT case_number, is_demo FROM case_record');
    expect(numbers.length).toBeGreaterThan(100);
    const codes = new Set(numbers.map((n) => n.case_number.slice(14, 17)));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['ZD1', 'ZD2', 'ZD3']));
    for (const code of codes) expect(['ZD1', 'ZD2', 'ZD3', 'ZD4']).toContain(code);
    expect(numbers.every((n) => n.is_demo === 1 && parseCaseNumber(n.case_number).ok)).toBe(true);
    expect(read<{ device_code: string }>('SELECT device_code FROM service_window ORDER BY number').map((w) => w.device_code)).toEqual(['W01', 'W02', 'W03', 'W04']);

    const clerk = await loginAs(services, 'clerk');
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-GA-0001' });
    const first17 = '21021119800101003';
    const result = await services.dispatcher.call('intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '钱真', idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904110303' },
    }), clerk);
    if (!result.ok) throw new Error(result.error.message);
    // The window's own sequence: the history did not use it, so today's first real case is 00001.
    expect(parseCaseNumber((result.value as IntakeResultView).caseNumber)).toMatchObject({ ok: true, deviceCode: 'W01', sequence: 1 });
  });
});

describe('a real window', () => {
  it('may not be configured with a code kept for demo data', () => {
    const check = checkSiteFile(hallSite({ windows: [{ number: '01', name: '综合窗口一', deviceCode: 'ZD1' }] }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toEqual([{ where: 'windows[0].deviceCode', message: expect.stringContaining('留给演示数据，不能用于真实窗口') }]);
    expect(checkSiteFile(hallSite({ windows: [{ number: '01', name: '综合窗口一', deviceCode: 'ZE1' }] })).ok).toBe(true);
  });
});
