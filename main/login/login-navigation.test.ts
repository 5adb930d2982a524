import { describe, expect, it } from 'vitest';
import type { EmbeddedRefusal } from '../desktop-providers.js';
import { SHARED_REFUSALS, decideNavigation, isBrowserLoginUrl, judgeCallback, parseCallback, refusalForPageText, type NavigationContext } from './login-navigation.js';

const REDIRECT = 'http://localhost:54545/callback';
const context: NavigationContext = { callback: { redirectUri: REDIRECT, state: 'state-1' }, refusals: SHARED_REFUSALS };

describe('parseCallback', () => {
  it('catches the registered redirect and reads code, state and error', () => {
    expect(parseCallback(`${REDIRECT}?code=abc&state=state-1`, REDIRECT)).toEqual({ code: 'abc', state: 'state-1', error: null, errorDescription: null });
    expect(parseCallback(`${REDIRECT}?error=access_denied&error_description=The+user+denied&state=s`, REDIRECT)).toEqual({
      code: null,
      state: 's',
      error: 'access_denied',
      errorDescription: 'The user denied',
    });
    expect(parseCallback(REDIRECT, REDIRECT)).toEqual({ code: null, state: null, error: null, errorDescription: null });
  });

  it('treats every loopback name as the loopback redirect', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) {
      expect(parseCallback(`http://${host}:54545/callback?code=c`, REDIRECT)?.code).toBe('c');
    }
    expect(parseCallback('http://localhost:54545/callback?code=c', 'http://127.0.0.1:54545/callback')?.code).toBe('c');
  });

  it('wants the same host when the redirect is not on loopback', () => {
    const registered = 'https://app.example.com/oauth/callback';
    expect(parseCallback('https://app.example.com/oauth/callback?code=c', registered)?.code).toBe('c');
    expect(parseCallback('https://app.example.com:443/oauth/callback?code=c', registered)?.code).toBe('c');
    expect(parseCallback('https://evil.example.com/oauth/callback?code=c', registered)).toBeNull();
    expect(parseCallback('https://localhost/oauth/callback?code=c', registered)).toBeNull();
  });

  it.each([
    ['another port', 'http://localhost:54546/callback?code=c'],
    ['no port (80)', 'http://localhost/callback?code=c'],
    ['another path', 'http://localhost:54545/callback/x?code=c'],
    ['a path prefix', 'http://localhost:54545/call?code=c'],
    ['https instead of http', 'https://localhost:54545/callback?code=c'],
    ['a remote host', 'http://example.com:54545/callback?code=c'],
    ['garbage', 'not a url'],
  ])('ignores %s', (_name, url) => {
    expect(parseCallback(url, REDIRECT)).toBeNull();
  });

  it('matches an explicit default port against none', () => {
    expect(parseCallback('http://localhost/cb?code=c', 'http://localhost:80/cb')?.code).toBe('c');
  });
});

describe('judgeCallback', () => {
  const params = { code: 'abc', state: 'state-1', error: null, errorDescription: null };

  it('finishes with the code when the state is ours', () => {
    expect(judgeCallback(params, 'state-1')).toEqual({ action: 'finish', code: 'abc' });
  });

  it('refuses another login’s answer', () => {
    const decision = judgeCallback({ ...params, state: 'other' }, 'state-1');
    expect(decision).toEqual({ action: 'fail', error: expect.stringContaining('does not belong to this login') });
    expect(judgeCallback({ ...params, state: null }, 'state-1').action).toBe('fail');
  });

  it('says a declined authorization in words', () => {
    expect(judgeCallback({ ...params, code: null, error: 'access_denied' }, 'state-1')).toEqual({
      action: 'fail',
      error: 'the authorization was declined on the sign-in page: start the login again and choose Authorize',
    });
  });

  it('names other errors with their description, shortened', () => {
    const long = 'x'.repeat(500);
    const decision = judgeCallback({ ...params, code: null, error: 'server_error', errorDescription: long }, 'state-1');
    expect(decision.action).toBe('fail');
    const error = decision.action === 'fail' ? decision.error : '';
    expect(error).toMatch(/^the sign-in page answered with the error "server_error" \(x+…\): start the login again$/);
    expect(error.length).toBeLessThan(300);
  });

  it('fails without a code', () => {
    expect(judgeCallback({ ...params, code: null }, 'state-1')).toEqual({ action: 'fail', error: expect.stringContaining('without an authorization code') });
  });
});

describe('decideNavigation', () => {
  it('finishes on the callback in the page or a popup, and blocks it from frames and scripts', () => {
    const url = `${REDIRECT}?code=abc&state=state-1`;
    expect(decideNavigation(url, 'main', context)).toEqual({ action: 'finish', code: 'abc' });
    expect(decideNavigation(url, 'popup', context)).toEqual({ action: 'finish', code: 'abc' });
    expect(decideNavigation(url, 'sub', context).action).toBe('block');
    expect(decideNavigation(url, 'resource', context).action).toBe('block');
  });

  it('fails on a callback with the wrong state or an error', () => {
    expect(decideNavigation(`${REDIRECT}?code=abc&state=evil`, 'main', context).action).toBe('fail');
    expect(decideNavigation(`http://127.0.0.1:54545/callback?error=access_denied&state=state-1`, 'main', context)).toMatchObject({
      action: 'fail',
      error: expect.stringContaining('declined'),
    });
  });

  it('lets ordinary sign-in pages and their resources through', () => {
    expect(decideNavigation('https://claude.ai/oauth/authorize?x=1', 'main', context)).toEqual({ action: 'continue' });
    expect(decideNavigation('https://cdn.example.com/app.js', 'resource', context)).toEqual({ action: 'continue' });
    expect(decideNavigation('http://localhost:54545/other', 'main', context)).toEqual({ action: 'continue' });
    expect(decideNavigation('about:blank', 'sub', context)).toEqual({ action: 'continue' });
    expect(decideNavigation('data:image/png;base64,AAAA', 'resource', context)).toEqual({ action: 'continue' });
  });

  it('falls back to the browser when the page or a popup goes to Google sign-in', () => {
    const google = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=x';
    expect(decideNavigation(google, 'main', context)).toEqual({ action: 'fallback', reason: 'Google does not allow signing in inside apps' });
    expect(decideNavigation(google, 'popup', context).action).toBe('fallback');
    expect(decideNavigation('https://accounts.google.com/v3/signin/identifier', 'main', context).action).toBe('fallback');
  });

  it('does not fall back for Google frames embedded in a sign-in page (e.g. the one-tap button)', () => {
    expect(decideNavigation('https://accounts.google.com/gsi/iframe/select', 'sub', context)).toEqual({ action: 'continue' });
    expect(decideNavigation('https://accounts.google.com/gsi/client', 'resource', context)).toEqual({ action: 'continue' });
  });

  it('applies a provider’s own refusals by host, subdomain and path', () => {
    const refusals: EmbeddedRefusal[] = [
      { host: '*.sso.example.com', reason: 'the SSO page refuses app windows' },
      { host: 'login.example.org', pathPrefix: '/embedded-blocked', reason: 'blocked' },
    ];
    const own = { ...context, refusals: [...SHARED_REFUSALS, ...refusals] };
    expect(decideNavigation('https://a.sso.example.com/start', 'main', own)).toEqual({ action: 'fallback', reason: 'the SSO page refuses app windows' });
    expect(decideNavigation('https://sso.example.com/start', 'main', own).action).toBe('continue');
    expect(decideNavigation('https://login.example.org/embedded-blocked/x', 'main', own).action).toBe('fallback');
    expect(decideNavigation('https://login.example.org/fine', 'main', own).action).toBe('continue');
    expect(decideNavigation('https://accounts.google.com/', 'main', own).action).toBe('fallback');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'cursor://anysphere.cursor-retrieval/login', 'ms-msdt:/id x', 'not a url'])('blocks %s', (url) => {
    expect(decideNavigation(url, 'main', context).action).toBe('block');
  });

  it('has no callback to catch for logins that end on their own', () => {
    const none: NavigationContext = { callback: null, refusals: SHARED_REFUSALS };
    expect(decideNavigation(`${REDIRECT}?code=abc&state=state-1`, 'main', none)).toEqual({ action: 'continue' });
  });
});

describe('refusalForPageText', () => {
  it('recognises the pages that refuse embedded views, whatever the case', () => {
    expect(refusalForPageText('Couldn’t sign you in\nThis browser or app may not be secure. Learn more', SHARED_REFUSALS)?.reason).toMatch(/inside apps/);
    expect(refusalForPageText('Error 403: DISALLOWED_USERAGENT', SHARED_REFUSALS)).not.toBeNull();
    expect(refusalForPageText('Log in to Claude\nContinue with email', SHARED_REFUSALS)).toBeNull();
  });

  it('uses a provider’s own phrases', () => {
    const refusals = [...SHARED_REFUSALS, { pageText: 'Embedded browsers are not supported', reason: 'the page does not support app windows' }];
    expect(refusalForPageText('Sorry! Embedded browsers are NOT supported here.', refusals)?.reason).toBe('the page does not support app windows');
  });
});

describe('isBrowserLoginUrl', () => {
  it('sends https and local http login pages to the browser, nothing else', () => {
    expect(isBrowserLoginUrl('https://claude.ai/oauth/authorize?x=1')).toBe(true);
    expect(isBrowserLoginUrl('http://127.0.0.1:4000/oauth/authorize')).toBe(true);
    expect(isBrowserLoginUrl('http://localhost:4000/oauth/authorize')).toBe(true);
    expect(isBrowserLoginUrl('http://example.com/oauth/authorize')).toBe(false);
    expect(isBrowserLoginUrl('https://user:pw@example.com/')).toBe(false);
    expect(isBrowserLoginUrl('file:///etc/passwd')).toBe(false);
    expect(isBrowserLoginUrl('ms-settings:')).toBe(false);
    expect(isBrowserLoginUrl('nonsense')).toBe(false);
  });
});
