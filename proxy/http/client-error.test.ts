import { describe, expect, it } from 'vitest';
import { clientErrorOf } from './client-error.js';

const timeouts = { headersMs: 30_000, requestMs: 300_000 };
const parserError = (code: string, reason: string) => Object.assign(new Error(`Parse Error: ${reason}`), { code, reason });

describe('clientErrorOf', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'headers_too_large', "the request's headers are larger than 16 KB"],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'request_too_large', 'the request body has chunk extensions larger than allowed'],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 400, 'malformed_request', 'malformed HTTP request: Duplicate Content-Length'],
  ])('answers %s with %i', (code, status, errorCode, message) => {
    const error = clientErrorOf(parserError(code, code === 'HPE_UNEXPECTED_CONTENT_LENGTH' ? 'Duplicate Content-Length' : 'x'), timeouts, 16 * 1024);
    expect({ status: error.status, code: error.options.code, message: error.message }).toEqual({ status, code: errorCode, message });
  });

  it('names both timeouts and their config keys for a request that did not arrive in time', () => {
    const error = clientErrorOf(Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), timeouts, 16 * 1024);
    expect(error.status).toBe(408);
    expect(error.message).toBe('the request did not arrive in time: its headers must arrive within 30s and the whole request within 300s (config "timeouts.headers", "timeouts.request")');
  });

  it('repeats a bounded reason, whatever an error carries', () => {
    expect(clientErrorOf(parserError('HPE_INVALID_METHOD', 'x'.repeat(10_000)), timeouts, 16 * 1024).message).toHaveLength('malformed HTTP request: '.length + 120);
  });
});
