/**
 * A provider module, in no registry, whose logins are the two waiting methods: a device code and a page that is
 * polled. Its functions talk to the stand-in login server (e2e/stand-ins/device-login.ts) and do only what a real
 * provider's do — start, and answer one poll — so the tests of the shared waiter, the CLI, the admin API and the
 * desktop app show that a provider with these methods needs nothing else (Codex's device code, Cursor's page).
 */
import { z } from 'zod';
import { TokenStore } from '../../../accounts/token-store.js';
import type { PageLogin, PollAnswer, PollSchedule, ProviderModule } from '../../provider-module.js';

export const DEVICE_LOGIN_PROVIDER = 'device-login';
export const PAGE_LOGIN_PROVIDER = 'page-login';

export interface DeviceLoginModuleOptions {
  /** The stand-in login server. */
  baseUrl: string;
  /** What a slow-down adds (the stand-in's default: 50 ms). */
  slowDownMs?: number;
  /** The page login's schedule (default: 20 ms growing ×1.5 up to 100 ms, 30 polls). */
  pageSchedule?: Partial<PollSchedule>;
  /** Declares the page login first, under another id and name: a second provider whose login is the page. */
  pageFirst?: boolean;
}

/** What the module's logins read of the config. */
interface RunConfig {
  'auth-dir': string;
}

const configSchema = z.strictObject({ enabled: z.boolean().default(true) });

export function deviceLoginModule(options: DeviceLoginModuleOptions) {
  const post = async (path: string, body: unknown, fetchFn: typeof fetch, signal?: AbortSignal) =>
    fetchFn(`${options.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });

  const save = async (config: RunConfig, renews: string | null, token: { access: string; email: string }): Promise<PollAnswer> => {
    const store = new TokenStore(config['auth-dir']);
    const data = { provider: options.pageFirst ? PAGE_LOGIN_PROVIDER : DEVICE_LOGIN_PROVIDER, access_token: token.access, email: token.email, source: 'login', logged_in_at: new Date().toISOString() };
    return { kind: 'done', account: await store.upsert(data, token.email, renews ? { into: renews } : {}) };
  };

  const device = { kind: 'device-code', id: 'device', label: 'Log in with a code' } as const;
  const page = { kind: 'poll', id: 'page', label: 'Log in on a web page' } as const;
  return {
    id: options.pageFirst ? PAGE_LOGIN_PROVIDER : DEVICE_LOGIN_PROVIDER,
    displayName: options.pageFirst ? 'Page Login' : 'Device Login',
    configSchema,
    accountPart: z.looseObject({}),
    credentialKinds: ['oauth'],
    protocol: 'anthropic-messages',
    loginMethods: options.pageFirst ? [page, device] : [device, page],
    logins: {
      deviceCode: {
        async start(config, { renews, fetch: fetchFn = fetch, signal }) {
          const response = await post('/device/code', {}, fetchFn, signal);
          if (!response.ok) throw new Error(`the login server answered ${response.status}`);
          const grant = (await response.json()) as { device_code: string; user_code: string; verification_uri: string; interval: number; expires_in: number };
          return {
            userCode: grant.user_code,
            verificationUrl: grant.verification_uri,
            schedule: { intervalMs: grant.interval * 1000, slowDownMs: options.slowDownMs ?? 50, expiresInMs: grant.expires_in * 1000 },
            async pollOnce(pollSignal) {
              const answer = await post('/device/token', { device_code: grant.device_code }, fetchFn, pollSignal);
              const body = (await answer.json()) as { error?: string; access_token?: string; email?: string };
              if (answer.ok && body.access_token) return save(config, renews, { access: body.access_token, email: body.email ?? 'unknown' });
              switch (body.error) {
                case 'authorization_pending':
                  return { kind: 'pending' };
                case 'slow_down':
                  return { kind: 'slow-down' };
                case 'expired_token':
                  return { kind: 'expired' };
                case 'access_denied':
                  return { kind: 'refused', reason: 'the login was declined on the verification page' };
                default:
                  return { kind: 'refused', reason: `the login server answered ${answer.status} ${body.error ?? ''}`.trim() };
              }
            },
          };
        },
      },
      poll: {
        async start(config, { renews, fetch: fetchFn = fetch, signal }): Promise<PageLogin> {
          const response = await post('/page/start', {}, fetchFn, signal);
          if (!response.ok) throw new Error(`the login server answered ${response.status}`);
          const page = (await response.json()) as { uuid: string; url: string };
          return {
            url: page.url,
            schedule: { intervalMs: 20, backoff: { factor: 1.5, maxIntervalMs: 100 }, slowDownMs: 0, expiresInMs: 5000, maxPolls: 30, ...options.pageSchedule },
            async pollOnce(pollSignal) {
              const answer = await fetchFn(`${options.baseUrl}/page/poll?uuid=${page.uuid}`, { signal: pollSignal });
              if (answer.status === 404) return { kind: 'pending' };
              const body = (await answer.json()) as { accessToken?: string; email?: string };
              if (!answer.ok || !body.accessToken) return { kind: 'refused', reason: `the login server answered ${answer.status}` };
              return save(config, renews, { access: body.accessToken, email: body.email ?? 'unknown' });
            },
          };
        },
      },
    },
    importers: [],
    policyNote: null,
    quotaSources: [],
    createTargets: () => [],
  } as const satisfies ProviderModule<string, typeof configSchema, RunConfig>;
}
