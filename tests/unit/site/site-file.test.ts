import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSiteFile, parseSiteFile } from '../../../src-main/domain/site/site-file.ts';
import { AppError } from '../../../src-main/domain/errors.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { siteFilePath } from '../../../src-main/services/site/site-file.ts';
import { siteConfigView } from '../../../src-main/services/site/local-config.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { hallSite, writeSite } from './fixtures.ts';

const tempDir = useTempDir('onewindow-site-');

describe('the site file’s place', () => {
  it('is machine-wide on each system, and an environment variable points elsewhere', () => {
    expect(siteFilePath({ ProgramData: 'D:\\ProgramData' }, 'win32')).toBe(join('D:\\ProgramData', 'OneWindow', 'site.json'));
    expect(siteFilePath({}, 'linux')).toBe('/etc/onewindow/site.json');
    expect(siteFilePath({ ONEWINDOW_SITE_FILE: '/tmp/x/site.json' }, 'linux')).toBe('/tmp/x/site.json');
  });
});

describe('checking a site file', () => {
  it('accepts a hall’s file', () => {
    const check = checkSiteFile(hallSite());
    expect(check.ok).toBe(true);
  });

  it('reports every problem at once, each with where it is', () => {
    const check = checkSiteFile(
      hallSite({
        centre: { name: '某中心', regionCode: '21010' },
        windows: [
          { number: '01', name: '一', deviceCode: 'H01' },
          { number: '01', name: '二', deviceCode: 'h2' },
          { number: '03', name: '三', deviceCode: 'H01', prnter: 'x' },
        ],
        gateway: { url: 'ftp://gw' },
        idleLockMinutes: 0,
        colour: 'blue',
      }),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const where = check.problems.map((p) => p.where).sort();
    expect(where).toEqual(['centre.regionCode', 'gateway.url', 'idleLockMinutes', 'windows[1].deviceCode', 'windows[1].number', 'windows[2]', 'windows[2].deviceCode', '（整个文件）'].sort());
    const byPlace = Object.fromEntries(check.problems.map((p) => [p.where, p.message]));
    expect(byPlace['centre.regionCode']).toContain('6 位数字');
    expect(byPlace['windows[1].number']).toContain('与第 1 个窗口重复');
    expect(byPlace['windows[2].deviceCode']).toContain('与第 1 个窗口重复');
    expect(byPlace['windows[2]']).toContain('prnter');
    expect(byPlace['（整个文件）']).toContain('colour');
    expect(byPlace['gateway.url']).toContain('http');
  });

  it('names the line and column of a JSON syntax error, and reads a file saved with a BOM', () => {
    const check = parseSiteFile('{\n  "format": 1,\n  "centre": {,\n}');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems[0]?.where).toMatch(/^第 3 行第 \d+ 列$/);
    expect(parseSiteFile(`\uFEFF${JSON.stringify(hallSite())}`).ok).toBe(true);
  });
});

describe('a site file at start', () => {
  it('with errors stops the start, lists them all, and leaves no database behind', () => {
    const dataDir = tempDir();
    const siteFile = writeSite(tempDir(), hallSite({ idleLockMinutes: 'ten', update: { url: 'nope' } }));
    let error: unknown;
    try {
      bootServices({ dataDir, appVersion: 'test', siteFile });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SITE_INVALID');
    expect((error as AppError).message).toContain('2 处错误');
    expect((error as AppError).message).toContain('idleLockMinutes');
    expect((error as AppError).message).toContain('update.url');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('configures the hall: its centre and windows, no demo, the idle lock; the PC then picks its window', async () => {
    const dataDir = tempDir();
    const siteFile = writeSite(tempDir(), hallSite());
    const services = bootServices({ dataDir, appVersion: 'test', siteFile });
    try {
      const view = services.env.store.read((tx) => siteConfigView(tx));
      expect(view.siteFile).toBe(siteFile);
      expect(view.firstRun).toBe(false);
      expect(view.needsWindow).toBe(true);
      expect(view.windows.map((w) => [w.number, w.deviceCode])).toEqual([['01', 'H01'], ['02', 'H02']]);
      const value = (key: string) => view.values.find((v) => v.key === key);
      expect(value('centre.name')).toMatchObject({ value: '沈阳市和平区政务服务中心', source: 'site' });
      expect(value('session.idleMinutes')).toMatchObject({ value: 5, source: 'site' });
      expect(value('backup.keep')).toMatchObject({ value: 7, source: 'default' });
      expect(value('gateway.caCertificate')).toMatchObject({ value: '已配置', source: 'site' });
      const users = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM app_user'))?.n;
      expect(users).toBe(0);
      const info = await services.dispatcher.call('system/info', {}, null);
      expect(JSON.stringify(info)).toContain('沈阳市和平区政务服务中心');
    } finally {
      services.close();
    }
    expect(existsSync(join(dataDir, 'onewindow.db'))).toBe(true);
  });
});
