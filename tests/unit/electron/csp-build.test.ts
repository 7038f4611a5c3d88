/**
 * The BUILT renderer page, as the window loads it: the CSP is in it, strict, and ahead of any
 * script; no inline script or inline event handler exists. Builds first if out/ is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-main/domain/security/csp.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const indexHtml = join(root, 'out', 'renderer', 'index.html');
let html = '';

beforeAll(() => {
  if (!existsSync(indexHtml)) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'pipe',
    });
  }
  html = readFileSync(indexHtml, 'utf8');
}, 300_000);

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

function cspMetaTags(): string[] {
  return [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => attribute(tag, 'http-equiv')?.toLowerCase() === 'content-security-policy');
}

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe('the built out/renderer/index.html', () => {
  it('carries exactly one CSP meta tag, the one from csp.ts', () => {
    const tags = cspMetaTags();
    expect(tags).toHaveLength(1);
    expect(attribute(tags[0]!, 'content')).toBe(contentSecurityPolicy);
  });

  it('the CSP is strict', () => {
    const policy = attribute(cspMetaTags()[0]!, 'content') ?? '';
    const csp = directives(policy);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain("'unsafe-hashes'");
    expect(policy).not.toContain("'wasm-unsafe-eval'");
    for (const [name, sources] of csp) {
      expect(sources, name).not.toContain('*');
      expect(sources.filter((s) => /^(https?:|ws:|wss:)$/i.test(s)), name).toEqual([]);
    }
  });

  it('the CSP comes before any script, so it governs all of them', () => {
    const cspAt = html.search(/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy/i);
    const firstScript = html.search(/<script\b/i);
    expect(cspAt).toBeGreaterThanOrEqual(0);
    if (firstScript >= 0) expect(cspAt).toBeLessThan(firstScript);
  });

  it('has no inline <script> — every script has a same-origin src — and no inline event handler', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      const src = attribute(`<script ${attrs}>`, 'src');
      expect(src, `inline script: ${body?.slice(0, 80)}`).toBeTruthy();
      expect(src).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
      expect(body?.trim()).toBe('');
    }
    // An unclosed or self-closed <script> without src would slip past the pattern above.
    expect((html.match(/<script\b/gi) ?? []).length).toBe(scripts.length);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });
});
