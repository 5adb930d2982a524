import { describe, expect, it } from 'vitest';
import type { Account } from '../accounts/account-file.js';
import { LoginError } from './login-error.js';
import { pasteLogin, pasteLoginInTerminal, type PasteAttempt } from './paste-login.js';

const account = (id: string) => ({ id, path: `/auth/${id}.json`, data: { provider: 'test' } }) as unknown as Account;

/** An attempt whose pastes are `good`, `refused` (the provider ends the attempt), `flaky` (try again) or `broken`. */
function attempt(url = 'https://example.test/login'): PasteAttempt<string> & { exchanged: string[]; release?: () => void } {
  const state: PasteAttempt<string> & { exchanged: string[]; release?: () => void } = {
    url,
    renews: null,
    exchanged: [],
    read(pasted) {
      const answer = pasted.trim();
      if (!answer) throw new LoginError('nothing was pasted', { recovery: 'paste-again' });
      return answer;
    },
    async exchange(answer) {
      state.exchanged.push(answer);
      if (answer === 'slow') await new Promise<void>((resolve) => (state.release = resolve));
      if (answer === 'refused') throw new LoginError('the provider refused the code', { recovery: 'start-again' });
      if (answer === 'flaky') throw new LoginError('the provider did not answer', { recovery: 'paste-again' });
      if (answer === 'broken') throw new Error('the account file could not be written');
      return account(`account-${answer}`);
    },
  };
  return state;
}

describe('one paste login attempt', () => {
  it('a paste that cannot be an answer, or an exchange to try again, leaves it waiting; the next paste logs in', async () => {
    const made = attempt();
    const login = pasteLogin(made);
    await expect(login.finish('   ')).rejects.toMatchObject({ recovery: 'paste-again', message: 'nothing was pasted' });
    expect(made.exchanged).toEqual([]);
    await expect(login.finish('flaky')).rejects.toMatchObject({ recovery: 'paste-again' });
    expect(login.over).toBe(false);
    expect((await login.finish(' good ')).id).toBe('account-good');
    expect(made.exchanged).toEqual(['flaky', 'good']);
    expect(login.over).toBe(true);
  });

  it('ends when the provider refuses, when the account is saved, and when anything else fails; no paste is taken after', async () => {
    for (const ending of ['refused', 'good', 'broken']) {
      const login = pasteLogin(attempt());
      await login.finish(ending).catch(() => undefined);
      expect(login.over).toBe(true);
      await expect(login.finish('good')).rejects.toMatchObject({ recovery: 'start-again', message: 'this login is over: start a new one for a fresh link' });
    }
  });

  it('exchanges one paste at a time', async () => {
    const made = attempt();
    const login = pasteLogin(made);
    const first = login.finish('slow');
    expect(login.finishing).toBe(true);
    await expect(login.finish('good')).rejects.toMatchObject({ recovery: 'paste-again', message: 'this login is being finished right now: wait for it to end' });
    made.release?.();
    expect((await first).id).toBe('account-slow');
    expect(login.finishing).toBe(false);
    expect(made.exchanged).toEqual(['slow']);
  });
});

describe('a paste login in a terminal', () => {
  const texts = { intro: (url: string) => `Open ${url}`, prompt: 'Code: ', fresh: (url: string) => `Fresh: ${url}` };

  it('asks again on the same attempt after a wrong paste, and starts a new attempt after a refusal', async () => {
    const printed: string[] = [];
    const prompts: string[] = [];
    const lines = ['', 'refused', 'good'];
    let started = 0;
    const opened: string[] = [];
    const result = await pasteLoginInTerminal(
      () => pasteLogin(attempt(`https://example.test/login/${++started}`)),
      { print: (text) => printed.push(text), readLine: (prompt) => (prompts.push(prompt), Promise.resolve(lines.shift() ?? '')) },
      texts,
      (url) => opened.push(url),
    );
    expect(result.id).toBe('account-good');
    expect(printed).toEqual([
      'Open https://example.test/login/1',
      'That did not work: nothing was pasted.',
      'That did not work: the provider refused the code.',
      'Fresh: https://example.test/login/2',
    ]);
    expect(prompts).toEqual(['Code: ', 'Code: ', 'Code: ']);
    expect(opened).toEqual(['https://example.test/login/1']);
  });

  it('ends with the error of a failure that is no login error, and with the error of readLine', async () => {
    const io = (lines: string[]) => ({ print: () => undefined, readLine: () => (lines.length ? Promise.resolve(lines.shift()!) : Promise.reject(new Error('stdin closed'))) });
    await expect(pasteLoginInTerminal(() => pasteLogin(attempt()), io(['broken']), texts)).rejects.toThrow('the account file could not be written');
    await expect(pasteLoginInTerminal(() => pasteLogin(attempt()), io(['flaky']), texts)).rejects.toThrow('stdin closed');
  });
});
