import type { Page } from '@playwright/test';
import { demoPassword, expect } from './fixtures.ts';

/**
 * Calls the API from inside the page, as the page's own client does (same origin, the launch
 * token it keeps in sessionStorage), with a session of its own. Written as a string: the e2e
 * code is type-checked without DOM types.
 */
export async function api<T>(page: Page, token: string | null, name: string, input: unknown): Promise<T> {
  const script = `(async () => {
    const headers = { 'content-type': 'application/json', 'x-onewindow-launch': sessionStorage.getItem('onewindow.launch') || '' };
    const token = ${JSON.stringify(token)};
    if (token) headers.authorization = 'Bearer ' + token;
    const response = await fetch('/api/' + ${JSON.stringify(name)}, { method: 'POST', headers, body: ${JSON.stringify(JSON.stringify(input))} });
    return await response.json();
  })()`;
  const result = (await page.evaluate(script)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

export async function clerkToken(page: Page): Promise<string> {
  const session = await api<{ token: string }>(page, null, 'session/login', { username: 'clerk', password: demoPassword });
  return session.token;
}

/** Opens the print view of a case and waits for its QR code and fonts. */
export async function openPrint(page: Page, caseId: string, document: 'acceptance' | 'notice' | 'refusal' | 'handover'): Promise<void> {
  // The session lives in the page's memory: change the route, do not reload.
  await page.evaluate(`location.hash = ${JSON.stringify(`#/print/${caseId}/${document}`)}`);
  const qr = page.getByTestId('print-qr');
  await expect(qr).toBeVisible();
  await expect
    .poll(() => page.evaluate(`(() => { const img = document.querySelector('[data-testid="print-qr"]'); return !!img && img.complete && img.naturalWidth > 0; })()`))
    .toBe(true);
  await page.evaluate('document.fonts.ready.then(() => true)');
}
