import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountFileName } from './account-file.js';
import writeFileAtomic from 'write-file-atomic';
import { STALE_TEMP_FILE_MS, TokenStore } from './token-store.js';

const account = { provider: 'anthropic' as const, access_token: 'sk-ant-oat01-a', refresh_token: 'sk-ant-ort01-r', email: 'me@example.com' };

describe('TokenStore', () => {
  it('writes account files with mode 0600 and leaves no temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    const store = new TokenStore(dir);
    const saved = await store.upsert(account, 'me@example.com');
    expect(saved.id).toBe('anthropic-me@example.com');
    expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['anthropic-me@example.com.json']);
    expect(JSON.parse(readFileSync(saved.path, 'utf8'))).toMatchObject({ ...account, created_at: expect.any(String), updated_at: expect.any(String) });
  });

  it('keeps keys it does not know, and tightens a file someone made world-readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    const path = join(dir, 'anthropic-x.json');
    writeFileSync(path, JSON.stringify({ ...account, written_by: 'another-tool' }));
    chmodSync(path, 0o644);
    const store = new TokenStore(dir);
    const [loaded] = (await store.list()).accounts;
    await store.save({ id: loaded!.id, data: { ...loaded!.data, access_token: 'sk-ant-oat01-b' } });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ access_token: 'sk-ant-oat01-b', written_by: 'another-tool' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('skips files that are not valid accounts and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    writeFileSync(join(dir, 'broken.json'), '{not json');
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ provider: 'anthropic' }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { accounts, invalid } = await new TokenStore(dir).list();
    expect(accounts).toEqual([]);
    expect(invalid.map((file) => file.problem)).toEqual([expect.stringMatching(/^not JSON/), expect.stringMatching(/access_token/)]);
  });

  it('refuses an access token that cannot go into a header, without repeating it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    writeFileSync(join(dir, 'damaged.json'), JSON.stringify({ ...account, access_token: 'sk-ant-oat01-secret\npart' }));
    const { accounts, invalid } = await new TokenStore(dir).list();
    expect(accounts).toEqual([]);
    expect(invalid[0]!.problem).toMatch(/^access_token: must be printable ASCII without spaces/);
    expect(invalid[0]!.problem).not.toContain('secret');
  });

  it('refuses to write invalid data over a good file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    const store = new TokenStore(dir);
    const saved = await store.upsert(account, 'me@example.com');
    await expect(store.save({ id: saved.id, data: { ...saved.data, access_token: '' } })).rejects.toThrow();
    expect(JSON.parse(readFileSync(saved.path, 'utf8')).access_token).toBe('sk-ant-oat01-a');
  });

  it('removes the temporary files of writes that never finished, once they are stale, and never lists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-auth-'));
    const store = new TokenStore(dir);
    const saved = await store.upsert(account, 'me@example.com');
    // What a kill -9 between write and rename leaves: write-file-atomic's own temporary name, holding the tokens.
    const leftover = (writeFileAtomic as unknown as { _getTmpname(name: string): string })._getTmpname(saved.path);
    const fresh = `${saved.path}.42`;
    for (const path of [leftover, fresh]) writeFileSync(path, readFileSync(saved.path), { mode: 0o600 });
    const longAgo = (Date.now() - STALE_TEMP_FILE_MS - 1000) / 1000;
    utimesSync(leftover, longAgo, longAgo);
    writeFileSync(join(dir, 'notes.json.bak'), 'not ours');
    utimesSync(join(dir, 'notes.json.bak'), longAgo, longAgo);

    const { accounts, invalid } = await store.list();
    expect(accounts.map((found) => found.id)).toEqual(['anthropic-me@example.com']);
    expect(invalid).toEqual([]);

    expect(await store.removeStaleTempFiles()).toEqual([leftover.slice(dir.length + 1)]);
    // The young one may be another process's write in progress; other files are not ours to remove.
    expect(readdirSync(dir).sort()).toEqual(['anthropic-me@example.com.json', 'anthropic-me@example.com.json.42', 'notes.json.bak']);
  });

  it('makes file names safe on every OS', () => {
    expect(accountFileName('anthropic', 'Me+Work@Example.com')).toBe('anthropic-me-work@example.com.json');
    expect(accountFileName('anthropic', '../../etc/passwd')).toBe('anthropic-..-..-etc-passwd.json');
  });
});
