import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PageLogin, PolledLoginOptions, PollSchedule } from '../provider-module.js';
import { saveCursorLogin } from './account.js';
import { pollDeepLogin } from './auth-api.js';
import type { CursorRunConfig } from './config-schema.js';
import { readCursorPlan } from './usage-summary.js';

/** 1 s, ×1.2 per pending answer up to 10 s, at most 150 polls (raphapr src/lib/auth/login.ts). */
export const CURSOR_LOGIN_SCHEDULE: PollSchedule = {
  intervalMs: 1000,
  backoff: { factor: 1.2, maxIntervalMs: 10_000 },
  slowDownMs: 0,
  expiresInMs: 20 * 60 * 1000,
  maxPolls: 150,
};

/**
 * Cursor's deep-link login (PROTOCOLS.md §3 "Deep link"): a PKCE pair and a uuid make the page to open; the shared
 * waiter (providers/poll-login.ts) polls `/auth/poll` until the person has logged in there.
 */
export function startDeepLinkLogin(config: CursorRunConfig, options: PolledLoginOptions, schedule: PollSchedule = CURSOR_LOGIN_SCHEDULE): Promise<PageLogin> {
  const section = config.providers.cursor;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const uuid = randomUUID();
  const page = new URL(section['login-page-url']);
  page.search = new URLSearchParams({ challenge, uuid, mode: 'login', redirectTarget: 'cli' }).toString();
  const call = { baseUrl: section['auth-url'], fetch: options.fetch ?? fetch };
  return Promise.resolve({
    url: page.toString(),
    schedule,
    async pollOnce(signal) {
      const answer = await pollDeepLogin(call, uuid, verifier, signal);
      if (answer === null) return { kind: 'pending' };
      if ('refused' in answer) return { kind: 'refused', reason: answer.refused };
      const plan = await readCursorPlan({ baseUrl: section['auth-url'], accessToken: answer.accessToken, fetch: call.fetch, timeoutMs: config.timeouts.refresh });
      return { kind: 'done', account: await saveCursorLogin(config, answer, { source: 'login', details: { plan }, renews: options.renews }) };
    },
  });
}
