/**
 * What the login window shows besides the provider's page: a strip at the top with where the login stands and
 * the "Open in your browser instead" link, and a page of our own once the provider's page is done with
 * (finishing, continuing in the browser, failed). Static HTML without scripts: the window has no preload, so the
 * link is a plain address that main catches before it loads (FALLBACK_LINK).
 */
import { assertNever } from '../assert-never.js';

export type LoginView =
  | { state: 'signing-in'; provider: string; notice?: string }
  | { state: 'finishing'; provider: string }
  /**
   * reason: why the window gave up (null: the person asked); url: the address opened in the browser, once known
   * (shown so it can be copied when no browser opened).
   */
  | { state: 'in-browser'; provider: string; reason: string | null; url: string | null }
  /** A device-code login: the code to enter on the provider's page, which the system browser opened. */
  | { state: 'device-code'; provider: string; userCode: string; verificationUrl: string }
  | { state: 'failed'; provider: string; message: string };

/** The toolbar link's address; `.invalid` never resolves (RFC 2606), and main cancels it anyway. */
export const FALLBACK_LINK = 'https://switchboard.invalid/open-in-browser';

/** Height of the toolbar strip in CSS pixels; the provider's page fills the rest of the window. */
export const TOOLBAR_HEIGHT = 44;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = [
  ':root{color-scheme:light dark;font:13px system-ui,-apple-system,"Segoe UI",sans-serif}',
  'body{margin:0}',
  '.bar{display:flex;align-items:center;gap:12px;height:' + TOOLBAR_HEIGHT + 'px;padding:0 12px;box-sizing:border-box;border-bottom:1px solid #8884}',
  '.bar p{margin:0;flex:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.bar a{white-space:nowrap;padding:4px 10px;border:1px solid #8888;border-radius:6px;color:inherit;text-decoration:none}',
  '.page{max-width:34rem;margin:3rem auto;padding:0 1.25rem;line-height:1.5}',
  '.page code{display:block;word-break:break-all;padding:.5rem;border:1px solid #8884;border-radius:6px;user-select:all}',
  '.page .user-code{display:inline-block;font:600 2rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.12em;padding:.4rem .9rem;margin:.25rem 0}',
].join('');

export function toolbarHtml(view: LoginView): string {
  switch (view.state) {
    case 'signing-in': {
      const text = view.notice ?? `Log in to ${view.provider} in this window.`;
      return document(`Log in to ${view.provider}`, `<div class="bar"><p>${escapeHtml(text)}</p><a href="${FALLBACK_LINK}">Open in your browser instead</a></div>`);
    }
    case 'finishing':
      return bar(view.provider, 'Finishing the login…');
    case 'in-browser':
      return bar(view.provider, 'Continue in your browser. Closing this window cancels the login.');
    case 'device-code':
      return bar(view.provider, 'Enter the code in your browser. Closing this window cancels the login.');
    case 'failed':
      return bar(view.provider, 'The login did not work.');
    default:
      return assertNever(view, 'login view');
  }
}

/** The page shown in place of the provider's; null while the person signs in on the provider's page. */
export function statusPageHtml(view: LoginView): string | null {
  switch (view.state) {
    case 'signing-in':
      return null;
    case 'finishing':
      return page('Finishing the login…', [`Switchboard is exchanging ${view.provider}’s authorization for tokens. This window closes when it is done.`]);
    case 'in-browser':
      return page(
        'Continue in your browser',
        [
          ...(view.reason ? [sentence(view.reason)] : []),
          `Log in to ${view.provider} in your default browser and choose Authorize there. This window closes by itself when you are done; closing it cancels the login.`,
          view.url ? 'If no browser opened, open this address on this computer:' : 'Opening your browser…',
        ],
        view.url,
      );
    case 'device-code':
      return document(
        'Enter this code',
        [
          '<main class="page">',
          '<h1>Enter this code</h1>',
          `<p>${escapeHtml(`Your browser opened the ${view.provider} page. Log in there and enter this code:`)}</p>`,
          `<code class="user-code">${escapeHtml(view.userCode)}</code>`,
          `<p>${escapeHtml('This window closes by itself when you are done; closing it cancels the login. If no browser opened, open this address on any device:')}</p>`,
          `<code>${escapeHtml(view.verificationUrl)}</code>`,
          '</main>',
        ].join(''),
      );
    case 'failed':
      return page('The login did not work', [sentence(view.message), 'Close this window and start the login again from the Switchboard menu.']);
    default:
      return assertNever(view, 'login view');
  }
}

/** A page for loadURL: data: keeps it off the network and out of every file on disk. */
export function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}

function bar(provider: string, text: string): string {
  return document(`Log in to ${provider}`, `<div class="bar"><p>${escapeHtml(text)}</p></div>`);
}

function page(title: string, paragraphs: string[], address: string | null = null): string {
  const body = [`<h1>${escapeHtml(title)}</h1>`, ...paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`), ...(address ? [`<code>${escapeHtml(address)}</code>`] : [])];
  return document(title, `<main class="page">${body.join('')}</main>`);
}

function document(title: string, body: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body>${body}</body></html>`,
  ].join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sentence(text: string): string {
  const capitalized = capitalize(text.trim());
  return /[.!?…]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
