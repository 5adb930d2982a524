import { describe, expect, it } from 'vitest';
import { partOf, stepOf, summarize, summarizeSteps } from './profile-summary.js';

describe('profile summary', () => {
  it('names a frame by its library or by the folder of Switchboard it is in', () => {
    expect(partOf('file:///app/node_modules/@pinojs/redact/index.js')).toBe('@pinojs/redact');
    expect(partOf('file:///app/node_modules/router/lib/layer.js')).toBe('router');
    expect(partOf('node:internal/deps/undici/undici')).toBe('undici');
    expect(partOf('file:///app/dist/proxy/providers/anthropic/claude-code-profile.js')).toBe('proxy/providers');
    expect(partOf('file:///app/dist/proxy/log.js')).toBe('proxy');
    expect(partOf('node:_http_server')).toBeNull();
  });

  it("gives a sample's time to the nearest named frame above it, leaves idle out, and names the rest by their own frame", () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 5, 6]),
        frame(2, 'record', 'file:///app/dist/proxy/usage/usage-ledger.js', [3]),
        frame(3, 'run', 'file:///app/node_modules/better-sqlite3/lib/index.js', [4]),
        frame(4, 'step', ''),
        frame(5, 'writev', ''),
        frame(6, '(idle)', ''),
      ],
      samples: [4, 4, 2, 5, 6],
      timeDeltas: [10, 10, 20, 20, 1000],
    };
    expect(summarize(profile)).toEqual([
      { part: 'better-sqlite3', share: 1 / 3 },
      { part: 'proxy/usage', share: 1 / 3 },
      { part: 'node: writev', share: 1 / 3 },
    ]);
  });

  it('gives a sample to the step of a request that the nearest frame naming one belongs to', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url });
    const sqlite = frame('run', 'file:///app/node_modules/better-sqlite3/lib/methods/wrappers.js');
    expect(stepOf([frame('step'), sqlite, frame('flush', 'file:///app/dist/proxy/usage/usage-queue.js')])).toMatch(/^usage ledger/);
    expect(stepOf([frame('step'), sqlite, frame('findBySecret', 'file:///app/dist/proxy/usage/key-store.js'), frame('flush', 'file:///app/dist/proxy/usage/usage-queue.js')])).toMatch(/^key check/);
    expect(stepOf([frame('writev'), frame('relayStream', 'file:///app/dist/proxy/http/relay.js')])).toMatch(/^socket writes/);
    expect(stepOf([frame('feed', 'file:///app/node_modules/eventsource-parser/dist/index.js'), frame('relayStream', 'file:///app/dist/proxy/http/relay.js')])).toMatch(/^stream/);
    // A protocol's reader counts for whoever asked: the passthrough watch here, not the route.
    expect(stepOf([frame('readEventFrame', 'file:///app/dist/proxy/protocols/anthropic-messages/anthropic-stream-to-ir.js'), frame('readStreamEvent', 'file:///app/dist/proxy/protocols/anthropic-messages/passthrough-watch.js')])).toMatch(/^stream/);
    expect(stepOf([frame('parserOnHeadersComplete', 'node:_http_common')])).toBeNull();
  });

  it('sums the steps, with the garbage collector and what no step names on their own', () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 4, 5]),
        frame(2, 'flush', 'file:///app/dist/proxy/usage/usage-queue.js', [3]),
        frame(3, 'run', 'file:///app/node_modules/better-sqlite3/lib/index.js'),
        frame(4, '(garbage collector)', ''),
        frame(5, 'parserOnHeadersComplete', 'node:_http_common'),
      ],
      samples: [3, 4, 5, 5],
      timeDeltas: [10, 10, 10, 10],
    };
    expect(summarizeSteps(profile)).toEqual([
      { part: 'Node: HTTP parsing, event loop, other', share: 0.5 },
      { part: 'usage ledger: journal line, SQLite rows, price', share: 0.25 },
      { part: 'garbage collector', share: 0.25 },
    ]);
  });
});
