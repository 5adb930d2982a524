import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLogging, createLogger, logFormatFromEnv, resolveLogFormat } from './log.js';

const ROOT = resolve(import.meta.dirname, '..');

/** A destination that keeps what is written; `isTTY` makes it look like a terminal. */
function capture(isTTY = false): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  if (isTTY) Object.assign(stream, { isTTY: true });
  return { stream, text: () => text };
}

describe('the log', () => {
  afterEach(() => configureLogging({ level: 'silent' }));

  it('is pretty on a terminal and JSON elsewhere, unless a format is asked for', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');

    const terminal = capture(true);
    configureLogging({ level: 'info', format: 'auto', destination: terminal.stream });
    createLogger('accounts').info({ accounts: 2 }, 'accounts reloaded');
    expect(terminal.text()).toMatch(/^\S+ \S*INFO \S* accounts: accounts reloaded accounts=2\n$/);

    const pipe = capture();
    configureLogging({ level: 'info', format: 'auto', destination: pipe.stream });
    createLogger('accounts').info({ accounts: 2 }, 'accounts reloaded');
    expect(JSON.parse(pipe.text())).toMatchObject({ level: 30, scope: 'accounts', accounts: 2, msg: 'accounts reloaded' });
  });

  it('keeps secrets out of the pretty lines too', () => {
    const terminal = capture(true);
    configureLogging({ level: 'info', format: 'pretty', destination: terminal.stream });
    createLogger('oauth').info({ access_token: 'sk-ant-oat01-secret', headers: { authorization: 'Bearer sk-sb-secret' } }, 'token refreshed');
    expect(terminal.text()).not.toContain('secret');
    expect(terminal.text()).toContain('[redacted]');
  });

  it('bounds every text a record holds, so no request can write megabytes to the log', () => {
    const pipe = capture();
    configureLogging({ level: 'info', format: 'json', destination: pipe.stream });
    const huge = 'x'.repeat(5_000_000);
    const error = Object.assign(new SyntaxError(`Unexpected token in ${huge}`), { body: huge, type: 'entity.parse.failed' });
    const log = createLogger('http');
    log.warn({ path: `/v1/${huge}`, nested: { model: huge, list: Array.from({ length: 1000 }, () => huge) }, err: error, raw: Buffer.alloc(1_000_000) }, `warning about ${huge}`);
    log.info(huge);
    const lines = pipe.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(150_000);
    const record = JSON.parse(lines[0] ?? '') as { err: { type: string; message: string; body: string }; raw: string; msg: string };
    expect(record.err.type).toBe('SyntaxError');
    expect(record.err.message).toMatch(/^Unexpected token in x+… \([\d,]+ more characters\)$/);
    expect(record.raw).toBe('[1000000 bytes]');
    expect(record.msg).toMatch(/^warning about x+…/);
  });

  it('takes SWITCHBOARD_LOG_FORMAT only when it names a format', () => {
    expect(logFormatFromEnv(undefined)).toBeUndefined();
    expect(logFormatFromEnv('json')).toBe('json');
    expect(() => logFormatFromEnv('yaml')).toThrow('SWITCHBOARD_LOG_FORMAT is "yaml": use one of auto, pretty, json');
  });

  it('writes to stderr before anyone configured it, so a command’s stdout stays its own', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { createLogger } = await import('./proxy/log.ts'); createLogger('test').info('hello from the log');"], {
      cwd: ROOT,
      env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'info', SWITCHBOARD_LOG_FORMAT: '' },
      encoding: 'utf8',
    });
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain('hello from the log');
  });
});
