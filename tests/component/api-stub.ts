import type { OperationName } from '@domain/api/contract.ts';
import type { SystemStatusView, UserView } from '@domain/api/views.ts';
import { vi } from 'vitest';
import { call } from '../../src-renderer/src/shared/api/client.ts';

/**
 * The renderer's boundary is `call()` in the API client; tests replace the module with
 * vi.mock (see each test file) and answer by operation name here.
 */
export type ApiAnswers = Partial<Record<OperationName, (input: unknown) => unknown>>;

/** Asked by the login screen on every visit: a PC already set up, unless a test says otherwise. */
const setUpAlready: ApiAnswers = {
  'site/firstRun': () => ({ needed: false, hasCentre: true, siteFile: null, centre: null, windows: [] }),
};

export function stubApi(answers: ApiAnswers): void {
  const fake = async (name: OperationName, input: unknown): Promise<unknown> => {
    const answer = answers[name] ?? setUpAlready[name];
    if (!answer) throw new Error(`unexpected API call ${name}`);
    return answer(input);
  };
  vi.mocked(call).mockImplementation(fake as typeof call);
}

export function calledWith(name: OperationName): unknown[] {
  return vi
    .mocked(call)
    .mock.calls.filter(([called]) => called === name)
    .map(([, input]) => input);
}

export const demoCentre = { id: 'demo-centre-210211', name: '大连市甘井子区政务服务中心', regionCode: '210211', isDemo: true };
export const demoWindow = { id: 'demo-window-01', number: '01', name: '综合窗口 1', deviceCode: 'W01' };

export function user(role: UserView['role'], displayName = '王芳'): UserView {
  return { id: `u-${role}`, username: role, displayName, role, departmentCode: null, isDemo: true, disabled: false, mustChangePassword: false };
}

export function systemStatus(overrides: Partial<SystemStatusView> = {}): SystemStatusView {
  return {
    appName: '一窗通',
    demo: null,
    appVersion: '0.1.0',
    centre: demoCentre,
    window: demoWindow,
    schemaVersion: 1,
    dataPath: '/tmp/onewindow.db',
    deviceId: 'device-1',
    sync: { state: 'not-configured', pending: 36, failed: 0, lastSyncedAt: null },
    keyProtection: 'os-keystore',
    ...overrides,
  };
}
