import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_PAGE_URL, resolveAppAsset } from './app-asset.js';

const ROOT = join('/opt', 'Switchboard', 'dist', 'renderer');

describe('resolveAppAsset', () => {
  it('maps the page and its assets to files in the folder', () => {
    expect(resolveAppAsset(ROOT, APP_PAGE_URL)).toEqual({ path: join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(ROOT, 'app://dashboard/')).toEqual({ path: join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(ROOT, 'app://dashboard/assets/index-abc.js?x=1#y')).toEqual({ path: join(ROOT, 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppAsset(ROOT, 'app://dashboard/assets/My%20Font.woff2')?.path).toBe(join(ROOT, 'assets', 'My Font.woff2'));
  });

  it('never leaves the folder', () => {
    for (const url of [
      'app://dashboard/../../etc/passwd.txt',
      'app://dashboard/%2e%2e/%2e%2e/etc/passwd.txt',
      'app://dashboard/assets/..%2f..%2f..%2fsecret.json',
      'app://dashboard/%2e%2e%5c%2e%2e%5csecret.json',
      'app://dashboard/a%00.js',
    ]) {
      const resolved = resolveAppAsset(ROOT, url);
      if (resolved) expect(resolved.path.startsWith(`${ROOT}/`) || resolved.path.startsWith(`${ROOT}\\`)).toBe(true);
      else expect(resolved).toBeNull();
    }
    expect(resolveAppAsset(ROOT, 'app://dashboard/../../etc/passwd.txt')).not.toMatchObject({ path: '/etc/passwd.txt' });
  });

  it('serves only its own host, scheme and known file types', () => {
    expect(resolveAppAsset(ROOT, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(ROOT, 'file:///opt/Switchboard/dist/renderer/index.html')).toBeNull();
    expect(resolveAppAsset(ROOT, 'app://dashboard/index.js.map')).toBeNull();
    expect(resolveAppAsset(ROOT, 'app://dashboard/program.exe')).toBeNull();
    expect(resolveAppAsset(ROOT, 'app://dashboard/%E0%A4%A.js')).toBeNull();
    expect(resolveAppAsset(ROOT, 'not a url')).toBeNull();
  });
});
