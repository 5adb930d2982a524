import { describe, expect, it } from 'vitest';
import type { LoginFinishedEvent, LoginOutcomeView } from '../preload/contract.js';
import { createLoginRunner } from './login-runner.js';

function runner(login: () => Promise<LoginOutcomeView>) {
  const events: string[] = [];
  const announced: LoginFinishedEvent[] = [];
  const run = createLoginRunner({
    login: async (providerId, methodId) => {
      events.push(`login ${providerId}/${methodId}`);
      return login();
    },
    refreshAccounts: async () => {
      events.push('refresh accounts');
    },
    announce: (event) => {
      events.push('announce');
      announced.push(event);
    },
  });
  return { run, events, announced };
}

describe('createLoginRunner', () => {
  it('runs the hook, then reads the accounts again and tells the page', async () => {
    const { run, events, announced } = runner(async () => ({ status: 'done', accountId: 'anthropic-me' }));
    expect(await run('anthropic', 'oauth')).toEqual({ status: 'done', accountId: 'anthropic-me' });
    expect(events).toEqual(['login anthropic/oauth', 'refresh accounts', 'announce']);
    expect(announced).toEqual([{ providerId: 'anthropic', methodId: 'oauth', outcome: { status: 'done', accountId: 'anthropic-me' } }]);
  });

  it('passes cancelled and failed outcomes on as they are', async () => {
    expect(await runner(async () => ({ status: 'cancelled' })).run('anthropic', 'oauth')).toEqual({ status: 'cancelled' });
    expect(await runner(async () => ({ status: 'failed', message: 'The code expired: log in again.' })).run('anthropic', 'oauth')).toEqual({
      status: 'failed',
      message: 'The code expired: log in again.',
    });
  });

  it('turns a hook that throws into a failed outcome and still tells the page', async () => {
    const { run, announced } = runner(async () => Promise.reject(new Error('window crashed')));
    expect(await run('anthropic', 'oauth')).toEqual({ status: 'failed', message: 'The login stopped unexpectedly: window crashed' });
    expect(announced).toHaveLength(1);
  });
});
