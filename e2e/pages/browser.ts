/**
 * Reading the page itself (layout, colours, the clipboard) for assertions that have no locator. Node's
 * type-check has no DOM library, so the few browser globals these functions use are declared here.
 */
import type { Locator, Page } from '@playwright/test';

interface SelectLike {
  id: string;
  offsetWidth: number;
  labels: ArrayLike<{ textContent: string | null }> | null;
  cloneNode(deep: boolean): SelectLike & { style: Record<string, string>; remove(): void };
}

interface FieldLike {
  type: string;
  value: string;
  placeholder: string;
  clientWidth: number;
  id: string;
  labels: ArrayLike<{ textContent: string | null }> | null;
  getClientRects(): ArrayLike<unknown>;
}

interface SpanLike {
  textContent: string | null;
  style: Record<string, string>;
  getBoundingClientRect(): Box;
  remove(): void;
}

interface TextNodeLike {
  textContent: string | null;
}

interface RangeLike {
  setStart(node: TextNodeLike, offset: number): void;
  setEnd(node: TextNodeLike, offset: number): void;
  getClientRects(): ArrayLike<{ top: number; height: number }>;
}

interface BrowserGlobals {
  document: {
    scrollingElement: { scrollWidth: number } | null;
    body: { append(node: object): void };
    querySelectorAll(selector: 'input'): ArrayLike<FieldLike>;
    querySelectorAll(selector: string): ArrayLike<SelectLike>;
    createRange(): RangeLike;
    createElement(tag: 'span'): SpanLike;
    createTreeWalker(root: object, whatToShow: number): { nextNode(): TextNodeLike | null };
  };
  NodeFilter: { SHOW_TEXT: number };
  window: { innerWidth: number; innerHeight: number; scrollBy(x: number, y: number): void };
  getComputedStyle(element: object): {
    backgroundColor: string;
    color: string;
    overflowX: string;
    overflowY: string;
    font: string;
    letterSpacing: string;
    paddingLeft: string;
    paddingRight: string;
  };
  navigator: { clipboard: { readText(): Promise<string> } };
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

interface ElementLike {
  getBoundingClientRect(): Box;
  parentElement: ElementLike | null;
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
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

/**
 * Why an element is not wholly on screen sideways — outside the window, cut off by a box that hides or scrolls
 * its overflow (a table in a sideways-scrolling box, say), or its own text cut short — or null when it is
 * all there. Only the page scrolls, and only down to it: below the fold is fine, off to the side (even in a box
 * one could scroll sideways) is not.
 */
export async function whyNotFullyShown(element: Locator): Promise<string | null> {
  await element.waitFor();
  return element.evaluate((node) => {
    const browser = globalThis as unknown as BrowserGlobals;
    const target = node as unknown as ElementLike;
    const top = target.getBoundingClientRect().top;
    browser.window.scrollBy(0, top - browser.window.innerHeight / 3);
    const box = target.getBoundingClientRect();
    const name = (el: ElementLike) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}>`;
    if (box.width === 0 || box.height === 0) return `${name(target)} has no size`;
    if (box.left < 0 || box.right > browser.window.innerWidth + 0.5) {
      return `${name(target)} spans ${Math.round(box.left)}–${Math.round(box.right)} px in a ${browser.window.innerWidth} px window`;
    }
    for (let parent = target.parentElement; parent; parent = parent.parentElement) {
      const style = browser.getComputedStyle(parent);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const frame = parent.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) return `${name(target)} is cut off by ${name(parent)} (overflow ${style.overflowX})`;
    }
    const style = browser.getComputedStyle(node);
    const hides = style.overflowX !== 'visible' || style.overflowY !== 'visible';
    if (hides && (target.scrollWidth > target.clientWidth + 1 || target.scrollHeight > target.clientHeight + 1)) return `the text of ${name(target)} is cut short`;
    return null;
  });
}

/**
 * The labels of the drop-downs on the page drawn narrower than their longest choice (so a choice is cut off):
 * each is measured against a copy of itself left at its natural width.
 */
export function truncatedSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    const cut: string[] = [];
    for (const select of Array.from(document.querySelectorAll('select'))) {
      const natural = select.cloneNode(true);
      Object.assign(natural.style, { width: 'auto', minWidth: '0', maxWidth: 'none', position: 'absolute', visibility: 'hidden' });
      document.body.append(natural);
      if (select.offsetWidth + 1 < natural.offsetWidth) cut.push(select.labels?.[0]?.textContent ?? select.id);
      natural.remove();
    }
    return cut;
  });
}

/**
 * An element's text as the lines the browser drew it on, top to bottom, each trimmed: where it wrapped. Measured a
 * character at a time, so a word broken in two shows as a line that starts mid-word.
 */
export async function renderedLines(element: Locator): Promise<string[]> {
  await element.waitFor();
  return element.evaluate((node) => {
    const { document, NodeFilter } = globalThis as unknown as BrowserGlobals;
    const lines: { top: number; text: string }[] = [];
    const range = document.createRange();
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const content = text.textContent ?? '';
      for (let i = 0; i < content.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const box = range.getClientRects()[0];
        // Collapsed white space has no box.
        if (!box) continue;
        const line = lines.at(-1);
        if (line && Math.abs(box.top - line.top) < box.height / 2) line.text += content[i];
        else lines.push({ top: box.top, text: content[i] ?? '' });
      }
    }
    return lines.map((line) => line.text.trim()).filter((line) => line !== '');
  });
}

/**
 * The text fields on screen whose text — their value, or their placeholder while empty — is wider than the room
 * inside them, so part of it is cut off: "Haiku model: e.g. claude-haiku-4-5-20…". Each as "label: text".
 * Measured with a copy of the text in the field's own font.
 */
export function cutOffFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const browser = globalThis as unknown as BrowserGlobals;
    const { document } = browser;
    // Fields that show their text; a checkbox's value ("on") is not shown.
    const TEXT_TYPES = ['text', 'search', 'email', 'url', 'tel', 'password', 'number'];
    const cut: string[] = [];
    for (const field of Array.from(document.querySelectorAll('input'))) {
      const text = field.value || field.placeholder;
      if (!TEXT_TYPES.includes(field.type) || text === '' || field.getClientRects().length === 0) continue;
      const style = browser.getComputedStyle(field);
      const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const copy = document.createElement('span');
      Object.assign(copy.style, { font: style.font, letterSpacing: style.letterSpacing, whiteSpace: 'pre', position: 'absolute', visibility: 'hidden' });
      copy.textContent = text;
      document.body.append(copy);
      const needed = copy.getBoundingClientRect().width;
      copy.remove();
      if (needed > room + 0.5) cut.push(`${field.labels?.[0]?.textContent?.trim() || field.id}: ${text}`);
    }
    return cut;
  });
}
