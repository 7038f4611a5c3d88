import { describe, expect, it } from 'vitest';
import { judgeFindings, suppressions, type Finding } from '../../../scripts/electronegativity-policy.ts';

const finding = (id: string, file: string, severity: string): Finding => ({ id, file, line: 1, severity, confidence: 'FIRM', description: id });

describe('electronegativity policy', () => {
  it('fails any HIGH or MEDIUM finding that is not suppressed for that check in that file', () => {
    const verdict = judgeFindings([
      finding('CONTEXT_ISOLATION_JS_CHECK', 'electron/window.ts', 'HIGH'),
      finding('SANDBOX_JS_CHECK', 'electron/window.ts', 'MEDIUM'),
      finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'LOW'),
      finding('OPEN_EXTERNAL_JS_CHECK', 'electron/security.ts', 'MEDIUM'),
      // The same check in another file is not covered by the suppression.
      finding('OPEN_EXTERNAL_JS_CHECK', 'electron/print.ts', 'MEDIUM'),
    ]);
    expect(verdict.failing.map((f) => `${f.id} ${f.file}`)).toEqual([
      'CONTEXT_ISOLATION_JS_CHECK electron/window.ts',
      'SANDBOX_JS_CHECK electron/window.ts',
      'OPEN_EXTERNAL_JS_CHECK electron/print.ts',
    ]);
    expect(verdict.suppressed.map((s) => s.finding.file)).toEqual(['electron/security.ts']);
    expect(verdict.low).toHaveLength(1);
  });

  it('every suppression says why', () => {
    for (const rule of suppressions) expect(rule.reason.length).toBeGreaterThan(30);
  });
});
