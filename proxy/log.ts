import { pino, type Logger as PinoLogger } from 'pino';

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

let root: PinoLogger = pino({ level: process.env.SWITCHBOARD_LOG_LEVEL ?? 'info', redact: { paths: SECRET_PATHS, censor: '[redacted]' } });

/** Sets the process-wide log level and destination (stderr by default, so stdout stays for command output). */
export function configureLogging(options: { debug?: boolean; level?: string; destination?: NodeJS.WritableStream }): void {
  const level = options.level ?? (options.debug ? 'debug' : (process.env.SWITCHBOARD_LOG_LEVEL ?? 'info'));
  children.clear();
  root = pino(
    { level, redact: { paths: SECRET_PATHS, censor: '[redacted]' } },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
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

function write(logger: PinoLogger, level: 'debug' | 'info' | 'warn' | 'error', data: object | string, message?: string): void {
  if (typeof data === 'string') logger[level](data);
  else logger[level](data, message);
}
