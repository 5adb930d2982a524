import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountsSnapshot, AccountState } from './fuzz-stack.js';
import { accountChanges, inTrouble, routeFor } from './fuzz-case.js';
import { JsonMembers, jsonText, RawJson, setMember } from './json-text.js';
import { mutated, mutation } from './mutate.js';

const ready: AccountState = { id: 'anthropic-a@example.com', status: 'ready', cooldownUntil: null, needsLogin: null, errors: 0, lastError: null };
const snapshot = (account: Partial<AccountState> = {}, files: Record<string, string> = { 'anthropic-a@example.com.json': 'hash' }): AccountsSnapshot => ({
  accounts: [{ ...ready, ...account }],
  files,
});

describe('the account check', () => {
  it('sees every trouble a request may not cause', () => {
    expect(accountChanges(snapshot(), snapshot())).toEqual([]);
    expect(accountChanges(snapshot(), snapshot({ status: 'cooling', cooldownUntil: '2030-01-01T00:00:00.000Z' }))).toHaveLength(2);
    expect(accountChanges(snapshot(), snapshot({ needsLogin: 'refresh refused' }))).toEqual([expect.stringMatching(/needsLogin went from null/)]);
    expect(accountChanges(snapshot(), snapshot({ errors: 1, lastError: 'Anthropic refused the request itself' }))).toHaveLength(2);
    expect(accountChanges(snapshot(), snapshot({}, { 'anthropic-a@example.com.json': 'other' }))).toEqual(['the account file anthropic-a@example.com.json changed']);
    expect(accountChanges(snapshot(), { accounts: [], files: {} })).toHaveLength(2);
  });

  it('lets a success end a cooldown, as the pool does by design', () => {
    expect(accountChanges(snapshot({ status: 'cooling', cooldownUntil: '2030-01-01T00:00:00.000Z' }), snapshot())).toEqual([]);
    expect(inTrouble(snapshot({ status: 'cooling', cooldownUntil: '2030-01-01T00:00:00.000Z' }))).toBe(true);
    expect(inTrouble(snapshot())).toBe(false);
  });
});

describe('routeFor', () => {
  it('finds the endpoint the way Express routes: any case, a trailing slash, HEAD by GET', () => {
    expect(routeFor('POST', '/V1/MESSAGES/?beta=true')?.path).toBe('/v1/messages');
    expect(routeFor('HEAD', '/admin/keys')?.method).toBe('GET');
    expect(routeFor('DELETE', '/admin/accounts/anthropic-a%40example.com')?.path).toBe('/admin/accounts/:param');
  });

  it('finds none for another method, a doubled slash or a path under a parameter', () => {
    expect(routeFor('GET', '/v1/messages')).toBeNull();
    expect(routeFor('GET', '//admin/keys')).toBeNull();
    expect(routeFor('PATCH', '/admin/accounts/a/b')).toBeNull();
  });
});

describe('JSON text and mutations', () => {
  it('writes raw fragments, repeated keys and __proto__ as members', () => {
    const value: Record<string, unknown> = { deep: new RawJson('[[1e400]]') };
    setMember(value, '__proto__', { polluted: true });
    expect(jsonText(value)).toBe('{"deep":[[1e400]],"__proto__":{"polluted":true}}');
    expect(jsonText(new JsonMembers([['a', 1], ['a', 2]]))).toBe('{"a":1,"a":2}');
    // JSON.parse makes `__proto__` an own member, as the server's body parser does.
    expect(Object.getOwnPropertyDescriptor(JSON.parse(jsonText(value)), '__proto__')?.value).toEqual({ polluted: true });
  });

  it('leaves the original body and shared values alone, and never makes a cycle', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(mutation, { maxLength: 6 }), (body, changes) => {
        const before = JSON.stringify(body);
        const after = mutated(body, changes);
        expect(JSON.stringify(body)).toBe(before);
        expect(() => jsonText(after)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

});
