/** The small HTML pages the loopback listener answers the browser with (everything echoed is escaped). */
export function failurePage(error: unknown): string {
  return page('Switchboard: login failed', `${describeError(error)}. You can close this tab.`);
}

export function page(title: string, message: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(message)}</p>`,
    '</body></html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
