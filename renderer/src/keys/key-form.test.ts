import { describe, expect, it } from 'vitest';
import { checkKeyForm, EMPTY_DRAFT } from './key-form';

const today = new Date(2026, 10, 23).getTime();

describe('checkKeyForm', () => {
  it('turns empty fields into no limit', () => {
    expect(checkKeyForm(EMPTY_DRAFT, today, 'laptop')).toEqual({
      ok: true,
      limits: { owner: null, role: 'client', expiresAt: null, allowedModels: null, monthlyTokenBudget: null, monthlyCostBudgetUsd: null, rpmLimit: null, concurrencyLimit: null, pinnedTarget: null, pinnedAccount: null },
    });
  });

  it('parses numbers, model lists and the expiry day', () => {
    const check = checkKeyForm({ ...EMPTY_DRAFT, rpmLimit: '30', monthlyCostBudgetUsd: '12.5', allowedModels: 'haiku, sonnet ,', expiresAt: '2026-11-23' }, today);
    expect(check).toMatchObject({ ok: true, limits: { rpmLimit: 30, monthlyCostBudgetUsd: 12.5, allowedModels: ['haiku', 'sonnet'], expiresAt: new Date(2026, 10, 23, 23, 59, 59).getTime() } });
  });

  it('pins a key to a target or an account, never both', () => {
    expect(checkKeyForm({ ...EMPTY_DRAFT, pinnedTarget: ' claude ' }, today)).toMatchObject({ ok: true, limits: { pinnedTarget: 'claude', pinnedAccount: null } });
    const both = checkKeyForm({ ...EMPTY_DRAFT, pinnedTarget: 'claude', pinnedAccount: 'work@example.com' }, today);
    expect(both).toMatchObject({ ok: false, problems: [{ field: 'pinnedAccount', message: expect.stringMatching(/^Only account cannot be set with Only target/) }] });
  });

  it('names every field at fault at once, in words', () => {
    const check = checkKeyForm(
      { ...EMPTY_DRAFT, rpmLimit: 'lots', concurrencyLimit: '1.5', monthlyTokenBudget: '0', monthlyCostBudgetUsd: '-2', expiresAt: '2026-11-22' },
      today,
      '  ',
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((problem) => problem.field)).toEqual(['label', 'monthlyTokenBudget', 'monthlyCostBudgetUsd', 'rpmLimit', 'concurrencyLimit', 'expiresAt']);
    expect(check.problems.map((problem) => problem.message)).toContain('Requests per minute must be a whole number of 1 or more (or empty for no limit).');
    expect(check.problems.find((problem) => problem.field === 'expiresAt')?.message).toMatch(/^Expires on is in the past/);
  });

  it('asks for a label only where one is given (a new key), not when limits are edited', () => {
    expect(checkKeyForm(EMPTY_DRAFT, today).ok).toBe(true);
    expect(checkKeyForm(EMPTY_DRAFT, today, '')).toMatchObject({ ok: false, problems: [{ field: 'label' }] });
  });
});
