import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * gen/ is generated from proto/ by `npm run proto:generate` and never hand-edited: regenerating it into a temporary
 * folder must give exactly the files that are committed.
 */
const root = new URL('../../..', import.meta.url).pathname;
const folder = 'proxy/protocols/cursor-agent';
const committed = join(root, folder, 'gen');

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((found) => found.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return files;
}

describe('the code generated from our .proto', () => {
  let scratch = '';
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is exactly what proto:generate writes today', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'switchboard-proto-'));
    await promisify(execFile)(join(root, 'node_modules/.bin/buf'), ['generate', folder, '--template', `${folder}/buf.gen.yaml`, '-o', scratch], { cwd: root });
    const fresh = await filesUnder(join(scratch, folder, 'gen'));
    const current = await filesUnder(committed);
    expect([...current.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh) expect(current.get(path), `${path} is stale: run npm run proto:generate`).toBe(text);
  });
});
