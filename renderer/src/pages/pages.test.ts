import { describe, expect, it } from 'vitest';
import { limitsOf } from './keys-page';

describe('limitsOf', () => {
  const base = { owner: '', role: 'client' as const, expiresAt: '', allowedModels: '', monthlyTokenBudget: '', monthlyCostBudgetUsd: '', rpmLimit: '', concurrencyLimit: '' };
  it('turns empty fields into no limit', () => {
    expect(limitsOf(base)).toEqual({ owner: null, role: 'client', expiresAt: null, allowedModels: null, monthlyTokenBudget: null, monthlyCostBudgetUsd: null, rpmLimit: null, concurrencyLimit: null });
  });
  it('parses numbers and model lists', () => {
    const limits = limitsOf({ ...base, rpmLimit: '30', monthlyCostBudgetUsd: '12.5', allowedModels: 'haiku, sonnet ,' });
    expect(limits.rpmLimit).toBe(30);
    expect(limits.monthlyCostBudgetUsd).toBe(12.5);
    expect(limits.allowedModels).toEqual(['haiku', 'sonnet']);
  });
  it('refuses what is not a number, in words', () => {
    expect(() => limitsOf({ ...base, rpmLimit: 'lots' })).toThrow('Requests per minute must be a whole number');
    expect(() => limitsOf({ ...base, concurrencyLimit: '1.5' })).toThrow('whole number');
  });
});
