import { describe, expect, it } from 'vitest';
import { FALLBACK_LINK, dataUrl, statusPageHtml, toolbarHtml, type LoginView } from './login-view.js';

function fromDataUrl(url: string): string {
  const prefix = 'data:text/html;charset=utf-8;base64,';
  expect(url.startsWith(prefix)).toBe(true);
  return Buffer.from(url.slice(prefix.length), 'base64').toString('utf8');
}

const views: LoginView[] = [
  { state: 'signing-in', provider: 'Claude' },
  { state: 'finishing', provider: 'Claude' },
  { state: 'in-browser', provider: 'Claude', reason: 'Google does not allow signing in inside apps', url: 'https://claude.ai/oauth/authorize?a=1&b=2' },
  { state: 'failed', provider: 'Claude', message: 'the authorization was declined on the sign-in page: start the login again' },
  { state: 'device-code', provider: 'ChatGPT', userCode: 'AB12-CD34', verificationUrl: 'https://auth.example.com/device?a=1&b=2' },
];

describe('login window views', () => {
  it('offers the browser fallback only while the person signs in', () => {
    expect(toolbarHtml(views[0]!)).toContain(`href="${FALLBACK_LINK}"`);
    expect(toolbarHtml(views[0]!)).toContain('Open in your browser instead');
    for (const view of views.slice(1)) expect(toolbarHtml(view)).not.toContain(FALLBACK_LINK);
  });

  it('shows a notice in place of the hint when there is one', () => {
    expect(toolbarHtml({ state: 'signing-in', provider: 'Claude', notice: 'The page did not load (ERR_INTERNET_DISCONNECTED).' })).toContain('The page did not load (ERR_INTERNET_DISCONNECTED).');
  });

  it('keeps the provider page while signing in and replaces it afterwards', () => {
    expect(statusPageHtml(views[0]!)).toBeNull();
    expect(statusPageHtml(views[1]!)).toContain('Finishing the login');
    const inBrowser = statusPageHtml(views[2]!)!;
    expect(inBrowser).toContain('<p>Google does not allow signing in inside apps.</p><p>Log in to Claude in your default browser');
    expect(inBrowser).toContain('<code>https://claude.ai/oauth/authorize?a=1&#38;b=2</code>');
    const asked = statusPageHtml({ state: 'in-browser', provider: 'Claude', reason: null, url: null })!;
    expect(asked).toContain('<h1>Continue in your browser</h1><p>Log in to Claude');
    expect(asked).toContain('Opening your browser…');
    expect(statusPageHtml(views[3]!)).toContain('<p>The authorization was declined on the sign-in page: start the login again.</p>');
    expect(statusPageHtml({ state: 'failed', provider: 'Claude', message: 'Nope.' })).toContain('<p>Nope.</p>');
  });

  it('escapes what came from the network and allows no scripts', () => {
    const html = statusPageHtml({ state: 'failed', provider: 'Claude', message: 'the page said "<script>alert(1)</script>"' })!;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    for (const view of views) {
      expect(toolbarHtml(view)).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`);
    }
  });

  it('packs a page into a data: URL', () => {
    expect(fromDataUrl(dataUrl('<p>é ✓</p>'))).toBe('<p>é ✓</p>');
  });

  it('shows a device code in large type, with the page to enter it on for another device', () => {
    const html = statusPageHtml({ state: 'device-code', provider: 'ChatGPT', userCode: 'AB12-CD34', verificationUrl: 'https://auth.example.com/device?a=1&b=2' }) ?? '';
    expect(html).toContain('<code class="user-code">AB12-CD34</code>');
    expect(html).toContain('<code>https://auth.example.com/device?a=1&#38;b=2</code>');
    expect(html).toContain('closing it cancels the login');
    expect(toolbarHtml({ state: 'device-code', provider: 'ChatGPT', userCode: 'AB12-CD34', verificationUrl: 'https://auth.example.com/device' })).toContain('Enter the code in your browser.');
  });
});
