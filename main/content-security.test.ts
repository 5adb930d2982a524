import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from './content-security.js';

function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();
}

describe('DASHBOARD_CSP', () => {
  it('is the policy of the built page, plus frame-ancestors (which only a header can set)', () => {
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(DASHBOARD_CSP)).toEqual(directives(`${meta}; frame-ancestors 'none'`));
  });

  it('allows no inline or remote code', () => {
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(DASHBOARD_CSP).toContain("object-src 'none'");
  });
});
