import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Browser mode serves the built renderer; testing a stale or missing build would mislead. */
export default function globalSetup(): void {
  const index = join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html');
  if (!existsSync(index)) {
    throw new Error(`找不到已构建的界面 ${index}。请先运行 npx electron-vite build，再运行 npx playwright test。`);
  }
}
