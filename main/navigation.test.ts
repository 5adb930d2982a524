import { describe, expect, it } from 'vitest';
import { chooseDashboardUrl, isAllowedExternalUrl, isAppUrl, isSameOrigin, parseDevRendererUrl } from './navigation.js';

describe('isAllowedExternalUrl', () => {
  it('allows plain https links', () => {
    expect(isAllowedExternalUrl('https://docs.anthropic.com/en/api')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/x/y?tab=readme#top')).toBe(true);
  });

  it.each([
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'vscode://file/tmp/x',
    'ms-msdt:/id PCWDiagnostic',
    'smb://host/share',
    'https://user:secret@example.com/',
    'https://user@example.com/',
    'not a url',
    '',
    '//example.com',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('isSameOrigin', () => {
  it('compares scheme, host and port', () => {
    expect(isSameOrigin('http://127.0.0.1:8317/', 'http://127.0.0.1:8317/v1/models?x=1')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8317/', 'http://127.0.0.1:8318/')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8317/', 'https://127.0.0.1:8317/')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8317/', 'http://localhost:8317/')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:80/', 'http://127.0.0.1/')).toBe(true);
  });

  it('never matches opaque origins or garbage', () => {
    expect(isSameOrigin('file:///a/index.html', 'file:///a/index.html')).toBe(false);
    expect(isSameOrigin('about:blank', 'about:blank')).toBe(false);
    expect(isSameOrigin('data:text/plain,x', 'data:text/plain,x')).toBe(false);
    expect(isSameOrigin('nonsense', 'nonsense')).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts any path on the proxy origin', () => {
    expect(isAppUrl('http://127.0.0.1:8317/#/keys', 'http://127.0.0.1:8317/')).toBe(true);
    expect(isAppUrl('https://evil.example/', 'http://127.0.0.1:8317/')).toBe(false);
  });

  it('accepts only the very file for the offline page', () => {
    const page = 'file:///opt/Switchboard/resources/app.asar/dist/renderer/index.html';
    expect(isAppUrl(`${page}#x`, page)).toBe(true);
    expect(isAppUrl(`${page}?q=1`, page)).toBe(true);
    expect(isAppUrl('file:///opt/Switchboard/resources/app.asar/dist/renderer/other.html', page)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', page)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:8317/', page)).toBe(false);
  });

  it('accepts any path of the offline page\'s app:// host, and nothing else', () => {
    const page = 'app://dashboard/index.html';
    expect(isAppUrl('app://dashboard/index.html#/accounts', page)).toBe(true);
    expect(isAppUrl('app://dashboard/assets/index.js', page)).toBe(true);
    expect(isAppUrl('app://other/index.html', page)).toBe(false);
    expect(isAppUrl('file:///index.html', page)).toBe(false);
    expect(isAppUrl('http://dashboard/index.html', page)).toBe(false);
    expect(isAppUrl('app://dashboard/index.html', 'http://127.0.0.1:8317/')).toBe(false);
  });

  it('ignores the case of a Windows drive letter', () => {
    expect(isAppUrl('file:///c:/Program%20Files/Switchboard/index.html', 'file:///C:/Program%20Files/Switchboard/index.html')).toBe(true);
  });
});

describe('parseDevRendererUrl', () => {
  it('is off when unset or empty', () => {
    expect(parseDevRendererUrl(undefined)).toEqual({ url: null, problem: null });
    expect(parseDevRendererUrl('  ')).toEqual({ url: null, problem: null });
  });

  it('accepts a dev server on this machine', () => {
    expect(parseDevRendererUrl('http://127.0.0.1:5173')).toEqual({ url: 'http://127.0.0.1:5173/', problem: null });
    expect(parseDevRendererUrl('http://localhost:5173/')).toEqual({ url: 'http://localhost:5173/', problem: null });
    expect(parseDevRendererUrl('http://[::1]:5173/').url).toBe('http://[::1]:5173/');
  });

  it('refuses remote hosts and other schemes', () => {
    expect(parseDevRendererUrl('https://example.com').url).toBeNull();
    expect(parseDevRendererUrl('https://example.com').problem).toMatch(/this machine/);
    expect(parseDevRendererUrl('file:///tmp/index.html').url).toBeNull();
    expect(parseDevRendererUrl('nonsense').problem).toMatch(/not an http/);
  });
});

describe('chooseDashboardUrl', () => {
  const offlinePageUrl = 'file:///app/dist/renderer/index.html';

  it('shows the proxy\'s page at `/`, and only an http(s) one', () => {
    expect(chooseDashboardUrl({ devUrl: null, proxyUrl: 'http://127.0.0.1:8317/some/path?x#y', offlinePageUrl })).toBe('http://127.0.0.1:8317/');
    expect(chooseDashboardUrl({ devUrl: null, proxyUrl: 'ftp://127.0.0.1/', offlinePageUrl })).toBe(offlinePageUrl);
  });

  it('prefers the dev server, then the running proxy, then the offline page', () => {
    expect(chooseDashboardUrl({ devUrl: 'http://127.0.0.1:5173/', proxyUrl: 'http://127.0.0.1:8317', offlinePageUrl })).toBe('http://127.0.0.1:5173/');
    expect(chooseDashboardUrl({ devUrl: null, proxyUrl: 'http://127.0.0.1:8317', offlinePageUrl })).toBe('http://127.0.0.1:8317/');
    expect(chooseDashboardUrl({ devUrl: null, proxyUrl: null, offlinePageUrl })).toBe(offlinePageUrl);
  });
});
