import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { absoluteTargetOf, toOriginForm } from './request-target.js';

const requestFor = (url: string) => ({ url, headers: {} }) as IncomingMessage;

describe('toOriginForm', () => {
  it.each([
    ['http://localhost:8317/v1/messages?beta=true', '/v1/messages?beta=true', { scheme: 'http', authority: 'localhost:8317' }],
    ['HTTPS://Example.COM', '/', { scheme: 'https', authority: 'Example.COM' }],
    ['http://localhost?x=1', '/?x=1', { scheme: 'http', authority: 'localhost' }],
    ['http://localhost:1@evil.example/health', '/health', { scheme: 'http', authority: 'localhost:1@evil.example' }],
    ['ftp://localhost/health', '/health', { scheme: 'ftp', authority: 'localhost' }],
  ])('rewrites %s to origin form and keeps its authority', (target, path, absolute) => {
    const req = toOriginForm(requestFor(target));
    expect(req.url).toBe(path);
    expect(absoluteTargetOf(req)).toEqual(absolute);
  });

  it.each(['/v1/messages', '//evil.example/v1/messages', '*', '/http://evil.example'])('leaves %s as it is', (target) => {
    const req = toOriginForm(requestFor(target));
    expect(req.url).toBe(target);
    expect(absoluteTargetOf(req)).toBeUndefined();
  });
});
