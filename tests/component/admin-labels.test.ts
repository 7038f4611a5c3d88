import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isShownSetting, settingSpec, settingValueProblem } from '../../src-main/domain/settings/catalogue.ts';
import { auditActionLabel } from '../../src-renderer/src/audit/labels.ts';

const srcMain = join(import.meta.dirname, '..', '..', 'src-main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every action main writes to the trail: the literals in `audit({ action: … })` calls, and those
 * passed in from elsewhere (the sign-in paths, the window's three decisions), listed by hand.
 */
function auditedActions(): string[] {
  const found = new Set(['session.login', 'session.unlock', 'password.change', 'case.accept', 'case.notice', 'case.refuse']);
  for (const file of sources(srcMain)) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/audit\(\{\s*action:\s*([^,}]+)/g)) {
      for (const literal of (call[1] ?? '').matchAll(/'([a-zA-Z]+(?:\.[a-zA-Z]+)*)'/g)) found.add(literal[1] ?? '');
    }
  }
  return [...found].sort();
}

describe('the audit screen names every action', () => {
  it('finds the actions main writes (the scan itself works)', () => {
    const actions = auditedActions();
    expect(actions).toEqual(expect.arrayContaining(['export.write', 'export.scheduled', 'user.disable', 'case.revealPersonalData', 'setting.change']));
  });

  it('has a Chinese name for each of them, never the code', () => {
    const unnamed = auditedActions().filter((action) => /[a-zA-Z]/.test(auditActionLabel(action)));
    expect(unnamed).toEqual([]);
    expect(auditActionLabel('export.write')).toBe('导出文件');
    expect(auditActionLabel('case.revealPersonalData')).toBe('查看完整信息');
    expect(auditActionLabel('case.case.closed')).toBe('办件：办结');
  });
});

describe('the settings screen', () => {
  it('names every setting main writes, or keeps it out of the screen as the app’s own record', () => {
    const written = new Set<string>();
    for (const file of sources(srcMain)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:writeSetting|readSetting)\(\w+, '([^']+)'/g)) written.add(m[1] ?? '');
    }
    expect(written.size).toBeGreaterThan(5);
    const internal = ['crypto.keyCheck', 'audit.legacyRows', 'device.id', 'device.windowId'];
    for (const key of internal) expect(isShownSetting(key), key).toBe(false);
    const shown = [...written].filter((key) => !internal.includes(key) && !key.startsWith('audit.') && !key.startsWith('crypto.'));
    for (const key of shown) expect(settingSpec(key)?.label, key).toMatch(/[\u4e00-\u9fff]/);
  });

  it('checks each editable value by its kind, in Chinese, naming the setting', () => {
    expect(settingValueProblem('session.idleMinutes', '15')).toBeNull();
    expect(settingValueProblem('session.idleMinutes', '0')).toBe('空闲自动锁定（分钟）须为 1–9999 之间的整数');
    expect(settingValueProblem('rating.followUpDays', 'abc')).toBe('差评回访期限（工作日）须为 1–9999 之间的整数');
    expect(settingValueProblem('notice.verifyBaseUrl', 'https://zwfw.example.gov.cn')).toBeNull();
    expect(settingValueProblem('notice.verifyBaseUrl', 'zwfw.example')).toContain('须为以 https:// 开头的完整网址');
    expect(settingValueProblem('notice.verifyBaseUrl', 'ftp://zwfw.example')).toBe('文书核验网址须以 https:// 开头');
  });
});
