/** The key form as text fields, and its check: every field at fault is named at once, not the first one only. */
import type { KeyLimits, KeyRole, KeyView } from '../admin-api';
import { formatDate } from '../format';

/** The limits form as text fields (empty = no limit). */
export interface LimitsDraft {
  owner: string;
  role: KeyRole;
  expiresAt: string;
  allowedModels: string;
  monthlyTokenBudget: string;
  monthlyCostBudgetUsd: string;
  rpmLimit: string;
  concurrencyLimit: string;
  pinnedTarget: string;
  pinnedAccount: string;
}

export type KeyField = keyof LimitsDraft | 'label';

export interface FieldProblem {
  field: KeyField;
  /** A sentence that names the field, e.g. "Requests per minute must be a whole number of 1 or more …". */
  message: string;
}

export type FormCheck = { ok: true; limits: KeyLimits } | { ok: false; problems: FieldProblem[] };

export const EMPTY_DRAFT: LimitsDraft = { owner: '', role: 'client', expiresAt: '', allowedModels: '', monthlyTokenBudget: '', monthlyCostBudgetUsd: '', rpmLimit: '', concurrencyLimit: '', pinnedTarget: '', pinnedAccount: '' };

/** What the form's fields say about a key that exists, to edit. */
export function draftOf(key: KeyView): LimitsDraft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    owner: key.owner ?? '',
    role: key.role,
    expiresAt: formatDate(key.expiresAt),
    allowedModels: key.allowedModels?.join(', ') ?? '',
    monthlyTokenBudget: text(key.monthlyTokenBudget),
    monthlyCostBudgetUsd: text(key.monthlyCostBudgetUsd),
    rpmLimit: text(key.rpmLimit),
    concurrencyLimit: text(key.concurrencyLimit),
    pinnedTarget: key.pinnedTarget ?? '',
    pinnedAccount: key.pinnedAccount ?? '',
  };
}

/** The fields' names as the form shows them, for the messages. */
export const FIELD_LABELS: Record<KeyField, string> = {
  label: 'Label',
  owner: 'Owner',
  role: 'Role',
  expiresAt: 'Expires on',
  allowedModels: 'Allowed models',
  monthlyTokenBudget: 'Monthly tokens',
  monthlyCostBudgetUsd: 'Monthly cost (USD)',
  rpmLimit: 'Requests per minute',
  concurrencyLimit: 'Concurrent requests',
  pinnedTarget: 'Only target',
  pinnedAccount: 'Only account',
};

/**
 * Text fields → limits, or every problem of the form at once. The rules are the proxy's (a limit is a whole
 * number of 1 or more, a cost budget more than 0, an expiry date not in the past), so the form refuses what the
 * proxy would, before asking it. `label` is checked when given (a new key needs one; an edit keeps its own).
 * `today` is the local start of the day the form is filled in.
 */
export function checkKeyForm(draft: LimitsDraft, today: number, label?: string): FormCheck {
  const problems: FieldProblem[] = [];
  const refuse = (field: KeyField, why: string) => problems.push({ field, message: `${FIELD_LABELS[field]} ${why}` });

  if (label !== undefined && label.trim() === '') refuse('label', 'is missing: give the key a label, e.g. who or what will use it.');

  const limit = (field: 'monthlyTokenBudget' | 'rpmLimit' | 'concurrencyLimit' | 'monthlyCostBudgetUsd'): number | null => {
    const text = draft[field].trim();
    if (text === '') return null;
    const value = Number(text);
    const whole = field !== 'monthlyCostBudgetUsd';
    if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
      refuse(field, `must be ${whole ? 'a whole number of 1 or more' : 'an amount above 0'} (or empty for no limit).`);
      return null;
    }
    return value;
  };
  const monthlyTokenBudget = limit('monthlyTokenBudget');
  const monthlyCostBudgetUsd = limit('monthlyCostBudgetUsd');
  const rpmLimit = limit('rpmLimit');
  const concurrencyLimit = limit('concurrencyLimit');

  let expiresAt: number | null = null;
  if (draft.expiresAt.trim() !== '') {
    // The key works until the end of the chosen day, local time.
    const endOfDay = new Date(`${draft.expiresAt.trim()}T23:59:59`).getTime();
    if (!Number.isFinite(endOfDay)) refuse('expiresAt', 'is not a date.');
    else if (endOfDay < today) refuse('expiresAt', 'is in the past: choose today or a later day (or leave it empty for a key that never expires).');
    else expiresAt = endOfDay;
  }

  const pinnedTarget = draft.pinnedTarget.trim();
  const pinnedAccount = draft.pinnedAccount.trim();
  if (pinnedTarget !== '' && pinnedAccount !== '') refuse('pinnedAccount', 'cannot be set with Only target: pin the key to a target or to an account, not both.');

  if (problems.length > 0) return { ok: false, problems };
  const models = draft.allowedModels
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  return {
    ok: true,
    limits: {
      owner: draft.owner.trim() === '' ? null : draft.owner.trim(),
      role: draft.role,
      expiresAt,
      allowedModels: models.length === 0 ? null : models,
      monthlyTokenBudget,
      monthlyCostBudgetUsd,
      rpmLimit,
      concurrencyLimit,
      pinnedTarget: pinnedTarget === '' ? null : pinnedTarget,
      pinnedAccount: pinnedAccount === '' ? null : pinnedAccount,
    },
  };
}
