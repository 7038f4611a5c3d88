import { expect, login, test } from './fixtures.ts';

/**
 * Every test checks its pages for CSP violations (fixtures.ts). This one proves the check is
 * not blind: an inline style, which the policy forbids, must be caught.
 */
test('the CSP check catches a violation', async ({ page, browserMode, problems }) => {
  await login(page, browserMode, 'clerk');
  expect(problems.cspViolations).toEqual([]);
  await page.evaluate("document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' }))");
  await expect.poll(() => problems.cspViolations.length).toBeGreaterThan(0);
  expect(problems.cspViolations[0]).toContain('style-src');
  // Caught as intended; cleared so the fixture's own assertion checks the rest of the test.
  problems.cspViolations.length = 0;
  problems.consoleErrors.splice(0, problems.consoleErrors.length, ...problems.consoleErrors.filter((e) => !/Content Security Policy/.test(e)));
});
