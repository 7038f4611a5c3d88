/**
 * The README's "Adding an operation", done as a new engineer would, on a scratch copy of the tree:
 * `system/echo` is one entry in the `system` slice and one handler in `api/handlers/system.ts`.
 * Then the dispatcher, the service thread (IPC), browser mode's HTTP API and the CLI all serve it,
 * no other file changed; and the type checker refuses the slice entry without its handler.
 *
 * Heavy (a service thread, a browser-mode process, CLI processes, two type checks): run it alone
 * under the shared lock, e.g. `flock /tmp/onewindow-heavy.lock npx vitest run tests/unit/structure/add-operation.test.ts`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { bootServices as BootServices } from '../../../src-main/host/boot.ts';
import type { ServiceHost as ServiceHostClass } from '../../../src-main/host/service-host.ts';
import { testRendererDir } from '../../helpers/browser-server.ts';

const repo = resolve(import.meta.dirname, '../../..');
// Inside the repository (so the copy resolves the repository's node_modules and resources) and
// ignored by git (.gitignore: /.scratch/).
const scratchRoot = join(repo, '.scratch');
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(join(scratchRoot, 'add-operation-'));

const slicePath = 'src-main/domain/api/operations/system.ts';
const handlerPath = 'src-main/api/handlers/system.ts';

/** What the README's step 1 says to write: the entry, in the slice named after the prefix. */
function addSliceEntry(): void {
  const file = join(scratch, slicePath);
  const source = readFileSync(file, 'utf8');
  const withImport = `import { z } from 'zod';\n${source}`;
  const entry = `  'system/echo': operation({
    summary: '原样返回一段文字（示例操作）',
    input: z.object({ text: z.string().max(20, '文字最多 20 个字') }),
    access: 'public',
    writes: false,
    output: returns<{ echo: string }>(),
  }),
});
`;
  const closing = withImport.lastIndexOf('});');
  writeFileSync(file, `${withImport.slice(0, closing)}${entry}${withImport.slice(closing + '});'.length)}`);
}

/** Step 2: its handler, in the handler file named after the prefix. It translates; nothing else. */
function addHandler(): void {
  const file = join(scratch, handlerPath);
  const source = readFileSync(file, 'utf8');
  const closing = source.lastIndexOf('});');
  writeFileSync(file, `${source.slice(0, closing)}  'system/echo': (input) => ({ echo: input.text }),\n});\n`);
}

function hashes(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(join(root, 'src-main'));
  return found;
}

function typecheck(): { code: number | null; out: string } {
  // Only the copy's Node side: the same compiler options as `npm run typecheck`, no output.
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(scratch, join(repo, 'tsconfig.node.json')),
      compilerOptions: { composite: false, noEmit: true, emitDeclarationOnly: false, incremental: false },
      include: ['src-main/**/*.ts'],
    }),
  );
  const result = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(scratch, 'tsconfig.json')], { encoding: 'utf8' });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const children: ChildProcess[] = [];
const dataDirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-echo-'));
  dataDirs.push(dir);
  return dir;
}

beforeAll(() => {
  cpSync(join(repo, 'src-main'), join(scratch, 'src-main'), { recursive: true });
  const before = hashes(scratch);
  addSliceEntry();
  addHandler();
  const after = hashes(scratch);
  touched = [...after].filter(([path, hash]) => before.get(path) !== hash).map(([path]) => path).sort();
  added = [...after.keys()].filter((path) => !before.has(path));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let touched: string[] = [];
let added: string[] = [];

describe('adding system/echo as the README says', () => {
  it('touches two files, the slice and the handler file named after the prefix, and adds none', () => {
    expect(touched).toEqual([handlerPath, slicePath]);
    expect(added).toEqual([]);
  });

  it('is served by the dispatcher, its input checked by the table', async () => {
    const { bootServices } = (await import(join(scratch, 'src-main/host/boot.ts'))) as { bootServices: typeof BootServices };
    const services = bootServices({ dataDir: dataDir(), appVersion: 'test' });
    try {
      const call = services.dispatcher.call.bind(services.dispatcher) as (name: string, input: unknown, token: string | null) => Promise<unknown>;
      expect(await call('system/echo', { text: '吉𠮷' }, null)).toEqual({ ok: true, value: { echo: '吉𠮷' } });
      expect(await call('system/echo', { text: 'x'.repeat(21) }, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'text', message: expect.stringContaining('文字最多 20 个字') as string } });
    } finally {
      services.close();
    }
  }, 60_000);

  it('is served through the service thread (IPC)', async () => {
    const { ServiceHost } = (await import(join(scratch, 'src-main/host/service-host.ts'))) as { ServiceHost: typeof ServiceHostClass };
    const host = await ServiceHost.start({ dataDir: dataDir(), appVersion: 'test' });
    try {
      const call = host.call.bind(host) as (name: string, input: unknown, token: string | null) => Promise<unknown>;
      expect(await call('system/echo', { text: '受理' }, null)).toEqual({ ok: true, value: { echo: '受理' } });
    } finally {
      await host.stop();
    }
  }, 60_000);

  it('is served over HTTP by browser mode started on --port 0', async () => {
    const child = spawn(process.execPath, [join(scratch, 'src-main/browser-mode/main.ts'), '--port', '0', '--data-dir', dataDir(), '--renderer', testRendererDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const url = await new Promise<URL>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`browser mode printed no URL in 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /^ONEWINDOW_URL=(\S+)$/m.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          done(new URL(match[1]));
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => fail(new Error(`browser mode exited (${code}):\n${output}`)));
    });
    const response = await fetch(new URL('/api/system/echo', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-onewindow-launch': url.searchParams.get('launch') ?? '' },
      body: JSON.stringify({ text: '一窗通' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { echo: '一窗通' } });
    child.kill('SIGTERM');
  }, 90_000);

  it('is served by the CLI, and listed by --list', () => {
    const dir = dataDir();
    const cli = (args: string[]) => spawnSync(process.execPath, [join(scratch, 'src-main/cli/main.ts'), ...args, '--data-dir', dir], { encoding: 'utf8', env: { ...process.env, ONEWINDOW_PASSWORD: '' } });
    const echoed = cli(['system/echo', '{"text":"办件"}']);
    expect(echoed.stderr).toBe('');
    expect(echoed.status).toBe(0);
    expect(JSON.parse(echoed.stdout)).toEqual({ echo: '办件' });
    const listed = JSON.parse(cli(['--list']).stdout) as Array<{ name: string; summary: string }>;
    expect(listed.find((op) => op.name === 'system/echo')).toMatchObject({ summary: '原样返回一段文字（示例操作）' });
  }, 90_000);

  it('type-checks with its handler, and the type checker refuses the slice entry without it', () => {
    const whole = typecheck();
    expect(whole.out).toBe('');
    expect(whole.code).toBe(0);

    const file = join(scratch, handlerPath);
    writeFileSync(file, readFileSync(file, 'utf8').replace("  'system/echo': (input) => ({ echo: input.text }),\n", ''));
    const without = typecheck();
    expect(without.code).not.toBe(0);
    // Where the handlers are merged: the table's new name has no handler.
    expect(without.out).toMatch(/src-main\/api\/handlers\/index\.ts\(\d+,\d+\): error TS2741: Property '"system\/echo"' is missing/);
  }, 300_000);
});
