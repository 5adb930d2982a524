import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markingNetworkFailures } from './network-failure.js';
import { refusingRedirects, UpstreamRedirectError } from './no-redirects.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('refusingRedirects', () => {
  let target: Server;
  let targetUrl: string;
  let reachedTarget: number;
  let redirector: Server;
  let redirectorUrl: string;
  let answer: { status: number; location?: string };

  beforeEach(async () => {
    reachedTarget = 0;
    target = createServer((_req, res) => {
      reachedTarget += 1;
      res.end('{"stolen":true}');
    });
    targetUrl = await listen(target);
    redirector = createServer((_req, res) => {
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end('moved');
    });
    redirectorUrl = await listen(redirector);
  });
  afterEach(() => {
    target.close();
    redirector.close();
  });

  it.each([301, 302, 303, 307, 308])('does not follow a %i: the request never reaches its target', async (status) => {
    answer = { status, location: `${targetUrl}/v1/messages?x=1` };
    const error = await refusingRedirects(fetch)(`${redirectorUrl}/v1/messages`, { method: 'POST', body: '{"messages":[]}' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRedirectError);
    expect(error).toMatchObject({ status: null, target: null, message: 'answered with a redirect, which Switchboard never follows' });
    expect(reachedTarget).toBe(0);
  });

  it('refuses a redirect however the fetch it wraps reports failures (their causes kept)', async () => {
    answer = { status: 307, location: targetUrl };
    await expect(refusingRedirects(markingNetworkFailures(fetch))(`${redirectorUrl}/v1/messages`)).rejects.toBeInstanceOf(UpstreamRedirectError);
    expect(reachedTarget).toBe(0);
  });

  it('has fetch refuse redirects itself, the one mode in which undici does not copy (and tee) every request body', async () => {
    const modes: RequestInit['redirect'][] = [];
    const spy: typeof fetch = (input, init) => {
      modes.push(init?.redirect);
      return fetch(input, init);
    };
    answer = { status: 200 };
    await refusingRedirects(spy)(redirectorUrl, { method: 'POST', body: '{}', redirect: 'follow' });
    expect(modes).toEqual(['error']);
  });

  it('names the status and the origin of a 3xx that fetch passes on, and says so when it names none', async () => {
    answer = { status: 300, location: '/elsewhere' };
    await expect(refusingRedirects(fetch)(`${redirectorUrl}/v1/messages`)).rejects.toMatchObject({ status: 300, target: redirectorUrl });
    answer = { status: 300 };
    await expect(refusingRedirects(fetch)(`${redirectorUrl}/v1/messages`)).rejects.toThrow(/^answered HTTP 300, a redirect, which/);
  });

  it('passes every other answer on untouched', async () => {
    answer = { status: 200 };
    const response = await refusingRedirects(fetch)(redirectorUrl);
    expect([response.status, await response.text()]).toEqual([200, 'moved']);
  });
});
