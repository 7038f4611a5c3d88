import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../../src-main/services/paths.ts';
import { Store } from '../../../src-main/store/store.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-cli-');

/** The real command, as IT runs it: a child process on a real data folder. */
const dataDir = tempDir();
function cli(args: string[], password?: string, stdin?: string) {
  const result = spawnSync(process.execPath, ['src-main/cli/main.ts', ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, ONEWINDOW_PASSWORD: password ?? '' },
    input: stdin,
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

  it('answers --help with the usage on stdout, exit 0 and no stack trace', () => {
    const { code, out, err } = cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('bin/onewindow <操作名>');
    expect(err).toBe('');
  });

  it.each([
    [['--bogus'], '不认识的选项 --bogus'],
    [[], '缺少操作名'],
    [['cases/list', '{}', '{}'], '多余的参数'],
    [['cases/list', '{}', '--input-file', 'x.json'], '输入只能给一次'],
    [['cases/list', '--input-file', '/nonexistent/catalogue.json'], '输入文件 /nonexistent/catalogue.json 不存在'],
    [['cases/list', '--user'], '选项 --user 缺少取值'],
  ])('treats %j as a usage error: exit 2, a Chinese message as JSON on stderr', (args, message) => {
    const { code, out, err } = cli(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(JSON.parse(err).error).toMatchObject({ code: 'USAGE', message: expect.stringContaining(message) });
  });

  it('imports a catalogue larger than a command-line argument may be, from stdin and from a file', () => {
    const exported = cli(['catalogue/export', '--user', 'admin'], 'Demo@2026');
    expect(exported.code).toBe(0);
    // Linux refuses one argument over 128 KiB; the padding keeps the JSON valid and the content the same.
    const large = exported.out.replace('{', `{${' '.repeat(300 * 1024)}`);
    expect(large.length).toBeGreaterThan(131_072);
    const fromStdin = cli(['catalogue/import', '-', '--input-key', 'catalogue', '--user', 'admin'], 'Demo@2026', large);
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.out)).toMatchObject({ unchanged: 34, added: [], retired: [] });
    const file = join(dataDir, 'catalogue-with-bom.json');
    writeFileSync(file, `\uFEFF${large}`);
    const fromFile = cli(['catalogue/import', '--input-file', file, '--input-key', 'catalogue', '--user', 'admin'], 'Demo@2026');
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.out)).toMatchObject({ unchanged: 34 });
  }, 60_000);

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
