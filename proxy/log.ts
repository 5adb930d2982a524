import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { boundText, MAX_LOGGED_TEXT_LENGTH } from './bounded-text.js';
import { boundLogValue } from './log-bounds.js';
import { formatLogLine } from './log-pretty.js';

export interface Logger {
  debug(data: object | string, message?: string): void;
  info(data: object | string, message?: string): void;
  warn(data: object | string, message?: string): void;
  error(data: object | string, message?: string): void;
}

const children = new Map<string, PinoLogger>();

/** Paths that can hold a secret: pino replaces their values before anything is written. */
const SECRET_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  '*.authorization',
  '*["x-api-key"]',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'key',
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  'code_verifier',
  'code',
];

/** How log records are written: "pretty" lines for people, "json" (one object per line) for machines. */
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormatChoice = (typeof LOG_FORMATS)[number];

/** "auto": pretty when the log goes to a terminal, JSON when it goes to a file, a pipe or a log collector. */
export function resolveLogFormat(choice: LogFormatChoice, toTerminal: boolean): 'pretty' | 'json' {
  return choice === 'auto' ? (toTerminal ? 'pretty' : 'json') : choice;
}

/** SWITCHBOARD_LOG_FORMAT when it names a format; undefined when unset. Throws for anything else. */
export function logFormatFromEnv(value = process.env.SWITCHBOARD_LOG_FORMAT): LogFormatChoice | undefined {
  if (value === undefined || value === '') return undefined;
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormatChoice;
  throw new Error(`SWITCHBOARD_LOG_FORMAT is "${value}": use one of ${LOG_FORMATS.join(', ')}`);
}

export interface LoggingOptions {
  debug?: boolean;
  level?: string;
  /** Default: SWITCHBOARD_LOG_FORMAT, else "auto". */
  format?: LogFormatChoice;
  /** Default: stderr, so stdout stays for the output of commands. */
  destination?: NodeJS.WritableStream;
}

function createRoot(options: LoggingOptions): PinoLogger {
  const level = options.level ?? (options.debug ? 'debug' : (process.env.SWITCHBOARD_LOG_LEVEL ?? 'info'));
  const out = options.destination ?? process.stderr;
  const toTerminal = (out as { isTTY?: boolean }).isTTY === true;
  let choice: LogFormatChoice;
  try {
    choice = options.format ?? logFormatFromEnv() ?? 'auto';
  } catch {
    choice = 'auto'; // the CLI reports a bad SWITCHBOARD_LOG_FORMAT; a library import must not throw for it
  }
  const destination: DestinationStream =
    resolveLogFormat(choice, toTerminal) === 'pretty'
      ? { write: (line: string) => void out.write(formatLogLine(line, { colors: toTerminal && !process.env.NO_COLOR })) }
      : (options.destination ?? pino.destination({ fd: 2, sync: false }));
  return pino({ level, redact: { paths: SECRET_PATHS, censor: '[redacted]' } }, destination);
}

let root: PinoLogger = createRoot({});

/** Sets the process-wide log level, format and destination; loggers made by createLogger follow at once. */
export function configureLogging(options: LoggingOptions): void {
  children.clear();
  root = createRoot(options);
}

/** A logger for one part of the code, e.g. createLogger('providers/anthropic'). */
export function createLogger(scope: string): Logger {
  const current = (): PinoLogger => {
    let child = children.get(scope);
    if (!child) {
      child = root.child({ scope });
      children.set(scope, child);
    }
    return child;
  };
  return {
    debug: (data, message) => write(current(), 'debug', data, message),
    info: (data, message) => write(current(), 'info', data, message),
    warn: (data, message) => write(current(), 'warn', data, message),
    error: (data, message) => write(current(), 'error', data, message),
  };
}

/** Every record's texts are bounded (log-bounds.ts) before pino redacts and writes it. */
function write(logger: PinoLogger, level: 'debug' | 'info' | 'warn' | 'error', data: object | string, message?: string): void {
  if (!logger.isLevelEnabled(level)) return;
  if (typeof data === 'string') logger[level](boundText(data, MAX_LOGGED_TEXT_LENGTH));
  else logger[level](boundLogValue(data) as object, message === undefined ? undefined : boundText(message, MAX_LOGGED_TEXT_LENGTH));
}
