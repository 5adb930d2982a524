import { describe, expect, it } from 'vitest';
import { formatLogLine } from './log-pretty.js';

const at = new Date(2026, 10, 23, 14, 5, 3).getTime();
const record = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: at, pid: 7, hostname: 'box', ...fields });

describe('formatLogLine', () => {
  it('writes a request as one short line: method, path, status, duration, model, account, id', () => {
    const line = formatLogLine(
      record({ scope: 'http', msg: 'request', requestId: 'req_sb_1', method: 'POST', path: '/v1/messages', status: 200, completed: true, ms: 812, model: 'claude-sonnet-4-6', account: 'anthropic-me@example.com' }),
      { colors: false },
    );
    expect(line).toBe('14:05:03 INFO  POST /v1/messages 200 in 812 ms · claude-sonnet-4-6 · anthropic-me@example.com · req_sb_1\n');
  });

  it('names the model served when it differs from the name asked for, and the key', () => {
    const line = formatLogLine(
      record({ scope: 'http', msg: 'request', requestId: 'req_sb_3', method: 'POST', path: '/v1/messages', status: 429, completed: true, ms: 1, model: 'opus', served: 'claude-opus-5-5', key: 'key_1a2b' }),
      { colors: false },
    );
    expect(line).toBe('14:05:03 INFO  POST /v1/messages 429 in 1 ms · opus → claude-opus-5-5 · key_1a2b · req_sb_3\n');
  });

  it('writes a text of several lines as lines, indented under its record', () => {
    const line = formatLogLine(record({ level: 40, scope: 'config', msg: 'config.yaml is not valid', problem: '/c/config.yaml:\n  - prot: unknown key' }), { colors: false });
    expect(line).toBe('14:05:03 WARN  config: config.yaml is not valid problem="/c/config.yaml:\n      - prot: unknown key"\n');
  });

  it('says when the client went away, and leaves out what a request did not have', () => {
    const line = formatLogLine(record({ scope: 'http', msg: 'request', requestId: 'req_sb_2', method: 'GET', path: '/health', status: 200, completed: false, ms: 3 }), { colors: false });
    expect(line).toBe('14:05:03 INFO  GET /health 200 in 3 ms (the client went away) · req_sb_2\n');
  });

  it('writes other records as scope, message and their fields', () => {
    const line = formatLogLine(record({ level: 40, scope: 'accounts/watcher', msg: 'cannot watch auth-dir', dir: '/home/me/auth', problem: 'EMFILE: too many open files', count: 2, flags: { a: 1 } }), { colors: false });
    expect(line).toBe('14:05:03 WARN  accounts/watcher: cannot watch auth-dir dir=/home/me/auth problem="EMFILE: too many open files" count=2 flags={"a":1}\n');
  });

  it('puts an error message on the line and its stack below it', () => {
    const err = { type: 'Error', message: 'disk full', stack: 'Error: disk full\n    at write (ledger.ts:10:5)\n    at record (ledger.ts:20:3)' };
    const line = formatLogLine(record({ level: 50, scope: 'usage', msg: 'recording failed', err }), { colors: false });
    expect(line).toBe('14:05:03 ERROR usage: recording failed error="disk full"\n    at write (ledger.ts:10:5)\n    at record (ledger.ts:20:3)\n');
  });

  it('colours the level and the status on a terminal', () => {
    const line = formatLogLine(record({ scope: 'http', msg: 'request', method: 'POST', path: '/v1/messages', status: 529, ms: 5 }), { colors: true });
    expect(line).toContain('\u001b[32mINFO \u001b[0m');
    expect(line).toContain('\u001b[31m529\u001b[0m');
  });

  it('passes through what is not a JSON record', () => {
    expect(formatLogLine('not json\n', { colors: false })).toBe('not json\n');
    expect(formatLogLine('[1,2]', { colors: false })).toBe('[1,2]');
  });
});
