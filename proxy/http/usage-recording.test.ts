import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageEvent } from '../usage/types.js';
import { recordUsage } from './usage-recording.js';

/** What the ledger saw of one request, and whether its answer had ended when the event was queued and committed. */
interface Written {
  event: UsageEvent;
  endedWhenQueued: boolean;
  answerEnded: boolean;
}

describe('recordUsage', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A server whose one route answers through `answer`; `written` fills as the sink records. */
  async function serve(answer: (res: Response) => void): Promise<{ url: string; written: Written[]; committedBeforeEndReturned: boolean[] }> {
    const written: Written[] = [];
    const committedBeforeEndReturned: boolean[] = [];
    let current: Response | undefined;
    const app = express();
    const ended = () => current?.writableEnded ?? false;
    const sink = {
      queue: (event: UsageEvent) => {
        const endedWhenQueued = ended();
        return () => void written.push({ event, endedWhenQueued, answerEnded: ended() });
      },
    };
    app.post('/v1/*path', recordUsage(sink), (_req, res) => {
      current = res;
      const before = written.length;
      answer(res);
      committedBeforeEndReturned.push(written.length > before);
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, written, committedBeforeEndReturned };
  }

  it('queues the event before the last byte and commits it right after: not before it, and not later than the end of the answer', async () => {
    const { url, written, committedBeforeEndReturned } = await serve((res) => res.status(200).json({ ok: true }));
    const response = await fetch(`${url}/v1/messages`, { method: 'POST' });
    expect(await response.text()).toBe('{"ok":true}');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ endedWhenQueued: false, answerEnded: true, event: { status: 200, outcome: 'ok', endpoint: '/v1/messages' } });
    expect(committedBeforeEndReturned).toEqual([true]);
  });

  it('writes one event for a streamed answer too, after its end', async () => {
    const { url, written } = await serve((res) => {
      res.status(200).setHeader('content-type', 'text/event-stream');
      res.write('data: 1\n\n');
      res.end('data: 2\n\n');
    });
    expect(await (await fetch(`${url}/v1/messages`, { method: 'POST' })).text()).toBe('data: 1\n\ndata: 2\n\n');
    expect(written.map((entry) => [entry.endedWhenQueued, entry.answerEnded])).toEqual([[false, true]]);
  });
});
