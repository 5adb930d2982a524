import type { AccountFile } from '../accounts/account-file.js';
import type { CostBasis } from '../usage/types.js';
import type { CredentialKind } from './catalog.js';

/** What an account whose file names no plan is, by how it authenticates: a key has no plan, it is the plan. */
const PLAN_OF_CREDENTIAL: Readonly<Record<CredentialKind, string | null>> = { oauth: null, 'api-key': 'API key' };

/**
 * An account's plan in words, for the admin API, the dashboard and `switchboard accounts`: the plan its file
 * names ("max"), else what its provider's credential kind says it is ("API key"); with ", billed" when its
 * target's requests are billed. Null when nothing says (a subscription login that did not report its plan).
 */
export function accountPlan(data: Pick<AccountFile, 'plan'>, credentialKinds: readonly CredentialKind[], costBasis: CostBasis | null): string | null {
  // A provider with more than one kind of credential cannot tell from its id which one a file holds.
  const kind = credentialKinds.length === 1 ? credentialKinds[0] : undefined;
  const plan = data.plan || (kind ? PLAN_OF_CREDENTIAL[kind] : null);
  if (!plan) return null;
  return costBasis === 'billed' ? `${plan}, billed` : plan;
}
