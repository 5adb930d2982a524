import { describe, expect, it } from 'vitest';
import { accountPlan } from './account-plan.js';

describe('accountPlan', () => {
  it("names a key's account by its credential kind and cost basis, a login's by the plan its file names", () => {
    expect(accountPlan({}, ['api-key'], 'billed')).toBe('API key, billed');
    expect(accountPlan({ plan: 'max' }, ['oauth'], 'subscription')).toBe('max');
    // A subscription login that did not report its plan: nothing says what it is.
    expect(accountPlan({ plan: null }, ['oauth'], 'subscription')).toBeNull();
    // A provider with two kinds of credential cannot tell one file's from its id.
    expect(accountPlan({}, ['oauth', 'api-key'], null)).toBeNull();
  });
});
