/**
 * A pulled case's number held in this store (services/sync/number-clash.ts), on a real demo store:
 * a demo case gives it up for one under ZD0 of its 区划 and day and stays workable; a real case is
 * left alone and the pull is refused with the number named.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetailView } from '../../../src-main/domain/api/views.ts';
import { caseNumberCheckChar, parseCaseNumber } from '../../../src-main/domain/cases/case-number.ts';
import { freeNumbersForPulledCases } from '../../../src-main/services/sync/number-clash.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

const services = bootDemo();
const store = services.env.store;
const system = { actor: { userId: null, role: null }, deviceId: services.env.deviceId };
const numberOf = (id: string) => store.read((tx) => tx.get<{ case_number: string }>('SELECT case_number FROM case_record WHERE id = ?', id))?.case_number;

describe('a demo case holding a pulled case’s number', () => {
  it('takes the next number under ZD0 of its 区划 and day, in the same transaction, and can still be completed after its notice', async () => {
    const notices = store.read((tx) =>
      tx.all<{ id: string; case_number: string; row_version: number }>(
        "SELECT id, case_number, row_version FROM case_record WHERE is_demo = 1 AND status = 'notice' AND is_bundle = 0 ORDER BY case_number LIMIT 2",
      ),
    );
    expect(notices).toHaveLength(2);
    const [first, second] = notices as [(typeof notices)[0], (typeof notices)[0]];
    // Both onto one day, as two clashes of one page on the same day would be.
    const day = first.case_number.slice(6, 14);
    const sameDaySecond = second.case_number.slice(0, 6) + day + second.case_number.slice(14, 22);
    store.write(system, (tx) => tx.run('UPDATE case_record SET case_number = ? WHERE id = ?', sameDaySecond + caseNumberCheckChar(sameDaySecond), second.id));
    const before = store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record'))?.n;

    store.write(system, (tx) => freeNumbersForPulledCases(tx, [first.case_number, numberOf(second.id) ?? '', '21021120261203A0100001X']));

    const expected = (sequence: number) => {
      const body = `${first.case_number.slice(0, 6)}${day}ZD0${String(sequence).padStart(5, '0')}`;
      return body + caseNumberCheckChar(body);
    };
    expect(numberOf(first.id)).toBe(expected(1));
    expect(numberOf(second.id)).toBe(expected(2));
    expect(parseCaseNumber(expected(2)).ok).toBe(true);
    expect(store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record'))?.n).toBe(before);
    expect(store.read((tx) => tx.get<{ row_version: number }>('SELECT row_version FROM case_record WHERE id = ?', first.id))?.row_version).toBe(first.row_version + 1);
    const audit = store.read((tx) => tx.get<{ target: string; detail: string }>("SELECT target, detail FROM audit_log WHERE action = 'sync.demoCaseRenumbered' AND target = ?", expected(1)));
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({ caseId: first.id, from: first.case_number });

    // Its log still says the number it was given at the notice: 补齐后受理 is checked against that one.
    const clerk = await loginAs(services, 'clerk');
    const result = await services.dispatcher.call('cases/act', { caseId: first.id, act: { action: 'notice.completed' } }, clerk);
    if (!result.ok) throw new Error(result.error.message);
    expect((result.value as CaseDetailView).status).toBe('accepted');
    expect(numberOf(first.id)).toBe(expected(1));
  });
});

describe('a real case holding a pulled case’s number', () => {
  it('is left as it is, and the page is refused naming the number', () => {
    const demo = store.read((tx) => tx.get<{ id: string; case_number: string }>("SELECT id, case_number FROM case_record WHERE is_demo = 1 AND case_number NOT LIKE '%ZD0%' ORDER BY case_number LIMIT 1"));
    const real = store.read((tx) => tx.get<{ id: string; case_number: string }>('SELECT id, case_number FROM case_record WHERE is_demo = 1 ORDER BY case_number DESC LIMIT 1'));
    if (!demo || !real) throw new Error('the demo store has no cases');
    store.write(system, (tx) => tx.run('UPDATE case_record SET is_demo = 0 WHERE id = ?', real.id));
    // A page naming both: the demo case is not renumbered either, since the page is not stored.
    expect(() => store.write(system, (tx) => freeNumbersForPulledCases(tx, [demo.case_number, real.case_number]))).toThrow(
      expect.objectContaining({ kind: 'CASE_NUMBER_CLASH', message: expect.stringContaining(`中心平台的办件 ${real.case_number} 与本机受理的另一个办件编号相同`) }),
    );
    expect(numberOf(real.id)).toBe(real.case_number);
    expect(numberOf(demo.id)).toBe(demo.case_number);
  });
});
