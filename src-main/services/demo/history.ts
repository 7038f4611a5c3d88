import type { ServiceEnv } from '../env.ts';
import type { Role } from '../../domain/auth/roles.ts';
import type { Channel } from '../../domain/cases/status.ts';
import { creditCodeCheckChar } from '../../domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../../domain/identity/resident-id.ts';
import type { IntakeForm, IntakeTarget } from '../../domain/intake/form.ts';
import type { LifecycleAction } from '../../domain/lifecycle/actions.ts';
import { addDays } from '../../domain/stats/figures.ts';
import { chinaDayBounds } from '../../domain/stats/figures.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import { resolveTarget } from '../catalogue/store.ts';
import { performAction } from '../cases/lifecycle.ts';
import { resolveFollowUp } from '../cases/review.ts';
import { decideIntake, type WindowDecisionInput } from '../intake/decide.ts';
import { writeSetting } from '../settings/settings.ts';

/**
 * About 30 days of a demo hall's work, made through the real intake and lifecycle services so
 * that every figure of the daily log (日志/台账) comes from real events and audit rows: intakes
 * with queue times, transfers, review steps, 补正, decisions, hand-overs, ratings (bad ones open
 * follow-ups), 督办 marks, and a few cases left overdue. Deterministic: the same `now` gives the
 * same hall.
 *
 * Every step is its own nested write (a savepoint, with its own actor and time) inside one outer
 * transaction, so the history costs one commit, not hundreds: the app and every e2e spec seed a
 * fresh demo database at start.
 */

const personNames = ['张伟', '李娜', '王秀英', '刘洋洋', '陈静', '杨帆', '𠮷田春', '王䶮', '龘龙', "O'Brien 林", '赵丽颖', '孙建国', '<b>周</b>杰'];
const companyNames = ['大连海韵食品有限公司', '大连甘井子区“明辉”五金商行', '大连北方星辰科技有限公司', '大连鑫源物流有限公司'];
const channelCycle: Channel[] = ['window', 'window', 'appointment', 'cross_region', 'window', 'assisted', 'station', 'window', 'home_visit', 'cross_region'];
const ratingCycle = [5, 5, 4, 5, 3, 5, 4, 2, 5, 5, 4, 1, 5, 4, 5] as const;
const ratingComments: Record<number, string> = { 1: '排队等候时间太长，窗口解释不清', 2: '材料要求前后说法不一致，跑了两趟' };

export interface HistoryPeople {
  clerkIds: readonly string[];
  windowIds: readonly string[];
  supervisorId: string;
  /** The demo back-office reviewer of each department. */
  reviewerOf: ReadonlyMap<string, string>;
}

/** A small deterministic generator (mulberry32): the demo hall is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function demoIdNumber(index: number): string {
  const year = 1960 + (index % 40);
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 27) + 1).padStart(2, '0');
  const first17 = `210211${year}${month}${day}${String(index % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function demoCreditCode(index: number): string {
  const first17 = `91210211MA${String(index).padStart(5, '0')}X${String(index % 10)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The instant of `minutes` after 00:00 on China date `date`. */
function chinaTime(date: string, minutes: number): Date {
  return new Date(Date.parse(chinaDayBounds(date, date).start) + minutes * 60_000);
}

interface Planned {
  at: Date;
  actor: { userId: string | null; role: Role | null };
  action: LifecycleAction;
}

export function seedHistory(env: ServiceEnv, people: HistoryPeople, now: Date, days = 30): number {
  const rnd = random(20261126);
  const today = dateInChina(now);
  const system = { actor: { userId: null, role: null }, deviceId: env.deviceId, now };
  let intakes = 0;
  env.store.write(system, (outer) => {
    const calendar = env.calendar.get(outer);
    // The hall's own district's matters and the city's, whose departments decide them with the
    // hall: another district's matter (跨区通办) is decided at that district's centre, which the
    // one-PC demo does not run (the sync demo does).
    const matters = outer.all<{ code: string; kind: string }>(
      `SELECT code, kind FROM matter_version WHERE is_current = 1
          AND region_code IN (SELECT region_code FROM centre UNION SELECT substr(region_code, 1, 4) || '00' FROM centre)
        ORDER BY code`,
    );
    const bundles = outer.all<{ code: string }>('SELECT code FROM bundle WHERE is_current = 1 ORDER BY code');
    const as = <T>(userId: string | null, role: Role | null, at: Date, fn: (tx: Parameters<Parameters<typeof env.store.write>[1]>[0]) => T): T =>
      env.store.write({ actor: { userId, role }, deviceId: env.deviceId, now: at }, fn);

    // The last day with intakes so far: some of its accepted cases are still at the window, not yet
    // passed to the back office (待流转), as in a real hall — and the receipt and hand-over sheet
    // can be printed for them. Today counts once its second intake is surely decided (its slots
    // fall by 10:35 at the latest): early in the morning the window still holds the day before's.
    let lastIntakeDay = today;
    for (let back = 0; back <= days; back++) {
      const date = addDays(today, -back);
      if (back === 0 ? chinaTime(date, 10 * 60 + 35) <= now : calendar.isWorkingDay(date)) {
        lastIntakeDay = date;
        break;
      }
    }

    for (let back = days; back >= 0; back--) {
      const date = addDays(today, -back);
      if (back > 0 && !calendar.isWorkingDay(date)) continue;
      // Today is under way: only the morning so far.
      const perDay = back === 0 ? 6 : 4 + Math.floor(rnd() * 4);
      let minute = 8 * 60 + 45;
      for (let k = 0; k < perDay; k++) {
        minute += 20 + Math.floor(rnd() * 35);
        const i = intakes++;
        const waitMin = 2 + Math.floor(rnd() * rnd() * 45);
        const handleMin = 4 + Math.floor(rnd() * 18);
        const decidedAt = chinaTime(date, minute);
        if (decidedAt > now) break;
        const calledAt = new Date(decidedAt.getTime() - handleMin * 60_000);
        const takenAt = new Date(calledAt.getTime() - waitMin * 60_000);
        const target: IntakeTarget =
          i % 13 === 5 && bundles.length > 0
            ? { kind: 'bundle', bundleCode: bundles[i % bundles.length]?.code ?? '' }
            : { kind: 'matter', matterCode: matters[(i * 7) % matters.length]?.code ?? '' };
        const roll = rnd();
        const rolled: WindowDecisionInput = roll < 0.12 ? { kind: 'notice' } : roll < 0.17 ? { kind: 'refused', refusalReason: '申请事项不属于本机关职权范围，请向市级不动产登记中心申请' } : { kind: 'accepted' };
        // That day's second intake is accepted whatever the roll (drawn all the same, so the rest of
        // the history stays as it was): the window's 待流转 queue is never empty in the demo.
        const decision: WindowDecisionInput = date === lastIntakeDay && k === 1 ? { kind: 'accepted' } : rolled;
        const clerkId = people.clerkIds[i % people.clerkIds.length] ?? '';
        const windowId = people.windowIds[(i + Math.floor(i / 5)) % 3] ?? '';
        const result = as(clerkId, 'clerk', decidedAt, (tx) => {
          writeSetting(tx, 'device.windowId', channelCycle[i % channelCycle.length] === 'cross_region' ? (people.windowIds[2] ?? windowId) : windowId);
          const resolved = resolveTarget(tx, target);
          const enterprise = /企业|公司|单位|个体|税|发票|食品|施工|预售|开办/.test(resolved.title);
          const rows = resolved.materials;
          const firstMissing = rows.find((r) => r.required);
          const form: IntakeForm = {
            target,
            applicant: enterprise
              ? { type: 'enterprise', name: companyNames[i % companyNames.length] ?? '企业', creditCode: demoCreditCode(i), legalRepresentative: personNames[i % personNames.length] ?? '张伟', phone: `0411-8${String(6600000 + i).slice(-7)}`, address: '大连市甘井子区中华西路 18 号' }
              : { type: 'individual', name: personNames[i % personNames.length] ?? '张伟', idType: 'resident_id', idNumber: demoIdNumber(i), phone: `1390411${String(1000 + i).slice(-4)}`, address: i % 3 === 0 ? '大连市甘井子区“山东路”街道 ☀️ 12 号' : undefined },
            channel: channelCycle[i % channelCycle.length] ?? 'window',
            ticketNumber: `A${String(k + 1).padStart(3, '0')}`,
            ticketTakenAt: takenAt.toISOString(),
            ticketCalledAt: calledAt.toISOString(),
            materials: rows.map((row) => ({
              key: row.key,
              status: decision.kind === 'notice' && row === firstMissing ? 'missing' : row.required ? (row.deferrable && i % 5 === 0 ? 'deferred' : 'received') : 'received',
            })),
            note: '演示数据',
            acknowledgedDuplicates: [],
          };
          return decideIntake(tx, calendar, clerkId, form, decision, decidedAt);
        });
        if (decision.kind !== 'accepted') continue;
        if (date === lastIntakeDay && k % 3 !== 0) continue; // still at the window (待流转)
        const caseIds = result.children.length > 0 ? result.children.map((c) => c.caseId) : [result.caseId];
        for (const caseId of caseIds) {
          for (const p of lifecyclePlan(outer, caseId, date, minute, clerkId, people, rnd, calendar.addWorkingDays.bind(calendar))) {
            if (p.at > now) break;
            as(p.actor.userId, p.actor.role, p.at, (tx) => performAction(tx, calendar, { userId: p.actor.userId ?? clerkId, role: p.actor.role ?? 'clerk' }, caseId, p.action, undefined));
          }
        }
      }
    }
    superviseOverdue(env, outer, people.supervisorId, now, today);
    writeSetting(outer, 'device.windowId', people.windowIds[0] ?? '');
    outer.run('UPDATE case_record SET is_demo = 1');
  });
  return intakes;
}

/** The supervisor's part: 督办 on the two most overdue cases, and the older bad ratings followed up. */
function superviseOverdue(env: ServiceEnv, tx: { all<T>(sql: string, ...p: string[]): T[] }, supervisorId: string, now: Date, today: string): void {
  const calendar = env.calendar;
  const overdue = tx.all<{ id: string }>("SELECT id FROM case_record WHERE status IN ('accepted', 'in_review') AND is_bundle = 0 AND due_date < ? ORDER BY due_date LIMIT 2", today);
  const followUps = tx.all<{ id: string; created_at: string }>("SELECT id, created_at FROM follow_up WHERE state = 'open' AND created_at < ? ORDER BY created_at", chinaDayBounds(addDays(today, -6), addDays(today, -6)).start);
  env.store.write({ actor: { userId: supervisorId, role: 'supervisor' }, deviceId: env.deviceId, now }, (w) => {
    for (const c of overdue) performAction(w, calendar.get(w), { userId: supervisorId, role: 'supervisor' }, c.id, { action: 'supervision.flagged', note: '已超期，请承办人今日内作出决定并回复' }, undefined);
    for (const f of followUps) resolveFollowUp(w, f.id, '已电话回访申请人，说明办理要求并致歉，申请人表示理解', supervisorId);
  });
}

/** What happens to an accepted matter case after the window, spread over the working days that follow. */
function lifecyclePlan(
  tx: { get<T>(sql: string, ...p: string[]): T | undefined },
  caseId: string,
  date: string,
  minute: number,
  clerkId: string,
  people: HistoryPeople,
  rnd: () => number,
  addWorkingDays: (date: string, n: number) => string,
): Planned[] {
  const info = tx.get<{ department_code: string; promised_limit: number | null }>('SELECT department_code, promised_limit FROM case_record WHERE id = ?', caseId);
  const reviewerId = info ? people.reviewerOf.get(info.department_code) : undefined;
  const clerk = { userId: clerkId, role: 'clerk' as const };
  const plans: Planned[] = [{ at: chinaTime(date, minute + 10), actor: clerk, action: { action: 'case.transferred' } }];
  if (!reviewerId) return plans;
  const reviewer = { userId: reviewerId, role: 'reviewer' as const };
  const fate = rnd();
  // About one in twelve is left waiting in the back office: these become the overdue cases.
  if (fate < 0.08) return plans;
  const day = (n: number, at: number) => chinaTime(addWorkingDays(date, n), at);
  plans.push({ at: day(1, 9 * 60 + 10), actor: reviewer, action: { action: 'review.claimed' } });
  const stepsRequired = Number(tx.get<{ n: number }>("SELECT json_extract(payload, '$.reviewSteps') AS n FROM case_event WHERE case_id = ? AND seq = 1", caseId)?.n ?? 1);
  const stepActions = ['review.undertake', 'review.check', 'review.approve'] as const;
  const opinions = ['材料齐全，符合法定形式，拟同意', '经审核，符合条件', '同意'];
  let at = 1;
  if (fate < 0.16) {
    plans.push({ at: day(1, 10 * 60), actor: reviewer, action: { action: 'review.supplementRequested', items: [{ name: '营业场所产权证明复印件' }] } });
    plans.push({ at: day(3, 14 * 60), actor: clerk, action: { action: 'intake.supplementProvided', items: [{ name: '营业场所产权证明复印件' }] } });
    at = 3;
  }
  for (let s = 0; s < stepsRequired; s++) {
    plans.push({ at: day(at + (s > 0 ? 1 : 0), 10 * 60 + 30 + s * 60), actor: reviewer, action: { action: stepActions[s] ?? 'review.undertake', opinion: opinions[s] ?? '同意' } });
    if (s > 0) at += 1;
  }
  if (fate < 0.22) return plans; // still in review: some near their due date, some past it
  const denied = fate > 0.96;
  plans.push({ at: day(at + 1, 11 * 60), actor: reviewer, action: { action: 'review.decided', outcome: denied ? 'denied' : 'granted', ...(denied ? { reason: '经现场核查，经营场所不符合食品安全要求' } : {}) } });
  if (fate < 0.3) return plans; // waiting to be collected
  const deliveredAt = day(at + 2, 9 * 60 + 30 + Math.floor(rnd() * 360));
  plans.push({ at: deliveredAt, actor: clerk, action: { action: 'handover.delivered', method: 'window', collectorName: '申请人本人' } });
  plans.push({ at: new Date(deliveredAt.getTime() + 60_000), actor: clerk, action: { action: 'case.closed' } });
  const level = ratingCycle[Math.floor(rnd() * ratingCycle.length)] ?? 5;
  const comment = ratingComments[level];
  plans.push({ at: new Date(deliveredAt.getTime() + 120_000), actor: { userId: null, role: null }, action: { action: 'rating.given', level, byApplicant: true, ...(comment ? { comment } : {}) } });
  return plans;
}
