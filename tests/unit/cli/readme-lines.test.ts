import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's command-line lines, run as a newcomer would paste them: in a clean shell
 * (`env -i`, a minimal PATH on which the system's Node comes first, a new HOME so the default
 * data folder is new), from a folder of their own that has the repository's `bin/`.
 */
const repoRoot = resolve(import.meta.dirname, '../../..');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const home = mkdtempSync(join(tmpdir(), 'onewindow-readme-home-'));
const workDir = mkdtempSync(join(tmpdir(), 'onewindow-readme-cwd-'));
symlinkSync(join(repoRoot, 'bin'), join(workDir, 'bin'));
const cleanPath = '/usr/local/bin:/usr/bin:/bin';

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

function cleanShell(line: string) {
  const result = spawnSync('env', ['-i', `PATH=${cleanPath}`, `HOME=${home}`, 'bash', '-c', line], { cwd: workDir, encoding: 'utf8', timeout: 170_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The sh block under "### The command line", comments stripped. */
function readmeCliLines(): string[] {
  const section = readme.slice(readme.indexOf('### The command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '');
}

describe("the README's command line, from a clean shell", () => {
  const lines = readmeCliLines();

  it('is run where the system Node is too old for the project', () => {
    const { out } = cleanShell('node --version || echo none');
    const major = Number(/^v(\d+)/.exec(out.trim())?.[1] ?? 0);
    // This machine's Debian Node is 20: the README's lines must not depend on it.
    expect(major === 0 || major < 22).toBe(true);
  });

  it('has the lines this test knows how to check', () => {
    expect(lines).toEqual([
      'bin/onewindow --help',
      'bin/onewindow --list',
      'bin/onewindow system/info',
      `ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow cases/list '{"query":"张"}' --user clerk`,
      'ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow catalogue/export --user admin > catalogue.json',
      'ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow catalogue/import --input-file catalogue.json --input-key catalogue --user admin',
    ]);
  });

  it('prints help without a stack trace', () => {
    const { code, out, err } = cleanShell(lines[0] ?? '');
    expect(code, err).toBe(0);
    expect(out).toContain('用法');
    expect(out).toContain('--input-file');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('lists the operations as pure JSON on stdout (no npm banner)', () => {
    const { code, out, err } = cleanShell(lines[1] ?? '');
    expect(code, err).toBe(0);
    const names = (JSON.parse(out) as Array<{ name: string }>).map((op) => op.name);
    expect(names).toEqual(expect.arrayContaining(['system/info', 'cases/list', 'catalogue/import']));
  });

  it('answers a public operation, seeding the demo centre on first use', () => {
    const { code, out, err } = cleanShell(lines[2] ?? '');
    expect(err).not.toContain('Unknown file extension');
    expect(code, err).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ appName: '一窗通', centre: { name: '大连市甘井子区政务服务中心' } });
  }, 180_000);

  it("searches cases as the demo clerk", () => {
    const { code, out, err } = cleanShell(lines[3] ?? '');
    expect(code, err).toBe(0);
    const page = JSON.parse(out) as { rows: Array<{ applicantName: string }> };
    expect(page.rows.length).toBeGreaterThan(0);
    for (const row of page.rows) expect(row.applicantName.startsWith('张')).toBe(true);
  }, 60_000);

  it('exports the catalogue to a file and imports that file back unchanged', () => {
    const exported = cleanShell(lines[4] ?? '');
    expect(exported.code, exported.err).toBe(0);
    const catalogue = JSON.parse(readFileSync(join(workDir, 'catalogue.json'), 'utf8')) as { matters: unknown[] };
    expect(catalogue.matters.length).toBe(34);
    const imported = cleanShell(lines[5] ?? '');
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ added: [], newVersions: [], retired: [], unchanged: 34 });
  }, 60_000);

  it('lists demo users that exist', () => {
    const table = readme.slice(readme.indexOf('| user | role | password |'));
    const tableRows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const named = tableRows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
    expect(named).toContain('reviewer-gjz-ga');
    const { code, out, err } = cleanShell('ONEWINDOW_PASSWORD=Demo@2026 bin/onewindow users/list --user admin');
    expect(code, err).toBe(0);
    const existing = (JSON.parse(out) as Array<{ username: string }>).map((u) => u.username);
    expect(existing.sort()).toEqual([...named].sort());
  }, 60_000);
});
