import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../proxy/index.js';
import { configureLogging } from '../../proxy/log.js';
import { TEST_API_KEY, testConfig } from './harness.js';

/**
 * The running server gives back the memory of a load once it is quiet: served requests are followed by a
 * collection (when and how often: proxy/http/collect-after-load.test.ts).
 */
describe('memory after a load', () => {
  let switchboard: Switchboard;
  let url: string;
  let home: string;
  let collections = 0;
  let collected: () => void = () => {};

  beforeAll(async () => {
    configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
    home = mkdtempSync(join(tmpdir(), 'sb-it-memory-'));
    switchboard = createSwitchboard(testConfig(home), {
      afterLoad: {
        quietMs: 100,
        collect: async () => {
          collections++;
          collected();
        },
      },
    });
    const status = await switchboard.start();
    url = status.url!;
  });
  afterAll(async () => {
    await switchboard.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('collects once after requests were served and the server went quiet', async () => {
    const next = new Promise<void>((resolve) => (collected = resolve));
    const answers = await Promise.all(Array.from({ length: 4 }, () => fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })));
    for (const answer of answers) expect(answer.status).toBe(200);

    // Without the collection wired into the server, this waits until the test times out.
    await next;
    expect(collections).toBe(1);
  });
});
