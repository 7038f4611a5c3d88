import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../../src-main/services/paths.ts';
import { Store } from '../../../src-main/store/store.ts';

/** The real command, as IT runs it: a child process on a real data folder. */
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-cli-'));
function cli(args: string[], password?: string) {
  const result = spawnSync(process.execPath, ['src-main/cli/main.ts', ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: password ?? '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// The first run seeds the demo centre (and draws the data key): on a loaded shared machine that
// child process alone can take longer than the default 10 s hook timeout.
beforeAll(() => {
  expect(cli(['system/info']).code).toBe(0);
}, 60_000);

describe('onewindow CLI', () => {
  it('lists every operation of the API table', () => {
    const { code, out } = cli(['--list']);
    expect(code).toBe(0);
    const names = (JSON.parse(out) as Array<{ name: string }>).map((op) => op.name);
    expect(names).toContain('cases/list');
    expect(names).toContain('audit/verify');
  });

  it('calls an operation as a named user and prints JSON', () => {
    const { code, out } = cli(['cases/list', '{"pageSize":3}', '--user', 'supervisor'], 'Demo@2026');
    expect(code).toBe(0);
    const page = JSON.parse(out) as { rows: unknown[]; total: number };
    expect(page.rows).toHaveLength(3);
    const store = Store.open(databasePath(dataDir));
    const cases = store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record'))?.n;
    store.close();
    expect(page.total).toBe(cases);
  });

  it('refuses an unknown operation with a clear error and exit code 2', () => {
    const { code, err } = cli(['cases/frobnicate', '{}']);
    expect(code).toBe(2);
    expect(JSON.parse(err).error).toMatchObject({ code: 'UNKNOWN_OPERATION', message: expect.stringContaining('cases/frobnicate') });
  });

  it('refuses malformed JSON input with a clear error and a non-zero exit', () => {
    const { code, err } = cli(['cases/list', '{pageSize: 3', '--user', 'clerk'], 'Demo@2026');
    expect(code).toBe(4);
    expect(JSON.parse(err).error.message).toContain('输入不是有效的 JSON');
  });

  it('goes through the same permission checks as the UI', () => {
    const { code, err } = cli(['settings/list', '{}', '--user', 'clerk'], 'Demo@2026');
    expect(code).toBe(3);
    expect(JSON.parse(err).error.code).toBe('FORBIDDEN');
  });

  it('refuses a wrong password', () => {
    const { code, err } = cli(['cases/list', '{}', '--user', 'clerk'], 'nope');
    expect(code).toBe(3);
    expect(JSON.parse(err).error.message).toContain('用户名或密码错误');
  });

  it('goes through the same validation, naming the field', () => {
    const { code, err } = cli(['cases/list', '{"pageSize":5000}', '--user', 'clerk'], 'Demo@2026');
    expect(code).toBe(4);
    expect(JSON.parse(err).error).toMatchObject({ code: 'VALIDATION', field: 'pageSize' });
  });
});
