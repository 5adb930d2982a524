/**
 * The Codex device-code login as the seam's runner wants it (LoginRunners.deviceCode): start asks OpenAI for a
 * user code, each poll asks once whether it was approved and, when it was, exchanges the granted code and saves
 * the account. The shared waiter (providers/poll-login.ts) does the waiting, the CLI, admin API and dashboard the
 * showing.
 */
import type { DeviceCodeLogin, PollAnswer, PolledLoginOptions } from '../provider-module.js';
import { saveLogin } from './account.js';
import type { CodexRunConfig } from './config-schema.js';
import { DEVICE_CODE_TIMEOUT_MS, exchangeDeviceCode, pollDeviceCode, requestDeviceCode } from './device-code.js';
import { CodexOAuthError } from './oauth.js';

/** What a slow-down would add; OpenAI's endpoint never asks, but the schedule needs a value (RFC 8628 §3.5). */
const SLOW_DOWN_MS = 5_000;

export async function startCodexDeviceLogin(config: CodexRunConfig, options: PolledLoginOptions): Promise<DeviceCodeLogin> {
  const { oauth } = config.providers.codex;
  const deps = { timeoutMs: config.timeouts.refresh, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const started = await requestDeviceCode(oauth, { ...deps, ...(options.signal ? { signal: options.signal } : {}) });
  return {
    userCode: started.userCode,
    verificationUrl: started.verificationUrl,
    schedule: { intervalMs: started.intervalSeconds * 1000, slowDownMs: SLOW_DOWN_MS, expiresInMs: DEVICE_CODE_TIMEOUT_MS },
    async pollOnce(signal): Promise<PollAnswer> {
      try {
        const poll = await pollDeviceCode(oauth, started, { ...deps, signal });
        if (poll.status === 'pending') return { kind: 'pending' };
        const tokens = await exchangeDeviceCode(oauth, poll, deps);
        return { kind: 'done', account: await saveLogin(config, tokens, { source: 'login', renews: options.renews }) };
      } catch (error) {
        // A code OpenAI would not take ends the login; anything transient is polled again by the waiter.
        if (error instanceof CodexOAuthError && error.failure !== 'transient') return { kind: 'refused', reason: error.message };
        throw error;
      }
    },
  };
}
