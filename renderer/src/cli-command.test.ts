import { describe, expect, it } from 'vitest';
import { cliCommand, learnCliCommand } from './cli-command';

const answering = (body: unknown) => (async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })) as typeof fetch;

describe('cliCommand', () => {
  it('names the installed command until the proxy says otherwise, and keeps it when the proxy cannot say', async () => {
    expect(cliCommand('key show')).toBe('switchboard key show');
    await learnCliCommand((async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await learnCliCommand(answering({ status: 'ok' }));
    expect(cliCommand('key show')).toBe('switchboard key show');
  });

  it('follows the way the proxy reports that its CLI is run', async () => {
    await learnCliCommand(answering({ status: 'ok', cli: 'npm run switchboard --' }));
    expect(cliCommand('login anthropic')).toBe('npm run switchboard -- login anthropic');
  });
});
