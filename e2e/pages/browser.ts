/**
 * Reading the page itself (layout, colours, the clipboard) for assertions that have no locator. Node's
 * type-check has no DOM library, so the few browser globals these functions use are declared here.
 */
import type { Page } from '@playwright/test';

interface BrowserGlobals {
  document: { scrollingElement: { scrollWidth: number } | null; body: object };
  window: { innerWidth: number };
  getComputedStyle(element: object): { backgroundColor: string; color: string };
  navigator: { clipboard: { readText(): Promise<string> } };
}

/** How wide the page's content is against the viewport: wider means a horizontal scroll bar. */
export function horizontalExtent(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const { document, window } = globalThis as unknown as BrowserGlobals;
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, innerWidth: window.innerWidth };
  });
}

/** The page background's relative luminance (0 black … 1 white), from the body's computed colour. */
export async function backgroundLuminance(page: Page): Promise<number> {
  const colour = await page.evaluate(() => {
    const browser = globalThis as unknown as BrowserGlobals;
    return browser.getComputedStyle(browser.document.body).backgroundColor;
  });
  const channels = /rgba?\((\d+), (\d+), (\d+)/.exec(colour);
  if (!channels) throw new Error(`the body's background is "${colour}", not an rgb() colour`);
  // WCAG 2 relative luminance.
  const [r, g, b] = channels.slice(1, 4).map((value) => {
    const c = Number(value) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** What the page's clipboard holds (the browser context needs the clipboard-read permission). */
export function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).navigator.clipboard.readText());
}
