/**
 * The log for a person at a terminal: one short line per record instead of pino's JSON, e.g.
 *
 *   14:05:03 INFO  POST /v1/messages 200 in 1234 ms · claude-sonnet-4-6 · anthropic-me@example.com · 3f2a9c…
 *   14:05:09 WARN  accounts/watcher: cannot watch auth-dir dir=/home/me/auth problem="EMFILE"
 *
 * It formats what pino already wrote (after redaction), so no secret can reach it that the JSON log would not hold.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields shown in their own places, or that a person at a terminal does not need on every line. */
const OWN_PLACES = new Set(['level', 'time', 'pid', 'hostname', 'scope', 'msg', 'err']);

const ANSI = { dim: 2, red: 31, green: 32, yellow: 33, cyan: 36, gray: 90 } as const;
type Color = keyof typeof ANSI;

const LEVEL_COLORS: Record<string, Color> = { TRACE: 'gray', DEBUG: 'gray', INFO: 'green', WARN: 'yellow', ERROR: 'red', FATAL: 'red' };

export interface PrettyOptions {
  /** ANSI colours (a terminal that has not asked for NO_COLOR). */
  colors: boolean;
}

/** One JSON log record (as pino writes it) as a line for people; anything that is not a record passes unchanged. */
export function formatLogLine(json: string, options: PrettyOptions): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return json;
    record = parsed as Record<string, unknown>;
  } catch {
    return json;
  }
  const paint = (color: Color, text: string) => (options.colors ? `\u001b[${ANSI[color]}m${text}\u001b[0m` : text);
  const level = LEVELS[Number(record.level)] ?? 'LOG';
  const head = `${paint('dim', clock(record.time))} ${paint(LEVEL_COLORS[level] ?? 'gray', level.padEnd(5))}`;
  const body = isRequestRecord(record) ? requestLine(record, paint) : eventLine(record).replace(/\n/g, '\n    ');
  const stack = errorStack(record.err);
  return `${head} ${body}\n${stack ? `${stack.replace(/^/gm, '    ')}\n` : ''}`;
}

/** The one line proxy/http/request-log.ts writes per request. */
function isRequestRecord(record: Record<string, unknown>): boolean {
  return record.scope === 'http' && record.msg === 'request' && typeof record.method === 'string' && typeof record.status === 'number';
}

function requestLine(record: Record<string, unknown>, paint: (color: Color, text: string) => string): string {
  const status = Number(record.status);
  const statusColor: Color = status >= 500 ? 'red' : status >= 400 ? 'yellow' : status >= 300 ? 'cyan' : 'green';
  const parts = [`${String(record.method)} ${String(record.path)} ${paint(statusColor, String(status))} in ${String(record.ms)} ms`];
  if (record.completed === false) parts[0] += ' (the client went away)';
  const model = typeof record.model === 'string' ? record.model : null;
  const served = typeof record.served === 'string' && record.served !== model ? record.served : null;
  if (model || served) parts.push(served ? `${model ?? '?'} → ${served}` : (model ?? ''));
  for (const field of ['key', 'account', 'requestId']) if (record[field] !== undefined && record[field] !== null) parts.push(String(record[field]));
  return parts.join(' · ');
}

function eventLine(record: Record<string, unknown>): string {
  const scope = typeof record.scope === 'string' ? `${record.scope}: ` : '';
  const message = typeof record.msg === 'string' ? record.msg : '';
  const fields = Object.entries(record)
    .filter(([name, value]) => !OWN_PLACES.has(name) && value !== undefined)
    .map(([name, value]) => `${name}=${fieldValue(value)}`);
  const error = errorMessage(record.err);
  if (error) fields.unshift(`error=${fieldValue(error)}`);
  return [`${scope}${message}`, ...fields].join(' ');
}

function fieldValue(value: unknown): string {
  // A text of several lines (a config file's problems, say) is read as lines, under the record's line.
  if (typeof value === 'string' && value.includes('\n')) return `"${value.trimEnd()}"`;
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function errorMessage(err: unknown): string | null {
  return typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : null;
}

/** The stack of a logged error without its first line (the message, already on the line above). */
function errorStack(err: unknown): string | null {
  const stack = typeof err === 'object' && err !== null ? (err as { stack?: unknown }).stack : undefined;
  if (typeof stack !== 'string') return null;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.map((line) => line.trim()).join('\n') : null;
}

/** "14:05:03", local time, from pino's epoch milliseconds. */
function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
