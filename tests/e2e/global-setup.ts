import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const built = join(import.meta.dirname, '..', '..', 'out', 'renderer');

/** The built files index.html refers to; all must be there for the copy to be a whole build. */
function missingAssets(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1] ?? '');
  return refs.filter((ref) => !existsSync(join(dir, ref)));
}

/**
 * Browser mode serves the built renderer, which must exist (this suite does not build it). The
 * run tests one copy of it, so a rebuild of out/renderer during the run (another job in the same
 * checkout) cannot change or remove the files under the tests' feet.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(built, 'index.html'))) {
    throw new Error(`找不到已构建的界面 ${built}/index.html。请先运行 npx electron-vite build，再运行 npx playwright test。`);
  }
  const copy = await mkdtemp(join(tmpdir(), 'onewindow-e2e-renderer-'));
  for (let attempt = 1; ; attempt++) {
    await rm(copy, { recursive: true, force: true });
    await cp(built, copy, { recursive: true });
    const missing = existsSync(join(copy, 'index.html')) ? missingAssets(copy) : ['index.html'];
    if (missing.length === 0) break;
    if (attempt === 5) throw new Error(`out/renderer 不完整（缺少 ${missing.join('、')}）。请重新构建后再试。`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // Read by the fixtures (workers inherit the environment set here).
  process.env.ONEWINDOW_E2E_RENDERER = copy;
  return async () => {
    await rm(copy, { recursive: true, force: true });
  };
}
