import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The project's own lint configuration on a file that would sit at `path`. */
async function layerProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'onewindow/layers').map((m) => m.message);
}

describe('onewindow/layers', () => {
  it('refuses an upward import on the Node side: the store may not import the API layer', async () => {
    const problems = await layerProblems('src-main/store/upward.ts', "import { Dispatcher } from '../api/dispatcher.ts';\nexport const d = Dispatcher;\n");
    expect(problems).toEqual(['store layer may not import the api layer (../api/dispatcher.ts).']);
  }, 60_000);

  it('refuses services importing the host, and the CLI importing browser mode', async () => {
    expect(await layerProblems('src-main/services/upward.ts', "import { bootServices } from '../host/boot.ts';\nexport const b = bootServices;\n")).toEqual([
      'services layer may not import the host layer (../host/boot.ts).',
    ]);
    expect(await layerProblems('src-main/cli/sideways.ts', "import { startServer } from '../browser-mode/server.ts';\nexport const s = startServer;\n")).toEqual([
      'cli layer may not import the browser-mode layer (../browser-mode/server.ts).',
    ]);
  }, 60_000);

  it('lets a layer import the layers below it, and anyone import a type', async () => {
    expect(await layerProblems('src-main/host/down.ts', "import { Dispatcher } from '../api/dispatcher.ts';\nexport const d = Dispatcher;\n")).toEqual([]);
    expect(await layerProblems('src-main/store/types-only.ts', "import type { ServiceEnv } from '../services/env.ts';\nexport type E = ServiceEnv;\n")).toEqual([]);
  }, 60_000);

  it('refuses an import cycle: state.ts importing the machine that imports it', async () => {
    const state = readFileSync(`${root}/src-main/domain/lifecycle/state.ts`, 'utf8');
    const problems = await layerProblems('src-main/domain/lifecycle/state.ts', `${state}\nimport { applyEvents } from './machine.ts';\nexport const fold = applyEvents;\n`);
    expect(problems).toEqual([
      'Import cycle: src-main/domain/lifecycle/state.ts → src-main/domain/lifecycle/machine.ts → src-main/domain/lifecycle/state.ts. Move what both need into a module they both import, or pass it in.',
    ]);
    // The tree itself has none: the same file as it is passes.
    expect(await layerProblems('src-main/domain/lifecycle/state.ts', state)).toEqual([]);
  }, 60_000);

  it('keeps the gateway on the pure domain: it may not import the app’s services', async () => {
    expect(await layerProblems('gateway/src/reach.ts', "import { readSetting } from '../../src-main/services/settings/settings.ts';\nexport const r = readSetting;\n")).toEqual([
      'gateway layer may not import the services layer (../../src-main/services/settings/settings.ts).',
    ]);
  }, 60_000);
});
