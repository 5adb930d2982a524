/**
 * An error to show the client, in words, with an HTTP status. Rendered in the caller's own wire format:
 * Anthropic's error JSON on /v1/messages*, OpenAI's everywhere else (see error-shape.ts).
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'api_error'
  | 'overloaded'
  | 'timeout'
  | 'unavailable';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
    readonly options: {
      param?: string;
      code?: string;
      retryAfterSeconds?: number;
      /**
       * What names the owner's accounts (ids, e-mails), added to the message for admin callers only: a managed
       * client key sees the message alone (see security/account-visibility.ts). Usage events keep both.
       */
      accountDetail?: string;
      /** The whole text for the owner's eyes, when it is not the message with the account detail after it. */
      ownerMessage?: string;
      /** Retrying the same request cannot succeed (a spent budget, a model the key may not use): says so to clients. */
      final?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message with the accounts it concerns named, for the owner's eyes: admin callers, the log, the usage ledger. */
export function ownerMessage(error: ApiError): string {
  if (error.options.ownerMessage) return error.options.ownerMessage;
  return error.options.accountDetail ? `${error.message} — ${error.options.accountDetail}` : error.message;
}

export const badRequest = (message: string, param?: string): ApiError => new ApiError(400, 'invalid_request', message, { param });
